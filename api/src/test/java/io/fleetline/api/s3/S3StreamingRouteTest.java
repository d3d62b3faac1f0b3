package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.api.auth.DeviceAuthenticator;
import io.fleetline.api.auth.InMemoryKeys;
import io.fleetline.api.auth.S3Authenticator;
import io.fleetline.api.auth.SigV4Verifier;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.http.ApiDispatcher;
import io.fleetline.api.http.HttpApiServer;
import io.fleetline.api.http.HttpLimits;
import io.fleetline.api.http.StreamingRoutes;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.routing.Router;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.time.ManualClock;
import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.ca.Pem;
import io.fleetline.security.tls.DeviceTls;
import io.fleetline.security.tls.RegisteredCertificateTrustManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 streaming route on the real listener: the AWS SDK for Java v2, the AWS CLI v1 and plain HTTP clients against
 * {@link HttpApiServer} on loopback, with small file-backed handlers; presigned URLs made by {@link PresignedUrls},
 * by the SDK's presigner and by the CLI v1 (S3's legacy SigV2), on the API port and on the device port over real TLS
 * without a client certificate — where nothing else is served without one.
 */
class S3StreamingRouteTest {
    private static final String KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final int MiB = 1024 * 1024;
    private static final HttpLimits LIMITS = new HttpLimits(MiB, MiB, Duration.ofSeconds(10), Duration.ofSeconds(10));
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(KEY_ID, SECRET));
    private static final BucketName BUCKET = BucketName.of("firmware");

    private static CertificateAuthority ca;
    private static KeyPair serverKeys;
    private static X509Certificate serverCertificate;
    private static KeyPair deviceKeys;
    private static X509Certificate registeredDevice;
    private static X509Certificate unregisteredDevice;

    @TempDir
    Path dir;
    private ManualClock clock;
    private FileObjectHandlers objects;
    private HttpApiServer server;
    private PresignedUrls apiUrls;
    private PresignedUrls deviceUrls;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void certificates() {
        Instant now = Instant.now();
        ca = CertificateAuthority.generate("Fleetline Test CA", now);
        serverKeys = CertificateAuthority.newKeyPair();
        serverCertificate = ca.issueServer(serverKeys.getPublic(), List.of("127.0.0.1", "localhost"), now);
        deviceKeys = CertificateAuthority.newKeyPair();
        registeredDevice = ca.issueDevice(deviceKeys.getPublic(), now);
        unregisteredDevice = ca.issueDevice(deviceKeys.getPublic(), now);
    }

    @BeforeEach
    void start() throws Exception {
        clock = new ManualClock(Instant.now());
        objects = new FileObjectHandlers(dir);
        SigV4Verifier verifier = new SigV4Verifier(new InMemoryKeys(new AccessKey(KEY_ID, SECRET, Instant.EPOCH)),
                clock, "us-east-1");
        S3Endpoint endpoint = new S3Endpoint(new S3Router(S3TestServer.S3, List.of("localhost")),
                caller -> objects.handlers());
        List<ServiceModel> api = List.of(ServiceModel.load("iot"));
        List<ServiceModel> device = List.of(ServiceModel.load("iot-jobs-data"));
        SSLContext tls = DeviceTls.context(Pem.write(serverCertificate) + Pem.write(ca.certificate()),
                Pem.write(serverKeys.getPrivate()), new RegisteredCertificateTrustManager(registeredDevice::equals));
        server = new HttpApiServer("127.0.0.1", 0,
                new ApiDispatcher(new Router(api), new HandlerRegistry(api), verifier, new ObjectMapper()),
                Optional.of(new HttpApiServer.DevicePort(0, tls, new ApiDispatcher(new Router(device),
                        new HandlerRegistry(device), new DeviceAuthenticator(certificate -> Optional.empty()),
                        new ObjectMapper()))),
                Optional.empty(), LIMITS,
                StreamingRoutes.of(new S3Authenticator(verifier), new S3StreamingRoute(endpoint, 64L * MiB)));
        server.start();
        apiUrls = new PresignedUrls(apiEndpoint(), KEY_ID, SECRET, "us-east-1", clock);
        deviceUrls = new PresignedUrls(() -> URI.create("https://127.0.0.1:" + server.devicePort().orElseThrow()),
                KEY_ID, SECRET, "us-east-1", clock);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private URI apiEndpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private S3Client client(Consumer<S3ClientBuilder> settings) {
        S3ClientBuilder builder = S3Client.builder().endpointOverride(apiEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).forcePathStyle(true);
        settings.accept(builder);
        return builder.build();
    }

    private static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    private byte[] put(String key, byte[] body) {
        try (S3Client s3 = client(b -> { })) {
            s3.putObject(r -> r.bucket(BUCKET.value()).key(key), RequestBody.fromBytes(body));
        }
        return body;
    }

    // ---- the SDK on the API port ----

    @Test
    void the_sdk_puts_signed_aws_chunks_with_a_crc32_trailer_and_gets_the_object_back() {
        byte[] body = bytes(300_000, 1);
        try (S3Client s3 = client(b -> { })) {
            String eTag = s3.putObject(r -> r.bucket("firmware").key("fw/v1.bin"), RequestBody.fromBytes(body)).eTag();

            FileObjectHandlers.Stored stored = objects.stored("firmware", "fw/v1.bin").orElseThrow();
            assertThat(stored.bytes()).isEqualTo(body);
            assertThat(stored.trailers()).containsKey("x-amz-checksum-crc32");
            assertThat(eTag).isEqualTo("\"" + stored.md5() + "\"");
            assertThat(s3.getObjectAsBytes(r -> r.bucket("firmware").key("fw/v1.bin")).asByteArray()).isEqualTo(body);
        }
    }

    @Test
    void the_sdk_puts_a_plain_body_whose_sha256_the_head_declares() {
        byte[] body = bytes(100_000, 2);
        try (S3Client s3 = client(b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build()))) {
            s3.putObject(r -> r.bucket("firmware").key("plain.bin"), RequestBody.fromBytes(body));
        }
        assertThat(objects.stored("firmware", "plain.bin").orElseThrow().bytes()).isEqualTo(body);
    }

    @Test
    void the_async_sdk_puts_unsigned_chunks_with_a_crc32_trailer() {
        byte[] body = bytes(2 * MiB + 7, 3);
        try (S3AsyncClient s3 = S3AsyncClient.builder().endpointOverride(apiEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).forcePathStyle(true).build()) {
            s3.putObject(r -> r.bucket("firmware").key("async.bin"), AsyncRequestBody.fromBytes(body)).join();
        }
        FileObjectHandlers.Stored stored = objects.stored("firmware", "async.bin").orElseThrow();
        assertThat(stored.bytes()).isEqualTo(body);
        assertThat(stored.trailers()).containsKey("x-amz-checksum-crc32");
    }

    @Test
    void the_sdk_gets_a_range_as_206_from_the_file_region() {
        byte[] body = put("ranged.bin", bytes(50_000, 4));
        try (S3Client s3 = client(b -> { })) {
            var got = s3.getObjectAsBytes(r -> r.bucket("firmware").key("ranged.bin").range("bytes=100-199"));

            assertThat(got.asByteArray()).isEqualTo(Arrays.copyOfRange(body, 100, 200));
            assertThat(got.response().contentRange()).isEqualTo("bytes 100-199/50000");
            assertThat(got.response().sdkHttpResponse().statusCode()).isEqualTo(206);
        }
    }

    @Test
    void head_object_answers_the_length_and_etag_without_a_body() throws Exception {
        put("head.bin", bytes(12_345, 5));
        try (S3Client s3 = client(b -> { })) {
            HeadObjectResponse head = s3.headObject(r -> r.bucket("firmware").key("head.bin"));

            assertThat(head.contentLength()).isEqualTo(12_345L);
            assertThat(head.eTag()).isEqualTo("\"" + objects.stored("firmware", "head.bin").orElseThrow().md5() + "\"");
        }
        URI url = apiUrls.presign("HEAD", BUCKET, ObjectKey.of("head.bin"), Duration.ofMinutes(5));
        {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-length")).hasValue("12345");
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void a_missing_key_is_the_sdks_no_such_key() {
        try (S3Client s3 = client(b -> { })) {
            assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket("firmware").key("nothing-here")))
                    .isInstanceOfSatisfying(NoSuchKeyException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
                    });
        }
    }

    @Test
    void a_missing_key_is_s3_xml_naming_the_key_and_request() throws Exception {
        URI url = apiUrls.presignGet(BUCKET, ObjectKey.of("nothing-here"), Duration.ofMinutes(5));
        HttpResponse<String> response = get(http, url, Optional.empty());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/xml");
        assertThat(response.body()).contains("<Code>NoSuchKey</Code>", "<Key>nothing-here</Key>",
                "<Resource>/firmware/nothing-here</Resource>",
                "<RequestId>" + response.headers().firstValue("x-amz-request-id").orElseThrow() + "</RequestId>");
    }

    @Test
    void an_unknown_access_key_is_invalid_access_key_id() {
        try (S3Client s3 = S3Client.builder().endpointOverride(apiEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDUNKNOWN",
                        SECRET))).forcePathStyle(true).build()) {
            assertThatThrownBy(() -> s3.putObject(r -> r.bucket("firmware").key("x"), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
                    });
        }
        assertThat(objects.stored("firmware", "x")).isEmpty();
    }

    @Test
    void a_request_signed_too_long_ago_is_request_time_too_skewed() {
        clock.advance(Duration.ofMinutes(20));
        try (S3Client s3 = client(b -> { })) {
            assertThatThrownBy(() -> s3.headObject(r -> r.bucket("firmware").key("x")))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.S3Exception.class,
                            e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        try (S3Client s3 = client(b -> { })) {
            assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket("firmware").key("x")))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.S3Exception.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestTimeTooSkewed");
                        assertThat(e.awsErrorDetails().rawResponse().asUtf8String())
                                .contains("<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>");
                    });
        }
    }

    @Test
    void a_body_that_is_not_the_declared_sha256_is_x_amz_content_sha256_mismatch_and_not_stored() throws Exception {
        byte[] signedFor = "the firmware that was signed".getBytes(StandardCharsets.US_ASCII);
        byte[] sent = "the firmware that was swapped".getBytes(StandardCharsets.US_ASCII);
        String amzDate = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(clock.instant());
        String host = "127.0.0.1:" + server.port();
        io.fleetline.api.binding.RawRequest signed = new io.fleetline.api.binding.RawRequest("PUT", "/firmware/fw.bin",
                "", java.util.Map.of("host", List.of(host), "x-amz-date", List.of(amzDate)), signedFor);
        String authorization = io.fleetline.api.auth.SigV4.authorization(signed, KEY_ID, SECRET, "us-east-1", "s3");

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + host
                        + "/firmware/fw.bin")).header("x-amz-date", amzDate).header("Authorization", authorization)
                .header("x-amz-content-sha256", io.fleetline.api.auth.SigV4.sha256Hex(signedFor))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(sent)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>XAmzContentSHA256Mismatch</Code>");
        assertThat(objects.stored("firmware", "fw.bin")).isEmpty();
    }

    @Test
    void a_handler_that_breaks_is_internal_error_without_its_details() throws Exception {
        URI url = apiUrls.presignGet(BUCKET, ObjectKey.of(FileObjectHandlers.BREAKS), Duration.ofMinutes(5));

        HttpResponse<String> response = get(http, url, Optional.empty());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/xml");
        assertThat(response.body()).contains("<Code>InternalError</Code>").doesNotContain(FileObjectHandlers.BREAKS
                + " is broken");
    }

    // ---- presigned URLs ----

    @Test
    void a_presigned_url_fetches_the_object_with_a_range_on_the_api_port() throws Exception {
        byte[] body = put("fw/v2.bin", bytes(70_000, 6));
        URI url = apiUrls.presignGet(BUCKET, ObjectKey.of("fw/v2.bin"), Duration.ofHours(1));

        {
            HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=-10").build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(body);
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.body()).isEqualTo(Arrays.copyOfRange(body, body.length - 10, body.length));
        }
    }

    @Test
    void a_key_with_spaces_dot_segments_and_a_plus_round_trips_through_a_presigned_url() throws Exception {
        String key = "a b/../c+d";
        byte[] body = put(key, bytes(1_000, 7));
        URI url = apiUrls.presignGet(BUCKET, ObjectKey.of(key), Duration.ofMinutes(5));

        assertThat(url.getRawPath()).isEqualTo("/firmware/a%20b/%2E%2E/c%2Bd");
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void an_expired_presigned_url_is_access_denied_request_has_expired() throws Exception {
        put("fw.bin", bytes(10, 8));
        URI url = apiUrls.presignGet(BUCKET, ObjectKey.of("fw.bin"), Duration.ofSeconds(60));
        Instant signed = clock.instant();
        clock.advance(Duration.ofSeconds(61));

        HttpResponse<String> response = get(http, url, Optional.empty());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>AccessDenied</Code>", "<Message>Request has expired</Message>",
                "<X-Amz-Expires>60</X-Amz-Expires>",
                "<Expires>" + signed.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "</Expires>",
                "<ServerTime>" + clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "</ServerTime>");
    }

    @Test
    void a_tampered_presigned_url_is_signature_does_not_match() throws Exception {
        put("fw.bin", bytes(10, 9));
        put("other.bin", bytes(10, 10));
        URI url = apiUrls.presignGet(BUCKET, ObjectKey.of("fw.bin"), Duration.ofMinutes(5));

        HttpResponse<String> otherKey = get(http,
                URI.create(url.toString().replace("/fw.bin?", "/other.bin?")), Optional.empty());
        HttpResponse<String> longer = get(http,
                URI.create(url.toString().replace("X-Amz-Expires=300", "X-Amz-Expires=3000")), Optional.empty());

        assertThat(otherKey.statusCode()).isEqualTo(403);
        assertThat(otherKey.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(longer.statusCode()).isEqualTo(403);
        assertThat(longer.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void presigned_urls_live_one_second_to_seven_days() {
        assertThatThrownBy(() -> apiUrls.presignGet(BUCKET, ObjectKey.of("k"), Duration.ofDays(7).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> apiUrls.presignGet(BUCKET, ObjectKey.of("k"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(apiUrls.presignGet(BUCKET, ObjectKey.of("k"), Duration.ofDays(7)).getRawQuery())
                .contains("X-Amz-Expires=604800", "X-Amz-SignedHeaders=host");
    }

    @Test
    void an_x_amz_expires_past_seven_days_is_refused_even_when_signed() throws Exception {
        put("fw.bin", bytes(10, 11));
        try (S3Presigner presigner = presigner()) {
            URI url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofDays(7))
                    .getObjectRequest(r -> r.bucket("firmware").key("fw.bin"))).url().toURI();
            URI tooLong = URI.create(url.toString().replace("X-Amz-Expires=604800", "X-Amz-Expires=604801"));

            HttpResponse<String> response = get(http, tooLong, Optional.empty());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("<Code>AuthorizationQueryParametersError</Code>");
        }
    }

    @Test
    void the_sdks_presigned_get_and_put_urls_work() throws Exception {
        byte[] body = "firmware image".getBytes(StandardCharsets.US_ASCII);
        try (S3Presigner presigner = presigner()) {
            URI putUrl = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(r -> r.bucket("firmware").key("presigned/put.bin"))).url().toURI();
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(putUrl)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            URI getUrl = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(r -> r.bucket("firmware").key("presigned/put.bin"))).url().toURI();
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(getUrl).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(body);
        }
    }

    private S3Presigner presigner() {
        return S3Presigner.builder().endpointOverride(apiEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(true).build()).build();
    }

    // ---- the AWS CLI v1's legacy (SigV2) presigned URLs ----

    @Test
    void the_aws_cli_v1s_presigned_url_downloads_the_object() throws Exception {
        String key = "a b/../c+d";
        byte[] body = put(key, bytes(2_000, 12));

        String url = cliPresign("aws", "s3://firmware/" + key, "--expires-in", "600");

        assertThat(url).contains("AWSAccessKeyId=" + KEY_ID, "Signature=", "Expires=");
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);

        HttpResponse<String> tampered = get(http,
                URI.create(url.replace("/c%2Bd?", "/c%2Be?")), Optional.empty());
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void the_aws_cli_v1s_presigned_url_expires() throws Exception {
        put("fw.bin", bytes(10, 13));
        String url = cliPresign("aws", "s3://firmware/fw.bin", "--expires-in", "60");
        clock.advance(Duration.ofMinutes(2));

        HttpResponse<String> response = get(http, URI.create(url), Optional.empty());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>AccessDenied</Code>", "<Message>Request has expired</Message>",
                "<Expires>", "<ServerTime>");
    }

    @Test
    void the_aws_cli_v2s_sigv4_presigned_url_downloads_the_object() throws Exception {
        String key = "a b/../c+d";
        byte[] body = put(key, bytes(3_000, 18));

        String url = cliPresign("/usr/bin/aws", "s3://firmware/" + key, "--region", "us-east-1");

        assertThat(url).contains("X-Amz-Credential=" + KEY_ID + "%2F", "X-Amz-Expires=3600");
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
    }

    /** {@code aws s3 presign} of the CLI named ({@code aws} on the PATH is v1, {@code /usr/bin/aws} v2). */
    private String cliPresign(String cli, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(cli, "s3", "presign", "--endpoint-url",
                apiEndpoint().toString()));
        command.addAll(List.of(arguments));
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            var env = builder.environment();
            env.put("AWS_ACCESS_KEY_ID", KEY_ID);
            env.put("AWS_SECRET_ACCESS_KEY", SECRET);
            env.remove("AWS_DEFAULT_REGION");
            env.remove("AWS_REGION");
            env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            process = builder.start();
        } catch (IOException missing) {
            Assumptions.abort("no AWS CLI at " + cli);
            throw missing;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Assumptions.assumeTrue(process.exitValue() == 0 && out.startsWith("http"), cli + " did not presign: " + out);
        if (cli.equals("aws")) {
            Assumptions.assumeTrue(out.contains("AWSAccessKeyId="), "the aws on the PATH does not presign with SigV2: "
                    + out);
        }
        return out;
    }

    // ---- the device port: presigned downloads without a client certificate, nothing else ----

    @Test
    void a_presigned_url_downloads_a_range_on_the_device_port_without_a_client_certificate() throws Exception {
        byte[] body = put("fw/device.bin", bytes(40_000, 14));
        URI url = deviceUrls.presignGet(BUCKET, ObjectKey.of("fw/device.bin"), Duration.ofMinutes(10));

        try (HttpClient http = deviceClient(false)) {
            HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=1000-1999")
                    .build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(body);
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.body()).isEqualTo(Arrays.copyOfRange(body, 1000, 2000));
        }
    }

    @Test
    void a_device_with_its_certificate_downloads_by_a_presigned_url_too() throws Exception {
        byte[] body = put("fw/device.bin", bytes(4_000, 15));
        URI url = deviceUrls.presignGet(BUCKET, ObjectKey.of("fw/device.bin"), Duration.ofMinutes(10));

        try (HttpClient http = deviceClient(true)) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(body);
        }
    }

    @Test
    void expired_and_tampered_presigned_urls_are_refused_on_the_device_port() throws Exception {
        put("fw.bin", bytes(10, 16));
        URI url = deviceUrls.presignGet(BUCKET, ObjectKey.of("fw.bin"), Duration.ofSeconds(30));
        try (HttpClient http = deviceClient(false)) {
            HttpResponse<String> tampered = get(http, URI.create(url.toString().replace("fw.bin", "fw.bim")),
                    Optional.empty());
            clock.advance(Duration.ofSeconds(31));
            HttpResponse<String> expired = get(http, url, Optional.empty());

            assertThat(tampered.statusCode()).isEqualTo(403);
            assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
            assertThat(expired.statusCode()).isEqualTo(403);
            assertThat(expired.body()).contains("<Code>AccessDenied</Code>", "Request has expired");
        }
    }

    @Test
    void without_a_client_certificate_an_iot_jobs_request_on_the_device_port_is_cut_off_unanswered()
            throws Exception {
        URI jobs = URI.create("https://127.0.0.1:" + server.devicePort().orElseThrow() + "/things/thing-1/jobs");
        try (HttpClient http = deviceClient(false)) {
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(jobs).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
        try (HttpClient http = deviceClient(true)) {
            HttpResponse<String> answered = http.send(HttpRequest.newBuilder(jobs).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answered.statusCode()).as("the device dispatcher answers a device with its certificate")
                    .isBetween(200, 499);
            assertThat(answered.body()).doesNotContain("<Error>");
        }
    }

    @Test
    void without_a_client_certificate_nothing_but_a_presigned_download_is_served_on_the_device_port()
            throws Exception {
        String device = "https://127.0.0.1:" + server.devicePort().orElseThrow();
        put("fw.bin", bytes(10, 17));
        URI presignedPut = deviceUrls.presign("PUT", BUCKET, ObjectKey.of("fw.bin"), Duration.ofMinutes(5));
        try (HttpClient http = deviceClient(false)) {
            for (HttpRequest request : List.of(
                    HttpRequest.newBuilder(URI.create(device + "/health")).build(),
                    HttpRequest.newBuilder(presignedPut).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpRequest.newBuilder(URI.create(device + "/firmware/fw.bin")).build())) {
                assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                        .as(request.method() + " " + request.uri()).isInstanceOf(IOException.class);
            }
        }
        assertThat(objects.stored("firmware", "fw.bin").orElseThrow().bytes()).isEqualTo(bytes(10, 17));
    }

    @Test
    void an_unregistered_client_certificate_still_fails_the_handshake() throws Exception {
        URI url = deviceUrls.presignGet(BUCKET, ObjectKey.of("fw.bin"), Duration.ofMinutes(5));
        try (HttpClient http = HttpClient.newBuilder().sslContext(clientTls(Optional.of(unregisteredDevice)))
                .build()) {
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void without_streaming_routes_the_device_port_still_needs_a_certificate_in_the_handshake() throws Exception {
        List<ServiceModel> device = List.of(ServiceModel.load("iot-jobs-data"));
        SSLContext tls = DeviceTls.context(Pem.write(serverCertificate) + Pem.write(ca.certificate()),
                Pem.write(serverKeys.getPrivate()), new RegisteredCertificateTrustManager(registeredDevice::equals));
        List<ServiceModel> api = List.of(ServiceModel.load("iot"));
        try (HttpApiServer plain = new HttpApiServer("127.0.0.1", 0, new ApiDispatcher(new Router(api),
                new HandlerRegistry(api), SigV4Verifier.permissive(clock), new ObjectMapper()),
                Optional.of(new HttpApiServer.DevicePort(0, tls, new ApiDispatcher(new Router(device),
                        new HandlerRegistry(device), new DeviceAuthenticator(certificate -> Optional.empty()),
                        new ObjectMapper()))), Optional.empty(), LIMITS);
             HttpClient noCertificate = deviceClient(false)) {
            plain.start();
            URI health = URI.create("https://127.0.0.1:" + plain.devicePort().orElseThrow() + "/health");

            assertThatThrownBy(() -> noCertificate.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI url, Optional<String> range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url);
        range.ifPresent(r -> request.header("Range", r));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient deviceClient(boolean withCertificate) throws Exception {
        return HttpClient.newBuilder().sslContext(clientTls(withCertificate ? Optional.of(registeredDevice)
                : Optional.empty())).build();
    }

    /** A client that trusts the test CA (as devices trust data/ca/ca.pem), presenting a certificate or none. */
    private static SSLContext clientTls(Optional<X509Certificate> certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManager[] keys = null;
        if (certificate.isPresent()) {
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            own.setKeyEntry("device", deviceKeys.getPrivate(), new char[0],
                    new X509Certificate[] {certificate.get()});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(own, new char[0]);
            keys = factory.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust.getTrustManagers(), new SecureRandom());
        return context;
    }
}
