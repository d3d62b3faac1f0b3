package io.fleetline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.testkit.ServerProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Fleetline's S3 API as an operator uses it with the AWS SDK: the admin key from {@code <data-dir>/credentials},
 * path-style addressing at the API port ({@code endpoint.json}'s {@code http}), and presigned GET URLs for devices,
 * signed for the API port (plain HTTP) or for the device-facing HTTPS port ({@code deviceHttps}), where a presigned
 * GET needs no client certificate.
 */
final class FleetlineObjects {
    private final URI api;
    private final URI deviceHttps;
    private final Region region;
    private final AwsCredentialsProvider credentials;

    private FleetlineObjects(URI api, URI deviceHttps, Region region, AwsCredentialsProvider credentials) {
        this.api = api;
        this.deviceHttps = deviceHttps;
        this.region = region;
        this.credentials = credentials;
    }

    static FleetlineObjects of(Path dataDir) {
        JsonNode endpoint = ServerProcess.endpoint(dataDir);
        if (!endpoint.has("deviceHttps")) {
            throw new IllegalStateException("the server has no device HTTPS port: " + endpoint);
        }
        return new FleetlineObjects(URI.create(endpoint.get("http").asText()),
                URI.create(endpoint.get("deviceHttps").asText()), Region.of(endpoint.get("region").asText()),
                ProfileCredentialsProvider.builder().profileFile(ProfileFile.builder()
                        .content(dataDir.resolve("credentials")).type(ProfileFile.Type.CREDENTIALS).build()).build());
    }

    /** The SDK's client for the S3 API, with {@code connections} pooled connections. */
    S3Client client(int connections, AtomicReference<String> payloadMode) {
        return MultipartUpload.client(api, region, credentials, connections, payloadMode);
    }

    /** Creates {@code bucket} and puts {@code file} in it as {@code key}. */
    void put(String bucket, String key, Path file) {
        try (S3Client s3 = client(2, new AtomicReference<>())) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(r -> r.bucket(bucket));
            }
            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(file));
        }
    }

    /**
     * Creates {@code bucket} with versioning enabled, puts {@code file} in it as {@code key} and answers the
     * version id the object store gave it (what a stream's or a signing job's S3 location names).
     */
    String putVersioned(String bucket, String key, Path file) {
        try (S3Client s3 = client(2, new AtomicReference<>())) {
            s3.createBucket(r -> r.bucket(bucket));
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            return s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(file)).versionId();
        }
    }

    /** A presigned GET of {@code bucket/key}, valid for 12 hours, over plain HTTP (API port) or HTTPS (device port). */
    String presignGet(String bucket, String key, boolean https) {
        try (S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(https ? deviceHttps : api)
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            return presigner.presignGetObject(p -> p.signatureDuration(Duration.ofHours(12))
                    .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString();
        }
    }

    int httpPort() {
        return api.getPort();
    }

    int httpsPort() {
        return deviceHttps.getPort();
    }

    Region region() {
        return region;
    }

    AwsCredentialsProvider credentials() {
        return credentials;
    }

    URI api() {
        return api;
    }
}
