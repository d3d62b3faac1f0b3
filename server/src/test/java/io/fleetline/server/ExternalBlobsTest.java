package io.fleetline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fleetline.blobs.Blob;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.s3store.S3Credentials;
import io.fleetline.s3store.S3Location;
import io.fleetline.s3store.S3ProxyProcess;
import io.fleetline.server.config.MqttSettings;
import io.fleetline.server.config.ServerConfig;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A server whose objects live on an external S3-compatible store (s3proxy on loopback). */
class ExternalBlobsTest {
    private static final URI S3PROXY = S3ProxyProcess.shared().endpoint();

    @TempDir
    Path dir;

    private ServerConfig config(String store) {
        return ServerConfig.defaults(dir.resolve("data"))
                .withHttp(h -> h.withPort(0).withoutDeviceHttps())
                .withMqtt(m -> MqttSettings.OFF)
                .withJobs(j -> j.withTick(Duration.ZERO))
                .withBlobs(b -> b.withStore(S3Location.parse(store)).withEndpoint(S3PROXY)
                        .withCredentials(S3Credentials.of(S3ProxyProcess.ACCESS_KEY_ID,
                                S3ProxyProcess.SECRET_ACCESS_KEY)));
    }

    @Test
    void a_server_on_an_external_store_keeps_objects_there_and_presigns_device_urls_for_it() throws Exception {
        String storeBucket = "fleet-" + UUID.randomUUID().toString().substring(0, 12);
        try (FleetlineServer perBucket = FleetlineServer.create(config("s3")).start()) {
            perBucket.externalBlobs().orElseThrow().blobStore().createBucket(BucketName.of(storeBucket));
        }

        try (FleetlineServer server = FleetlineServer.create(config("s3://" + storeBucket + "/fleetline")).start()) {
            var external = server.externalBlobs().orElseThrow();
            BucketName firmware = BucketName.of("my-iot-firmware");
            external.blobStore().createBucket(firmware);
            byte[] image = "firmware v2.1.0".getBytes(StandardCharsets.UTF_8);
            external.blobStore().put(firmware, ObjectKey.of("fw.bin"), new ByteArrayInputStream(image), image.length,
                    Optional.empty(), Map.of());

            assertThat(server.config().blobs().servesS3Api()).isFalse();
            URI url = external.downloadUrls().presignGet(firmware, ObjectKey.of("fw.bin"), Duration.ofHours(1));
            assertThat(url.toString()).startsWith(S3PROXY + "/" + storeBucket + "/fleetline/my-iot-firmware/fw.bin?");
            try (HttpClient http = HttpClient.newHttpClient()) {
                assertThat(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray())
                        .body()).isEqualTo(image);
            }
        }
        try (FleetlineServer restarted = FleetlineServer.create(config("s3://" + storeBucket + "/fleetline")).start();
             Blob blob = restarted.externalBlobs().orElseThrow().blobStore().get(BucketName.of("my-iot-firmware"),
                     ObjectKey.of("fw.bin"), Optional.empty())) {
            assertThat(new String(blob.readAll(), StandardCharsets.UTF_8)).isEqualTo("firmware v2.1.0");
        }
    }

    @Test
    void serve_does_not_start_on_an_external_store_it_cannot_use_and_says_what_the_store_answered() {
        Map<String, String> env = Map.of("FLEETLINE_DATA_DIR", dir.resolve("data").toString(),
                "FLEETLINE_HTTP_PORT", "0", "FLEETLINE_MQTT_PORT", "-1", "FLEETLINE_MQTT_WS_PORT", "-1",
                "FLEETLINE_DEVICE_HTTPS_PORT", "-1",
                "FLEETLINE_BLOB_ACCESS_KEY_ID", S3ProxyProcess.ACCESS_KEY_ID,
                "FLEETLINE_BLOB_SECRET_ACCESS_KEY", S3ProxyProcess.SECRET_ACCESS_KEY);
        CommandLine cli = Main.commandLine(env, new Properties());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cli.execute("serve",
                "--blob-store", "s3://no-such-bucket/fleetline", "--blob-endpoint", S3PROXY.toString()));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("fleetline: cannot start: cannot use the blob store "
                + "s3://no-such-bucket/fleetline at " + S3PROXY).contains("404 NoSuchBucket");
        assertThat(dir.resolve("data/endpoint.json")).doesNotExist();
    }

    @Test
    void an_s3_request_to_a_server_on_an_external_store_is_s3s_not_implemented_naming_the_store() {
        try (FleetlineServer server = FleetlineServer.create(config("s3")).start();
             S3Client s3 = S3Client.builder().endpointOverride(URI.create(server.httpUrl()))
                     .region(Region.US_EAST_1).forcePathStyle(true)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                             server.adminKey().id(), server.adminKey().secret())))
                     .build()) {

            assertThatThrownBy(() -> s3.listBuckets()).isInstanceOfSatisfying(S3Exception.class, e -> {
                assertThat(e.statusCode()).isEqualTo(501);
                assertThat(e.awsErrorDetails().errorCode()).as("S3's XML error, read by the S3 client")
                        .isEqualTo("NotImplemented");
                assertThat(e.awsErrorDetails().errorMessage()).contains("external store", S3PROXY.toString(),
                        "use that store directly");
            });
            assertThatThrownBy(() -> s3.createBucket(b -> b.bucket("my-iot-firmware")))
                    .isInstanceOfSatisfying(S3Exception.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented"));
        }
    }

    @Test
    void an_s3_request_with_a_wrong_signature_to_a_server_on_an_external_store_is_s3s_signature_error() {
        try (FleetlineServer server = FleetlineServer.create(config("s3")).start();
             S3Client s3 = S3Client.builder().endpointOverride(URI.create(server.httpUrl()))
                     .region(Region.US_EAST_1).forcePathStyle(true)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                             server.adminKey().id(), "not-the-secret")))
                     .build()) {

            assertThatThrownBy(() -> s3.listBuckets()).isInstanceOfSatisfying(S3Exception.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(e.awsErrorDetails().errorMessage()).doesNotContain(S3PROXY.toString());
            });
        }
    }
}
