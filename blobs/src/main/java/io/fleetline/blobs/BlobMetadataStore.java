package io.fleetline.blobs;

import java.util.function.Function;

/**
 * Where the object store keeps what it knows of buckets, versions, uploads and parts: the account's database. Every
 * service call runs its reads and writes in one transaction, committed durably before the call returns; a version
 * exists for readers from that commit on, never before.
 */
public interface BlobMetadataStore {
    /**
     * Runs {@code work} in one transaction; commits when it returns, rolls back when it throws. A store may run
     * {@code work} again after a conflict with another transaction, so it must not act outside the transaction.
     * Two transactions that write the same key are serialised: one sees what the other committed.
     */
    <T> T transact(Function<BlobMetadataTx, T> work);

    /** Runs read-only {@code work} on a consistent snapshot; writing inside it is a bug. */
    default <T> T read(Function<BlobMetadataTx, T> work) {
        return transact(work);
    }
}
