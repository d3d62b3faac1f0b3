package io.fleetline.ota.signing;

import java.util.function.Function;

/**
 * Where code signing keeps its certificates (with their sealed keys), profiles and jobs: the account's database. Each
 * call runs in one transaction, committed durably before it returns; a store may run {@code work} again after a
 * conflict, so it must not act outside the transaction.
 */
public interface SigningStore {
    <T> T transact(Function<SigningTx, T> work);

    /** Runs read-only {@code work} on a consistent snapshot. */
    default <T> T read(Function<SigningTx, T> work) {
        return transact(work);
    }
}
