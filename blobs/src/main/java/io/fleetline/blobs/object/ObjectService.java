package io.fleetline.blobs.object;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.blobs.BlobLookups;
import io.fleetline.blobs.BlobMetadataStore;
import io.fleetline.blobs.Change;
import io.fleetline.blobs.ContentSweeper;
import io.fleetline.blobs.bucket.Bucket;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.content.ContentReader;
import io.fleetline.blobs.content.ContentStore;
import io.fleetline.blobs.content.StoredContent;
import io.fleetline.core.error.FleetlineException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PutObject, GetObject, HeadObject, DeleteObject and DeleteObjects.
 *
 * <p>A put reads its body into the content store (durable, in place) before the one metadata transaction that makes
 * the version visible; until that commits nobody sees it, and if it fails the bytes are swept. Of two puts of one key
 * the one that commits last is the current version, whole; the other's version is replaced (or, in a versioned
 * bucket, kept as the one before).
 */
public final class ObjectService {
    /** S3's largest single PutObject (and part, and copy source): 5 GiB. */
    public static final long MAX_PUT_SIZE = 5L * 1024 * 1024 * 1024;
    /** S3's limit of objects per DeleteObjects request. */
    public static final int MAX_DELETE_OBJECTS = 1000;
    private static final int OPEN_ATTEMPTS = 3;

    private final BlobMetadataStore store;
    private final ContentStore contents;
    private final ContentSweeper sweeper;
    private final Clock clock;

    public ObjectService(BlobMetadataStore store, ContentStore contents, ContentSweeper sweeper, Clock clock) {
        this.store = store;
        this.contents = contents;
        this.sweeper = sweeper;
        this.clock = clock;
    }

    /**
     * Stores a new version of {@code key}. The bucket must exist ({@code NoSuchBucket}, before a byte is read); a
     * body over 5 GiB is {@code EntityTooLarge}, one of another length than declared {@code IncompleteBody}, one
     * whose digests differ from the declared ones {@code BadDigest}: in each case nothing is stored.
     */
    public ObjectWrite put(String bucketName, String keyName, ObjectUpload upload) {
        BucketName bucket = BucketName.of(bucketName);
        ObjectKey key = ObjectKey.of(keyName);
        if (upload.length() > MAX_PUT_SIZE) {
            throw BlobErrors.entityTooLarge(upload.length(), MAX_PUT_SIZE);
        }
        store.read(tx -> BlobLookups.bucket(tx, bucket));
        StoredContent stored = contents.write(upload.body(), upload.digests().check(upload.length()));
        ObjectData data = new ObjectData(stored.content().id(), stored.content().size(),
                ETag.ofMd5Hex(stored.content().md5Hex()), stored.content().sha256Hex(), upload.attributes());
        return sweeper.commitReferencing(stored, tx -> {
            Bucket target = BlobLookups.bucket(tx, bucket);
            Change<ObjectVersion> change = VersionWriter.install(tx, target, key, data, clock.instant());
            return new Change<>(new ObjectWrite(change.result(), target.versioning()), change.released());
        });
    }

    /**
     * GetObject: the latest version or the one asked for ({@code NoSuchKey}, {@code NoSuchVersion},
     * {@code MethodNotAllowed} for a delete marker), after its conditions ({@code PreconditionFailed},
     * {@code NotModified}) and its range ({@code InvalidRange}). The caller sends the bytes and closes the answer.
     */
    public ObjectRead get(String bucketName, String keyName, ReadOptions options) {
        BucketName bucket = BucketName.of(bucketName);
        ObjectKey key = ObjectKey.of(keyName);
        for (int attempt = 1; ; attempt++) {
            ObjectHead head = head(bucket, key, options);
            Optional<ContentReader> reader = contents.open(head.version().body().content());
            if (reader.isPresent()) {
                return new ObjectRead(head.version(), head.range(), reader.get());
            }
            // deleted (and swept) since it was read: the next read sees what replaced it, or NoSuchKey
            if (attempt == OPEN_ATTEMPTS) {
                throw new IllegalStateException("the content of " + bucket + "/" + key + " "
                        + head.version().versionId() + " is missing from the content store");
            }
        }
    }

    /** HeadObject: what {@link #get} answers, without opening the bytes. */
    public ObjectHead head(String bucketName, String keyName, ReadOptions options) {
        return head(BucketName.of(bucketName), ObjectKey.of(keyName), options);
    }

    private ObjectHead head(BucketName bucket, ObjectKey key, ReadOptions options) {
        ObjectVersion version = store.read(tx -> BlobLookups.readable(tx, bucket, key, options.versionId()));
        options.conditions().checkRead(version.body().etag(), version.lastModified());
        return new ObjectHead(version, options.range().map(range -> range.resolve(version.size())));
    }

    /**
     * DeleteObject: without a version id, as the bucket's versioning says (see {@link VersionWriter}); with one, that
     * version goes for good. Deleting what does not exist succeeds, as on S3.
     */
    public DeleteResult delete(String bucketName, String keyName, Optional<VersionId> versionId) {
        BucketName bucket = BucketName.of(bucketName);
        ObjectKey key = ObjectKey.of(keyName);
        return sweeper.commit(tx -> {
            Bucket target = BlobLookups.bucket(tx, bucket);
            return versionId.isPresent() ? VersionWriter.deleteVersion(tx, target, key, versionId.get())
                    : VersionWriter.deleteCurrent(tx, target, key, clock.instant());
        });
    }

    /**
     * DeleteObjects: 1 to 1,000 objects ({@code MalformedXML} otherwise), each deleted as {@link #delete} would, on
     * its own; a bad key or version id fails that object only. A missing bucket fails the request.
     */
    public List<DeleteOutcome> deleteMany(String bucketName, List<ObjectIdentifier> objects) {
        if (objects.isEmpty() || objects.size() > MAX_DELETE_OBJECTS) {
            throw BlobErrors.malformedXml();
        }
        BucketName bucket = BucketName.of(bucketName);
        store.read(tx -> BlobLookups.bucket(tx, bucket));
        List<DeleteOutcome> outcomes = new ArrayList<>(objects.size());
        for (ObjectIdentifier object : objects) {
            try {
                outcomes.add(new DeleteOutcome.Deleted(object,
                        delete(bucketName, object.key(), object.versionId().map(VersionId::of))));
            } catch (FleetlineException e) {
                outcomes.add(new DeleteOutcome.Failed(object, e.code(), e.getMessage()));
            }
        }
        return outcomes;
    }
}
