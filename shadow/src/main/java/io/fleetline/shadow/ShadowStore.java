package io.fleetline.shadow;

import java.util.function.Function;

/** Where shadows are kept. Each call's work is one transaction, durable when it returns. */
public interface ShadowStore {
    <T> T transact(Function<ShadowTx, T> work);

    /** Read-only work; a store may run it beside writers. */
    default <T> T read(Function<ShadowTx, T> work) {
        return transact(work);
    }
}
