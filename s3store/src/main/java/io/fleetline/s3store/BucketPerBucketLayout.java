package io.fleetline.s3store;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.core.error.FleetlineException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;

/** {@code s3}: each of Fleetline's buckets is the store's bucket of that name. */
final class BucketPerBucketLayout implements Layout {
    private static final String US_EAST_1 = "us-east-1";

    private final S3Client s3;
    private final String region;

    BucketPerBucketLayout(S3Client s3, String region) {
        this.s3 = s3;
        this.region = region;
    }

    @Override
    public String storeBucket(BucketName bucket) {
        return bucket.value();
    }

    @Override
    public String keyPrefix(BucketName bucket) {
        return "";
    }

    @Override
    public void create(BucketName bucket) {
        try {
            // outside us-east-1, S3 wants the region named, and it answers BucketAlreadyOwnedByYou for a bucket the
            // account has (us-east-1 answers success)
            s3.createBucket(r -> {
                r.bucket(bucket.value());
                if (!region.equals(US_EAST_1)) {
                    r.createBucketConfiguration(c -> c.locationConstraint(region));
                }
            });
        } catch (SdkException e) {
            if (!StoreErrors.code(e).filter("BucketAlreadyOwnedByYou"::equals).isPresent()) {
                throw StoreErrors.translate(e, bucket.value(), "", missingStoreBucket(bucket));
            }
        }
    }

    @Override
    public void delete(BucketName bucket) {
        try {
            s3.deleteBucket(r -> r.bucket(bucket.value()));
        } catch (SdkException e) {
            throw StoreErrors.translate(e, bucket.value(), "", missingStoreBucket(bucket));
        }
    }

    @Override
    public List<BucketName> list() {
        List<BucketName> buckets = new ArrayList<>();
        try {
            String token = null;
            do {
                String page = token;
                ListBucketsResponse listed = s3.listBuckets(r -> r.continuationToken(page));
                for (Bucket bucket : listed.buckets()) {
                    try {
                        buckets.add(BucketName.of(bucket.name()));
                    } catch (FleetlineException legacyName) {
                        // a bucket of the days before S3's naming rules: no key Fleetline is given can name it
                    }
                }
                token = listed.continuationToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            throw StoreErrors.translate(e, "", "", StoreErrors.unavailable(e));
        }
        buckets.sort(null);
        return buckets;
    }

    @Override
    public boolean exists(BucketName bucket) {
        try {
            s3.headBucket(r -> r.bucket(bucket.value()));
            return true;
        } catch (SdkException e) {
            if (StoreErrors.notFound(e)) {
                return false;
            }
            throw StoreErrors.translate(e, bucket.value(), "", missingStoreBucket(bucket));
        }
    }

    @Override
    public boolean storeKnowsBuckets() {
        return true;
    }

    @Override
    public FleetlineException missingStoreBucket(BucketName bucket) {
        return BlobErrors.noSuchBucket(bucket.value());
    }
}
