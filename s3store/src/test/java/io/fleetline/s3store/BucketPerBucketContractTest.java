package io.fleetline.s3store;

import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.BlobStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link BlobStore} contract on s3proxy (but for {@link S3ProxyDeviations}), each of Fleetline's buckets a bucket
 * of the store.
 */
@ExtendWith(S3ProxyDeviations.class)
class BucketPerBucketContractTest extends BlobStoreContract {
    private ExternalStore external;

    @Override
    protected BlobStore openStore() {
        external = Stores.open(S3Location.bucketPerBucket(), Clock.systemUTC());
        return external.blobStore();
    }

    @AfterEach
    void closeStore() {
        external.close();
    }
}
