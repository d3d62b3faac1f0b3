package io.fleetline.blobs;

import io.fleetline.blobs.bucket.Bucket;
import io.fleetline.blobs.bucket.BucketEncryption;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.content.ContentId;
import io.fleetline.blobs.multipart.MultipartUpload;
import io.fleetline.blobs.multipart.Part;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.VersionId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The object store's reads and writes inside one transaction. Keys compare as S3 compares them, by their UTF-8
 * bytes (unsigned); listing bounds are such byte strings (see {@link KeyBounds}), inclusive at the start and exclusive
 * at the end, and need not be valid UTF-8. A store validates nothing: the services do.
 */
public interface BlobMetadataTx {
    Optional<Bucket> findBucket(BucketName name);

    void insertBucket(Bucket bucket);

    /** Stores the bucket's versioning (the only thing about a {@link Bucket} that changes). */
    void updateBucket(Bucket bucket);

    /** The bucket's default encryption; empty when none was set (or the bucket is absent). */
    Optional<BucketEncryption> findEncryption(BucketName name);

    /** Sets the bucket's default encryption, or removes it ({@code Optional.empty()}). Kept with the bucket's row. */
    void updateEncryption(BucketName name, Optional<BucketEncryption> encryption);

    /** Deletes the bucket row only; the caller has made sure it holds nothing. */
    void deleteBucket(BucketName name);

    /** Every bucket, by name. */
    List<Bucket> listBuckets();

    /** Whether any version or delete marker is left in the bucket. */
    boolean holdsVersions(BucketName bucket);

    /** The key's version with the highest sequence, delete marker or not. */
    Optional<ObjectVersion> latestVersion(BucketName bucket, ObjectKey key);

    Optional<ObjectVersion> findVersion(BucketName bucket, ObjectKey key, VersionId versionId);

    /**
     * Adds a version, which becomes the key's latest: its sequence must be higher than every other version's of the
     * key (the store keeps {@link ObjectVersion#latest()} as "highest sequence"). The key's versions have distinct ids.
     */
    void insertVersion(BucketName bucket, ObjectVersion version);

    /** Removes one version; the next highest sequence, if any, becomes the latest. Absent is not an error. */
    void deleteVersion(BucketName bucket, ObjectKey key, VersionId versionId);

    /**
     * The current objects (latest versions that are not delete markers) with keys in {@code [from, to)}, in key order,
     * at most {@code limit}.
     */
    List<ObjectVersion> listCurrent(BucketName bucket, KeyBounds bounds, int limit);

    /**
     * Versions and delete markers in key order, each key's newest first: those of {@code from.key()} with a sequence
     * below {@code from.belowSequence()}, then those of keys after it and before {@code bounds.to()}; at most
     * {@code limit}. {@code bounds.from()} is the key {@code from} starts at.
     */
    List<ObjectVersion> listVersions(BucketName bucket, KeyBounds bounds, long belowSequence, int limit);

    Optional<MultipartUpload> findUpload(String uploadId);

    void insertUpload(MultipartUpload upload);

    /** Removes the upload and its parts. */
    void deleteUpload(String uploadId);

    /**
     * Uploads in progress in key order, each key's by upload id (which orders them by initiation): those of
     * {@code bounds.from()} with an id after {@code afterUploadId} ({@code ""} for all), then those of keys after it
     * and before {@code bounds.to()}; at most {@code limit}.
     */
    List<MultipartUpload> listUploads(BucketName bucket, KeyBounds bounds, String afterUploadId, int limit);

    Optional<Part> findPart(String uploadId, int number);

    /** Adds a part, or replaces the part of the same number. */
    void putPart(String uploadId, Part part);

    /** The upload's parts numbered above {@code afterNumber}, by number, at most {@code limit}. */
    List<Part> listParts(String uploadId, int afterNumber, int limit);

    /** Those of {@code ids} that a version or a part references. */
    Set<ContentId> referenced(Collection<ContentId> ids);
}
