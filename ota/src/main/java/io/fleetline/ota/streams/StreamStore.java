package io.fleetline.ota.streams;

import java.util.function.Function;

/** Where streams are kept. Each call's work is one transaction, durable when it returns. */
public interface StreamStore {
    <T> T transact(Function<StreamTx, T> work);

    /** Read-only work; a store may run it beside writers. */
    default <T> T read(Function<StreamTx, T> work) {
        return transact(work);
    }
}
