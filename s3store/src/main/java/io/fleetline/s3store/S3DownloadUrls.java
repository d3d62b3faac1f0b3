package io.fleetline.s3store;

import io.fleetline.blobs.DownloadUrls;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Utilities;

/**
 * Presigned GET URLs of the external store, signed (SigV4, query string) with the store's own endpoint and Fleetline's
 * credentials for it: a device downloads from the store, never through Fleetline, with {@code Range} as the store
 * serves it, until the URL expires. The object's address is the SDK's ({@link S3Utilities#getUrl}: endpoint,
 * addressing style and key encoding as the client uses them); the signature is made here, at the clock's time, so
 * that the time a URL was made is the server's clock.
 */
final class S3DownloadUrls implements DownloadUrls {
    private static final Duration MIN_EXPIRY = Duration.ofSeconds(1);

    private final S3Utilities addresses;
    private final Layout layout;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    S3DownloadUrls(S3Utilities addresses, Layout layout, AwsCredentialsProvider credentials, String region,
                   Clock clock) {
        this.addresses = addresses;
        this.layout = layout;
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public URI presignGet(BucketName bucket, ObjectKey key, java.util.Optional<String> versionId, Duration expiry) {
        if (expiry.compareTo(MIN_EXPIRY) < 0 || expiry.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("a presigned URL lives 1 second to 7 days: " + expiry);
        }
        try {
            URI object = addresses.getUrl(r -> r.bucket(layout.storeBucket(bucket))
                    .key(layout.storeKey(bucket, key))).toURI();
            AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
            SdkHttpRequest.Builder builder = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(object);
            versionId.ifPresent(v -> builder.appendRawQueryParameter("versionId", v));
            SdkHttpRequest request = builder.build();
            return signer.sign(r -> r.identity(identity).request(request)
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expiry)
                    // as S3 signs: UNSIGNED-PAYLOAD, the path encoded once and not normalised (keys are data)
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                    .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request().getUri();
        } catch (SdkException e) {
            throw StoreErrors.unavailable(e);
        } catch (CompletionException e) {
            throw e.getCause() instanceof SdkException sdk ? StoreErrors.unavailable(sdk) : e;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SDK made an address that is no URI: " + e.getMessage(), e);
        }
    }

}
