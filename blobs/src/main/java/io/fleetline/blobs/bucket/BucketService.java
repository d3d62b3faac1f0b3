package io.fleetline.blobs.bucket;

import io.fleetline.blobs.BlobLookups;
import io.fleetline.blobs.BlobMetadataStore;
import io.fleetline.blobs.BlobMetadataTx;
import io.fleetline.blobs.ContentSweeper;
import io.fleetline.blobs.KeyBounds;
import io.fleetline.blobs.content.ContentId;
import io.fleetline.blobs.multipart.MultipartUpload;
import io.fleetline.blobs.multipart.Part;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bucket operations: CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation and
 * Put/GetBucketVersioning. A bucket belongs to the account whose store holds it, in the account's region.
 */
public final class BucketService {
    /** The one region where S3 answers success to re-creating a bucket one owns (for legacy compatibility). */
    private static final String LEGACY_REGION = "us-east-1";

    private final BlobMetadataStore store;
    private final ContentSweeper sweeper;
    private final AccountScope scope;
    private final Clock clock;

    public BucketService(BlobMetadataStore store, ContentSweeper sweeper, AccountScope scope, Clock clock) {
        this.store = store;
        this.sweeper = sweeper;
        this.scope = scope;
        this.clock = clock;
    }

    /** The account (and region) whose buckets these are: S3 names it as the owner in listings. */
    public AccountScope scope() {
        return scope;
    }

    /**
     * Creates a bucket in the account's region. A location constraint, if given, must name that region
     * ({@code IllegalLocationConstraintException}). Creating a bucket the account has already is
     * {@code BucketAlreadyOwnedByYou}, except in us-east-1, where S3 answers with the existing bucket.
     */
    public Bucket create(String name, Optional<String> locationConstraint) {
        BucketName bucket = BucketName.of(name);
        locationConstraint.filter(constraint -> !constraint.isEmpty() && !constraint.equals(scope.region()))
                .ifPresent(constraint -> {
                    throw new FleetlineException(ErrorCode.ILLEGAL_LOCATION_CONSTRAINT, "The " + constraint
                            + " location constraint is incompatible for the region specific endpoint this request "
                            + "was sent to.");
                });
        return store.transact(tx -> {
            Optional<Bucket> existing = tx.findBucket(bucket);
            if (existing.isPresent()) {
                if (scope.region().equals(LEGACY_REGION)) {
                    return existing.get();
                }
                throw new FleetlineException(ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU, "Your previous request to create "
                        + "the named bucket succeeded and you already own it.", Map.of("BucketName", name));
            }
            Bucket created = new Bucket(bucket, scope.region(), clock.instant(), VersioningStatus.UNVERSIONED);
            tx.insertBucket(created);
            return created;
        });
    }

    /**
     * Deletes an empty bucket: one that holds a version or a delete marker is {@code BucketNotEmpty}. Multipart
     * uploads still in progress are aborted with it.
     */
    public void delete(String name) {
        BucketName bucket = BucketName.of(name);
        List<ContentId> released = store.transact(tx -> {
            BlobLookups.bucket(tx, bucket);
            if (tx.holdsVersions(bucket)) {
                throw new FleetlineException(ErrorCode.BUCKET_NOT_EMPTY, "The bucket you tried to delete is not "
                        + "empty. You must delete all versions in the bucket.", Map.of("BucketName", name));
            }
            List<ContentId> parts = abortUploads(tx, bucket);
            tx.deleteBucket(bucket);
            return parts;
        });
        sweeper.release(released);
    }

    private static List<ContentId> abortUploads(BlobMetadataTx tx, BucketName bucket) {
        List<ContentId> released = new ArrayList<>();
        for (List<MultipartUpload> uploads = tx.listUploads(bucket, KeyBounds.all(), "", 1000);
             !uploads.isEmpty(); uploads = tx.listUploads(bucket, KeyBounds.all(), "", 1000)) {
            for (MultipartUpload upload : uploads) {
                tx.listParts(upload.uploadId(), 0, Part.MAX_NUMBER).forEach(part -> released.add(part.content()));
                tx.deleteUpload(upload.uploadId());
            }
        }
        return released;
    }

    /** HeadBucket: the bucket, or {@code NoSuchBucket}. */
    public Bucket head(String name) {
        BucketName bucket = BucketName.of(name);
        return store.read(tx -> BlobLookups.bucket(tx, bucket));
    }

    /** ListBuckets: the account's buckets by name. */
    public List<Bucket> list() {
        return store.read(BlobMetadataTx::listBuckets);
    }

    /** GetBucketLocation: the bucket's region (S3 writes us-east-1 as an empty constraint; that is the adapter's). */
    public String location(String name) {
        return head(name).region();
    }

    public VersioningStatus versioning(String name) {
        return head(name).versioning();
    }

    /** PutBucketVersioning: Enabled or Suspended (a bucket once versioned is never unversioned again). */
    public Bucket putVersioning(String name, VersioningStatus status) {
        if (status == VersioningStatus.UNVERSIONED) {
            throw new IllegalArgumentException("versioning can be enabled or suspended, not removed");
        }
        BucketName bucket = BucketName.of(name);
        return store.transact(tx -> {
            Bucket updated = BlobLookups.bucket(tx, bucket).withVersioning(status);
            tx.updateBucket(updated);
            return updated;
        });
    }
}
