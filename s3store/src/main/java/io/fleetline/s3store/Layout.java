package io.fleetline.s3store;

import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.core.error.FleetlineException;
import java.util.List;

/** Where Fleetline's buckets and keys are on the store (see {@link S3Location}), and what its buckets are there. */
interface Layout {
    /** The store's bucket holding Fleetline's bucket {@code bucket}. */
    String storeBucket(BucketName bucket);

    /** The store's key prefix under which the objects of {@code bucket} are (empty: the whole store bucket). */
    String keyPrefix(BucketName bucket);

    default String storeKey(BucketName bucket, ObjectKey key) {
        return keyPrefix(bucket) + key.value();
    }

    /** Creates the bucket, or does nothing when it is there; {@code BucketAlreadyExists} if someone else's. */
    void create(BucketName bucket);

    /** Deletes an empty bucket; {@code NoSuchBucket}, {@code BucketNotEmpty}. */
    void delete(BucketName bucket);

    List<BucketName> list();

    boolean exists(BucketName bucket);

    /**
     * Whether requests on a bucket that may not exist must ask first: where the store answers {@code NoSuchBucket}
     * for it itself, they need not.
     */
    boolean storeKnowsBuckets();

    /** What the store's {@code NoSuchBucket} means for a request on {@code bucket}. */
    FleetlineException missingStoreBucket(BucketName bucket);
}
