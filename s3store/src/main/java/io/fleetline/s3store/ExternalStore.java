package io.fleetline.s3store;

import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.DownloadUrls;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * An external S3-compatible store opened for Fleetline: the {@link BlobStore} that reads and writes Fleetline's
 * buckets there and the {@link DownloadUrls} that devices download from it with. One S3 client (a pool of
 * connections) serves both; close it when the server stops.
 */
public final class ExternalStore implements AutoCloseable {
    private final ExternalStoreOptions options;
    private final S3Client s3;
    private final AwsCredentialsProvider credentials;
    private final S3BlobStore blobs;
    private final S3DownloadUrls downloadUrls;

    private ExternalStore(ExternalStoreOptions options, S3Client s3, AwsCredentialsProvider credentials, Clock clock) {
        this.options = options;
        this.s3 = s3;
        this.credentials = credentials;
        Layout layout = options.location().bucket()
                .<Layout>map(bucket -> new SharedBucketLayout(s3, bucket, options.location().prefix()))
                .orElseGet(() -> new BucketPerBucketLayout(s3, options.region()));
        this.blobs = new S3BlobStore(s3, layout, clock);
        this.downloadUrls = new S3DownloadUrls(s3.utilities(), layout, credentials, options.region(), clock);
    }

    /** Opens a client of the store; nothing is sent to it until used ({@link #check()} asks it first). */
    public static ExternalStore open(ExternalStoreOptions options, Clock clock) {
        AwsCredentialsProvider credentials = options.credentials().accessKeyId()
                .<AwsCredentialsProvider>map(id -> StaticCredentialsProvider.create(AwsBasicCredentials.create(id,
                        options.credentials().secretAccessKey().orElseThrow())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        boolean always = options.checksums() == ChecksumMode.WHEN_SUPPORTED;
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(options.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(options.usesPathStyle())
                .requestChecksumCalculation(always ? RequestChecksumCalculation.WHEN_SUPPORTED
                        : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(always ? ResponseChecksumValidation.WHEN_SUPPORTED
                        : ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder());
        options.endpoint().ifPresent(builder::endpointOverride);
        return new ExternalStore(options, builder.build(), credentials, clock);
    }

    public BlobStore blobStore() {
        return blobs;
    }

    public DownloadUrls downloadUrls() {
        return downloadUrls;
    }

    /**
     * Asks the store whether Fleetline can use it as configured: the bucket of {@code s3://bucket/prefix} exists and
     * the credentials may list it, or (one bucket per bucket) may list the store's buckets. Fails with
     * {@code ServiceUnavailable}, its message saying what the store answered.
     */
    public void check() {
        try {
            credentials.resolveIdentity().join();
        } catch (RuntimeException e) {
            throw new FleetlineException(ErrorCode.S3_SERVICE_UNAVAILABLE, "cannot use the blob store " + this
                    + ": no credentials for it (" + options.credentials() + "); give --blob-access-key-id and "
                    + "FLEETLINE_BLOB_SECRET_ACCESS_KEY, or AWS credentials the SDK finds");
        }
        try {
            if (options.location().bucket().isPresent()) {
                String bucket = options.location().bucket().get();
                s3.listObjectsV2(r -> r.bucket(bucket).prefix(options.location().prefix()).maxKeys(1));
            } else {
                s3.listBuckets();
            }
        } catch (SdkException e) {
            FleetlineException failure = StoreErrors.unavailable(e);
            throw new FleetlineException(failure.code(), "cannot use the blob store " + this + ": "
                    + failure.getMessage());
        }
    }

    /** {@code s3://bucket/prefix at http://endpoint}, for messages. */
    @Override
    public String toString() {
        return options.location() + options.endpoint().map(uri -> " at " + uri)
                .orElse(" on AWS S3 in " + options.region());
    }

    @Override
    public void close() {
        s3.close();
    }
}
