package io.fleetline.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.api.auth.InMemoryKeys;
import io.fleetline.api.auth.SigV4Verifier;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.routing.Router;
import io.fleetline.core.auth.AccessKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The real S3 clients — the AWS SDK for Java v2 and both AWS CLIs — against the test streaming route, each sending
 * its bodies the way it does by default (docs/s3-wire.md) and some of its other ways.
 */
class S3ClientsOnStreamingRouteTest {
    private static final List<ServiceModel> MODELS = List.of(ServiceModel.load("iot"));
    private static final int MiB = 1024 * 1024;
    private static final HttpLimits LIMITS = new HttpLimits(MiB, MiB, Duration.ofSeconds(10), Duration.ofSeconds(10));
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3Wire.KEY_ID, S3Wire.SECRET));

    @TempDir
    Path dir;
    private HttpApiServer server;
    private HashingRoute route;
    private byte[] file;

    @BeforeEach
    void start() throws Exception {
        file = new S3Wire.Bytes(3).next(100_000);
        Files.write(dir.resolve("file.bin"), file);
        SigV4Verifier verifier = new SigV4Verifier(new InMemoryKeys(
                new AccessKey(S3Wire.KEY_ID, S3Wire.SECRET, Instant.EPOCH)), Clock.systemUTC(), "us-east-1");
        route = new HashingRoute(64L * MiB, dir.resolve("file.bin"));
        server = new HttpApiServer("127.0.0.1", 0, new ApiDispatcher(new Router(MODELS), new HandlerRegistry(MODELS),
                verifier, new ObjectMapper()), Optional.empty(), Optional.empty(), LIMITS,
                StreamingRoutes.of(verifier, route));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private S3Client client(Consumer<S3ClientBuilder> settings) {
        S3ClientBuilder builder = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).forcePathStyle(true);
        settings.accept(builder);
        return builder.build();
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private HashingRoute.Stored stored() throws InterruptedException {
        HashingRoute.Stored stored = route.stored.poll(20, TimeUnit.SECONDS);
        assertThat(stored).as("an object the route stored").isNotNull();
        return stored;
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 9 * MiB + 123})
    void the_sdk_puts_signed_chunks_with_a_signed_crc32_trailer_by_default(int size) throws Exception {
        byte[] body = new S3Wire.Bytes(size).next(size);
        try (S3Client s3 = client(b -> { })) {
            String eTag = s3.putObject(r -> r.bucket("bucket").key("object"), RequestBody.fromBytes(body)).eTag();

            HashingRoute.Stored stored = stored();
            assertThat(stored.length()).isEqualTo(size);
            assertThat(stored.sha256()).isEqualTo(sha256(body));
            assertThat(stored.trailers()).containsKey("x-amz-checksum-crc32");
            assertThat(eTag).isEqualTo("\"" + stored.md5() + "\"");
        }
    }

    @Test
    void the_sdk_without_flexible_checksums_puts_signed_chunks_without_a_trailer() throws Exception {
        byte[] body = new S3Wire.Bytes(1).next(300_000);
        try (S3Client s3 = client(b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED))) {
            s3.putObject(r -> r.bucket("bucket").key("object"), RequestBody.fromBytes(body));

            HashingRoute.Stored stored = stored();
            assertThat(stored.sha256()).isEqualTo(sha256(body));
            assertThat(stored.trailers()).isEmpty();
        }
    }

    @Test
    void the_sdk_with_a_crc32c_checksum_asked_for_sends_it_signed_in_the_trailer() throws Exception {
        byte[] body = new S3Wire.Bytes(2).next(200_000);
        try (S3Client s3 = client(b -> { })) {
            s3.putObject(r -> r.bucket("bucket").key("object").checksumAlgorithm("CRC32C"), RequestBody.fromBytes(body));

            assertThat(stored().trailers()).containsKey("x-amz-checksum-crc32c");
        }
    }

    @Test
    void the_sdk_with_chunked_encoding_off_declares_the_bodys_sha256() throws Exception {
        byte[] body = new S3Wire.Bytes(4).next(300_000);
        try (S3Client s3 = client(b -> b.serviceConfiguration(S3Configuration.builder()
                .chunkedEncodingEnabled(false).build()))) {
            s3.putObject(r -> r.bucket("bucket").key("object"), RequestBody.fromBytes(body));

            assertThat(stored().sha256()).isEqualTo(sha256(body));
        }
    }

    @Test
    void the_async_sdk_puts_unsigned_chunks_with_a_crc32_trailer() throws Exception {
        byte[] body = new S3Wire.Bytes(5).next(2 * MiB + 7);
        try (S3AsyncClient s3 = S3AsyncClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).forcePathStyle(true).build()) {
            s3.putObject(r -> r.bucket("bucket").key("object"), AsyncRequestBody.fromBytes(body)).join();

            HashingRoute.Stored stored = stored();
            assertThat(stored.sha256()).isEqualTo(sha256(body));
            assertThat(stored.trailers()).containsKey("x-amz-checksum-crc32");
        }
    }

    @Test
    void a_presigned_put_url_is_served_by_its_signature_alone() throws Exception {
        byte[] body = "firmware".getBytes(StandardCharsets.US_ASCII);
        URI url;
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(true).build()).build()) {
            url = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(r -> r.bucket("bucket").key("fw.bin"))).url().toURI();
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(stored().sha256()).isEqualTo(sha256(body));

            HttpResponse<String> tampered = http.send(HttpRequest.newBuilder(URI.create(url.toString()
                    .replace("fw.bin", "other.bin"))).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tampered.statusCode()).isEqualTo(403);
            assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        }
    }

    @Test
    void the_sdk_reads_the_routes_s3_error_for_a_wrong_secret() {
        try (S3Client s3 = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Wire.KEY_ID,
                        "not-the-secret"))).forcePathStyle(true).build()) {
            assertThatThrownBy(() -> s3.putObject(r -> r.bucket("bucket").key("object"), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
        assertThat(route.served).hasValue(0);
    }

    @Test
    void the_sdk_gets_a_range_of_a_file() {
        try (S3Client s3 = client(b -> { })) {
            byte[] got = s3.getObjectAsBytes(r -> r.bucket("bucket").key("file.bin").range("bytes=10-19")).asByteArray();

            assertThat(got).isEqualTo(Arrays.copyOfRange(file, 10, 20));
        }
    }

    /** Both CLI generations: v2 is Debian's /usr/bin/aws; v1 is the pip one on the PATH, where installed. */
    @ParameterizedTest
    @ValueSource(strings = {"2", "1"})
    void the_aws_cli_puts_an_object(String generation) throws Exception {
        String cli = cli(generation);
        Path upload = dir.resolve("upload.bin");
        byte[] body = new S3Wire.Bytes(6).next(3 * MiB);
        Files.write(upload, body);

        Process put = run(cli, "s3api", "put-object", "--bucket", "bucket", "--key", "upload.bin", "--body",
                upload.toString());

        assertThat(put.exitValue()).as(new String(put.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        assertThat(stored().sha256()).isEqualTo(sha256(body));
    }

    private static String cli(String generation) throws IOException, InterruptedException {
        String cli = generation.equals("2") ? "/usr/bin/aws" : "aws";
        try {
            Process version = new ProcessBuilder(cli, "--version").redirectErrorStream(true).start();
            String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            version.waitFor();
            Assumptions.assumeTrue(out.startsWith("aws-cli/" + generation + "."), "no AWS CLI v" + generation);
        } catch (IOException missing) {
            Assumptions.abort("no AWS CLI v" + generation);
        }
        return cli;
    }

    private Process run(String cli, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(cli, "--endpoint-url", endpoint().toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", S3Wire.KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", S3Wire.SECRET);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return process;
    }
}
