package io.fleetline.blobs;

import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.RangeRequest;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The object operations that Fleetline's embedded store and an external S3-compatible store (AWS S3, MinIO, Ceph RGW)
 * both offer: what jobs and OTA use to read documents, images and stream files wherever they live. A small S3 subset
 * on purpose; versions, multipart and copies are the embedded store's own business (its S3 API), or the operator's
 * on an external store.
 *
 * <p>Every implementation passes the same contract suite ({@code BlobStoreContract}). Errors are
 * {@link io.fleetline.core.error.FleetlineException}s with S3's codes, whatever the store says on the wire:
 * {@code NoSuchBucket} for a bucket that does not exist, {@code NoSuchKey} for a key without a current object,
 * {@code InvalidBucketName} and {@code KeyTooLongError} never reach a store (the value types refuse them),
 * {@code BucketNotEmpty}, {@code BucketAlreadyExists}, {@code InvalidRange}; a store that cannot be reached or fails is
 * {@code ServiceUnavailable}. A write is visible to every read that starts after it returned, whole or not at all.
 */
public interface BlobStore {
    /**
     * Makes sure the bucket exists and belongs to this store's account: creates it, or does nothing when the account
     * has it already. A name another account holds (on a shared external store) is {@code BucketAlreadyExists}.
     */
    void createBucket(BucketName bucket);

    /** Deletes an empty bucket: {@code NoSuchBucket} if there is none, {@code BucketNotEmpty} if it holds objects. */
    void deleteBucket(BucketName bucket);

    /** The account's buckets, by name. */
    List<BucketName> listBuckets();

    /**
     * Stores {@code body} ({@code length} bytes exactly, read to its end) as the object {@code key}, replacing the
     * current one (a new version where the bucket keeps versions). The content type is stored as given
     * ({@code binary/octet-stream} when empty), the metadata names in lower case. Answers what a head would answer.
     * The bytes are durable before this returns; a failure stores nothing.
     */
    BlobInfo put(BucketName bucket, ObjectKey key, InputStream body, long length, Optional<String> contentType,
                 Map<String, String> metadata);

    /**
     * Opens the current object {@code key}, all of it or the range asked for (resolved as S3 resolves a
     * {@code Range} header; unsatisfiable is {@code InvalidRange}). The caller closes the answer.
     */
    Blob get(BucketName bucket, ObjectKey key, Optional<RangeRequest> range);

    /** What the current object {@code key} is; empty when there is none (a missing bucket is still an error). */
    Optional<BlobInfo> head(BucketName bucket, ObjectKey key);

    /** Deletes the current object {@code key} (a delete marker where the bucket keeps versions); none is no error. */
    void delete(BucketName bucket, ObjectKey key);

    /**
     * One page of the current objects whose keys start with {@code prefix}, in key order (UTF-8 bytes), at most
     * {@code maxKeys} (1 to 1,000) entries, objects and common prefixes together. With a delimiter, keys holding it
     * after the prefix are rolled up into one common prefix each. {@code token} is a page's
     * {@link BlobPage#nextToken()} (empty: the first page); tokens are opaque and belong to the store that made them.
     */
    BlobPage list(BucketName bucket, String prefix, Optional<String> delimiter, Optional<String> token, int maxKeys);
}
