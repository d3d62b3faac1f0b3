package io.fleetline.blobs;

import io.fleetline.blobs.bucket.Bucket;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.multipart.MultipartUpload;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.VersionId;
import java.util.Optional;

/** Reads that fail with S3's not-found errors, shared by the services. */
public final class BlobLookups {
    private BlobLookups() {
    }

    public static Bucket bucket(BlobMetadataTx tx, BucketName name) {
        return tx.findBucket(name).orElseThrow(() -> BlobErrors.noSuchBucket(name.value()));
    }

    /**
     * The version a read names: the latest when {@code versionId} is empty (a delete marker there is
     * {@code NoSuchKey}), else that version ({@code NoSuchVersion} if absent, {@code MethodNotAllowed} for a delete
     * marker). So the answer is never a delete marker.
     */
    public static ObjectVersion readable(BlobMetadataTx tx, BucketName bucket, ObjectKey key,
                                         Optional<VersionId> versionId) {
        bucket(tx, bucket);
        if (versionId.isEmpty()) {
            ObjectVersion latest = tx.latestVersion(bucket, key)
                    .orElseThrow(() -> BlobErrors.noSuchKey(key.value()));
            if (latest.deleteMarker()) {
                throw BlobErrors.deletedKey(key.value(), latest.versionId().value());
            }
            return latest;
        }
        ObjectVersion version = tx.findVersion(bucket, key, versionId.get())
                .orElseThrow(() -> BlobErrors.noSuchVersion(key.value(), versionId.get().value()));
        if (version.deleteMarker()) {
            throw BlobErrors.deleteMarkerVersion(key.value(), version.versionId().value());
        }
        return version;
    }

    /** An upload of this bucket and key; any other id (unknown, completed, aborted, another key's) is NoSuchUpload. */
    public static MultipartUpload upload(BlobMetadataTx tx, BucketName bucket, ObjectKey key, String uploadId) {
        bucket(tx, bucket);
        return tx.findUpload(uploadId)
                .filter(upload -> upload.bucket().equals(bucket) && upload.key().equals(key))
                .orElseThrow(() -> BlobErrors.noSuchUpload(uploadId));
    }
}
