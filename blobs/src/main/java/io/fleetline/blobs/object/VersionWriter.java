package io.fleetline.blobs.object;

import io.fleetline.blobs.BlobMetadataTx;
import io.fleetline.blobs.Change;
import io.fleetline.blobs.bucket.Bucket;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.content.ContentId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The versioning rules, in one place for every write (put, copy, completing an upload) and delete. A bucket with
 * versioning enabled adds a version with a new id; an unversioned or suspended bucket keeps one {@code null} version
 * per key, which a new write replaces (other versions, from while versioning was enabled, stay). Deleting without a
 * version id removes the {@code null} version of an unversioned bucket, and otherwise adds a delete marker (whose id is
 * {@code null} in a suspended bucket). The new version is always the latest.
 */
public final class VersionWriter {
    private VersionWriter() {
    }

    /** Makes {@code data} the key's current version; answers it and the content of the version it replaced. */
    public static Change<ObjectVersion> install(BlobMetadataTx tx, Bucket bucket, ObjectKey key, ObjectData data,
                                                Instant now) {
        List<ContentId> released = new ArrayList<>();
        long sequence = nextSequence(tx, bucket.name(), key);
        VersionId id = bucket.versioning() == VersioningStatus.ENABLED ? VersionId.generate()
                : replaceNullVersion(tx, bucket.name(), key, released);
        ObjectVersion version = ObjectVersion.object(key, id, sequence, now, data);
        tx.insertVersion(bucket.name(), version);
        return new Change<>(version, released);
    }

    /** DeleteObject without a version id. */
    public static Change<DeleteResult> deleteCurrent(BlobMetadataTx tx, Bucket bucket, ObjectKey key, Instant now) {
        List<ContentId> released = new ArrayList<>();
        if (bucket.versioning() == VersioningStatus.UNVERSIONED) {
            replaceNullVersion(tx, bucket.name(), key, released);
            return new Change<>(new DeleteResult(Optional.empty(), false), released);
        }
        long sequence = nextSequence(tx, bucket.name(), key);
        VersionId id = bucket.versioning() == VersioningStatus.ENABLED ? VersionId.generate()
                : replaceNullVersion(tx, bucket.name(), key, released);
        tx.insertVersion(bucket.name(), ObjectVersion.deleteMarker(key, id, sequence, now));
        return new Change<>(new DeleteResult(Optional.of(id), true), released);
    }

    /**
     * DeleteObject with a version id: removes that version for good (the next newest becomes current). A version that
     * does not exist is no error, as S3 answers.
     */
    public static Change<DeleteResult> deleteVersion(BlobMetadataTx tx, Bucket bucket, ObjectKey key,
                                                     VersionId versionId) {
        Optional<ObjectVersion> version = tx.findVersion(bucket.name(), key, versionId);
        version.ifPresent(found -> tx.deleteVersion(bucket.name(), key, versionId));
        List<ContentId> released = version.flatMap(ObjectVersion::data).map(data -> List.of(data.content()))
                .orElse(List.of());
        return new Change<>(new DeleteResult(Optional.of(versionId),
                version.map(ObjectVersion::deleteMarker).orElse(false)), released);
    }

    private static long nextSequence(BlobMetadataTx tx, BucketName bucket, ObjectKey key) {
        return tx.latestVersion(bucket, key).map(latest -> latest.sequence() + 1).orElse(1L);
    }

    private static VersionId replaceNullVersion(BlobMetadataTx tx, BucketName bucket, ObjectKey key,
                                                List<ContentId> released) {
        tx.findVersion(bucket, key, VersionId.NULL).ifPresent(old -> {
            tx.deleteVersion(bucket, key, VersionId.NULL);
            old.data().ifPresent(data -> released.add(data.content()));
        });
        return VersionId.NULL;
    }
}
