package io.fleetline.blobs.object;

import io.fleetline.blobs.BlobLookups;
import io.fleetline.blobs.BlobMetadataStore;
import io.fleetline.blobs.BlobMetadataTx;
import io.fleetline.blobs.Change;
import io.fleetline.blobs.ContentSweeper;
import io.fleetline.blobs.bucket.Bucket;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.content.ContentPin;
import io.fleetline.blobs.content.ContentStore;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * CopyObject. A copy shares the source's bytes (contents are addressed by their digest): it copies no byte, it adds a
 * version that references the same content, with the source's ETag. The content is pinned from the moment the source
 * is read until the copy has committed, and the source is read again in that transaction, so a delete racing the
 * copy either wins (the copy fails with {@code NoSuchKey}) or leaves the bytes to both.
 */
public final class CopyService {
    private static final int ATTEMPTS = 3;

    private final BlobMetadataStore store;
    private final ContentStore contents;
    private final ContentSweeper sweeper;
    private final Clock clock;

    public CopyService(BlobMetadataStore store, ContentStore contents, ContentSweeper sweeper, Clock clock) {
        this.store = store;
        this.contents = contents;
        this.sweeper = sweeper;
        this.clock = clock;
    }

    /**
     * Copies the source version (latest, or the one named) to {@code bucket}/{@code key} as a new version there.
     * Errors: those of reading the source, {@code PreconditionFailed} for its conditions, {@code InvalidRequest} for a
     * source over 5 GiB, a delete marker named by version id, or an object copied onto itself unchanged.
     */
    public CopyResult copy(CopySource source, String bucketName, String keyName, CopyOptions options) {
        BucketName bucket = BucketName.of(bucketName);
        ObjectKey key = ObjectKey.of(keyName);
        for (int attempt = 1; ; attempt++) {
            ObjectVersion read = store.read(tx -> sourceVersion(tx, source));
            requireCopyable(read, source, bucket, key, options);
            ObjectData data = options.directive() == MetadataDirective.REPLACE
                    ? read.body().withAttributes(options.replacement()) : read.body();
            ContentPin pin = contents.pin(data.content());
            try {
                Optional<CopyResult> copied = sweeper.commit(tx -> install(tx, source, bucket, key, data));
                if (copied.isPresent() || attempt == ATTEMPTS) {
                    return copied.orElseThrow(() -> new IllegalStateException("the source of a copy kept changing"));
                }
            } finally {
                pin.close();
            }
        }
    }

    private Change<Optional<CopyResult>> install(BlobMetadataTx tx, CopySource source, BucketName bucket,
                                                 ObjectKey key, ObjectData data) {
        ObjectVersion again = sourceVersion(tx, source);
        if (!again.body().content().equals(data.content())) {
            return Change.of(Optional.empty());  // replaced since it was read: read it again
        }
        Bucket target = BlobLookups.bucket(tx, bucket);
        Change<ObjectVersion> change = VersionWriter.install(tx, target, key, data, clock.instant());
        return new Change<>(Optional.of(new CopyResult(new ObjectWrite(change.result(), target.versioning()), again)),
                change.released());
    }

    /**
     * The version a copy (or a part copy) reads: as a read would name it, except that a delete marker named by its
     * version id is {@code InvalidRequest}, as S3 answers a copy.
     */
    public static ObjectVersion sourceVersion(BlobMetadataTx tx, CopySource source) {
        try {
            return BlobLookups.readable(tx, BucketName.of(source.bucket()), ObjectKey.of(source.key()),
                    source.versionId());
        } catch (FleetlineException e) {
            if (e.code() == ErrorCode.METHOD_NOT_ALLOWED) {
                throw new FleetlineException(ErrorCode.S3_INVALID_REQUEST, "The source of a copy request may not "
                        + "specifically refer to a delete marker by version id.");
            }
            throw e;
        }
    }

    private static void requireCopyable(ObjectVersion read, CopySource source, BucketName bucket, ObjectKey key,
                                        CopyOptions options) {
        options.sourceConditions().checkCopySource(read.body().etag(), read.lastModified());
        if (read.size() > ObjectService.MAX_PUT_SIZE) {
            throw new FleetlineException(ErrorCode.S3_INVALID_REQUEST, "The specified copy source is larger than the "
                    + "maximum allowable size for a copy source: " + ObjectService.MAX_PUT_SIZE);
        }
        boolean onto = source.bucket().equals(bucket.value()) && source.key().equals(key.value())
                && source.versionId().isEmpty();
        if (onto && options.directive() == MetadataDirective.COPY) {
            throw new FleetlineException(ErrorCode.S3_INVALID_REQUEST, "This copy request is illegal because it is "
                    + "trying to copy an object to itself without changing the object's metadata, storage class, "
                    + "website redirect location or encryption attributes.", Map.of("Key", key.value()));
        }
    }
}
