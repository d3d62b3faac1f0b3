package io.fleetline.security;

import java.util.function.Function;

/** Where certificates, policies and their attachments are kept; each call is one durable transaction. */
public interface SecurityStore {
    <T> T transact(Function<SecurityTx, T> work);

    /** Read-only work; writing inside it is a bug. */
    default <T> T read(Function<SecurityTx, T> work) {
        return transact(work);
    }
}
