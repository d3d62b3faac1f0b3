package io.fleetline.registry;

import java.util.function.Function;

/**
 * Where the registry keeps its state. Every service call runs its reads and writes in one
 * transaction, committed durably before the call returns.
 */
public interface RegistryStore {
    /** Runs {@code work} in one transaction; commits when it returns, rolls back when it throws. */
    <T> T transact(Function<RegistryTx, T> work);

    /**
     * Runs read-only {@code work}; a store may serve it from a reader that does not wait for writers.
     * Writing inside it is a bug.
     */
    default <T> T read(Function<RegistryTx, T> work) {
        return transact(work);
    }
}
