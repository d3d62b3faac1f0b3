package io.fleetline.s3store;

import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.BlobStoreContract;
import io.fleetline.blobs.bucket.BucketName;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link BlobStore} contract on s3proxy (but for {@link S3ProxyDeviations}), Fleetline's buckets under a prefix of
 * one bucket of the store.
 */
@ExtendWith(S3ProxyDeviations.class)
class SharedBucketContractTest extends BlobStoreContract {
    private ExternalStore external;

    @Override
    protected BlobStore openStore() {
        BucketName storeBucket = BucketName.of("fleet-" + UUID.randomUUID().toString().substring(0, 13));
        try (ExternalStore perBucket = Stores.open(S3Location.bucketPerBucket(), Clock.systemUTC())) {
            perBucket.blobStore().createBucket(storeBucket);
        }
        external = Stores.open(S3Location.parse("s3://" + storeBucket + "/fleetline/tenant-a"), Clock.systemUTC());
        return external.blobStore();
    }

    @AfterEach
    void closeStore() {
        external.close();
    }
}
