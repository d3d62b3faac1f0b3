package io.fleetline.s3store;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * {@code s3://bucket/prefix}: Fleetline's bucket {@code b} is the keys under {@code prefix/b/}, and an empty object
 * {@code prefix/.fleetline-buckets/b} marks it created. No bucket name starts with a dot, so the markers never share a
 * key or a "directory" with objects: stores that keep keys as files (s3proxy's filesystem, MinIO) take keys that
 * are a file in one place and a directory in another badly, and treat keys ending with {@code /} as folders. A bucket
 * is there while its marker or any key under it is, so objects the operator uploads under {@code prefix/b/} with
 * their own tools are found without Fleetline having created {@code b}.
 */
final class SharedBucketLayout implements Layout {
    static final String MARKERS = ".fleetline-buckets/";

    private final S3Client s3;
    private final String storeBucket;
    private final String prefix;

    SharedBucketLayout(S3Client s3, String storeBucket, String prefix) {
        this.s3 = s3;
        this.storeBucket = storeBucket;
        this.prefix = prefix;
    }

    @Override
    public String storeBucket(BucketName bucket) {
        return storeBucket;
    }

    @Override
    public String keyPrefix(BucketName bucket) {
        return prefix + bucket.value() + "/";
    }

    private String marker(BucketName bucket) {
        return prefix + MARKERS + bucket.value();
    }

    @Override
    public void create(BucketName bucket) {
        try {
            s3.putObject(r -> r.bucket(storeBucket).key(marker(bucket)), RequestBody.empty());
        } catch (SdkException e) {
            throw StoreErrors.translate(e, bucket.value(), "", missingStoreBucket(bucket));
        }
    }

    @Override
    public void delete(BucketName bucket) {
        try {
            if (holdsKeys(bucket)) {
                throw new FleetlineException(ErrorCode.BUCKET_NOT_EMPTY, "The bucket you tried to delete is not empty",
                        Map.of("BucketName", bucket.value()));
            }
            if (!hasMarker(bucket)) {
                throw BlobErrors.noSuchBucket(bucket.value());
            }
            s3.deleteObject(r -> r.bucket(storeBucket).key(marker(bucket)));
        } catch (SdkException e) {
            throw StoreErrors.translate(e, bucket.value(), "", missingStoreBucket(bucket));
        }
    }

    @Override
    public List<BucketName> list() {
        TreeSet<BucketName> buckets = new TreeSet<>();
        try {
            listAll(r -> r.prefix(prefix + MARKERS), page -> page.contents().forEach(marker ->
                    addIfName(buckets, marker.key().substring(prefix.length() + MARKERS.length()))));
            listAll(r -> r.prefix(prefix).delimiter("/"), page -> page.commonPrefixes().forEach(common ->
                    addIfName(buckets, common.prefix().substring(prefix.length(), common.prefix().length() - 1))));
        } catch (SdkException e) {
            throw StoreErrors.translate(e, "", "", missingStoreBucket(null));
        }
        return List.copyOf(buckets);
    }

    @Override
    public boolean exists(BucketName bucket) {
        try {
            return hasMarker(bucket) || holdsKeys(bucket);
        } catch (SdkException e) {
            throw StoreErrors.translate(e, bucket.value(), "", missingStoreBucket(bucket));
        }
    }

    private boolean hasMarker(BucketName bucket) {
        try {
            s3.headObject(r -> r.bucket(storeBucket).key(marker(bucket)));
            return true;
        } catch (SdkException e) {
            if (StoreErrors.notFound(e)) {
                return false;
            }
            throw e;
        }
    }

    private boolean holdsKeys(BucketName bucket) {
        return !s3.listObjectsV2(r -> r.bucket(storeBucket).prefix(keyPrefix(bucket)).maxKeys(1)).contents()
                .isEmpty();
    }

    private void listAll(Consumer<ListObjectsV2Request.Builder> query, Consumer<ListObjectsV2Response> page) {
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(storeBucket)
                    .continuationToken(token);
            query.accept(request);
            ListObjectsV2Response listed = s3.listObjectsV2(request.build());
            page.accept(listed);
            token = Boolean.TRUE.equals(listed.isTruncated()) ? listed.nextContinuationToken() : null;
        } while (token != null);
    }

    /** Keys the operator keeps beside Fleetline's buckets, under the prefix, are no bucket. */
    private static void addIfName(TreeSet<BucketName> buckets, String name) {
        try {
            buckets.add(BucketName.of(name));
        } catch (FleetlineException notABucketName) {
            // not one of Fleetline's
        }
    }

    @Override
    public boolean storeKnowsBuckets() {
        return false;
    }

    /** The store's bucket itself is missing: the operator's configuration, nothing the caller did. */
    @Override
    public FleetlineException missingStoreBucket(BucketName bucket) {
        return new FleetlineException(ErrorCode.S3_SERVICE_UNAVAILABLE, "The blob store's bucket " + storeBucket
                + " does not exist; retry later");
    }
}
