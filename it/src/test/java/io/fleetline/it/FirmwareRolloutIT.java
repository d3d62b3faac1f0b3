package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobExecutionSummaryForJob;
import software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A firmware rollout end to end on the server's own object store: the operator uploads an image and a job document
 * with a presigned-URL placeholder through the S3 API (AWS SDK), creates a job from the document's S3 URL for a group
 * of fifty things, and fifty devices on MQTT over mutual TLS run it at once: each takes its execution, finds the URL
 * made for it in the document, downloads the image from the device HTTPS port with no client certificate (trusting
 * only the data dir's CA), has its first download cut off part-way and resumes it with {@code Range}, checks the
 * image's SHA-256 against the document's, and reports SUCCEEDED. The server's clock is a manual one: a URL is refused
 * once the clock passes its expiry, without waiting for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirmwareRolloutIT {
    private static final HexFormat HEX = HexFormat.of();
    private static final int FLEET = 50;
    private static final String BUCKET = "fleet-firmware";
    private static final String IMAGE_KEY = "images/sensor-hub/firmware-3.0.0.bin";
    private static final String DOCUMENT_KEY = "jobs/firmware-3.0.0.json";
    private static final String ROLE = "arn:aws:iam::000000000000:role/ota-downloads";
    private static final int IMAGE_BYTES = 3 * 1024 * 1024 + 12_345;

    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final byte[] image = new byte[IMAGE_BYTES];
    String imageSha256;
    TestServer server;
    IotClient iot;
    S3Client s3;
    String groupArn;
    final List<DeviceIdentity> identities = new ArrayList<>();
    final ExecutorService pool = Executors.newFixedThreadPool(FLEET);
    SSLContext trustingTheCaOnly;
    HttpClient https;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        new Random(3_000).nextBytes(image);
        imageSha256 = HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        server = TestServer.start(Store.SQLITE, dir, clock, c -> c.withMqtt(m -> m.withPort(0))
                .withHttp(h -> h.withDeviceHttpsPort(0)));
        iot = Sdk.iot(server);
        s3 = Sdk.s3(server);
        trustingTheCaOnly = SSLContext.getInstance("TLS");
        trustingTheCaOnly.init(null, DeviceIdentity.trusting(server.caFile()).getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(trustingTheCaOnly).version(HttpClient.Version.HTTP_1_1).build();

        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putObject(r -> r.bucket(BUCKET).key(IMAGE_KEY).contentType("application/octet-stream")
                .metadata(Map.of("sha256", imageSha256, "version", "3.0.0")), RequestBody.fromBytes(image));
        s3.putObject(r -> r.bucket(BUCKET).key(DOCUMENT_KEY).contentType("application/json"), RequestBody.fromString("""
                {"operation": "firmware_update", "version": "3.0.0",
                 "files": [{"fileName": "firmware-3.0.0.bin", "size": %d, "sha256": "%s",
                            "url": "${aws:iot:s3-presigned-url:https://s3.amazonaws.com/%s/%s}"}]}"""
                .formatted(IMAGE_BYTES, imageSha256, BUCKET, IMAGE_KEY)));

        iot.createPolicy(r -> r.policyName("firmware-devices").policyDocument(JobsFleetIT.POLICY));
        groupArn = iot.createThingGroup(r -> r.thingGroupName("SensorHubsV3")).thingGroupArn();
        // fifty things, each with a certificate of its own, issued by the server's CA for a key the device made
        ExecutorService operators = Executors.newFixedThreadPool(8);
        try {
            List<Future<DeviceIdentity>> created = new ArrayList<>();
            for (int i = 0; i < FLEET; i++) {
                String thing = thingName(i);
                created.add(operators.submit(() -> {
                    DeviceIdentity identity = deviceWithItsOwnKey(thing);
                    iot.addThingToThingGroup(r -> r.thingGroupName("SensorHubsV3").thingName(thing));
                    return identity;
                }));
            }
            for (Future<DeviceIdentity> identity : created) {
                identities.add(identity.get(120, TimeUnit.SECONDS));
            }
        } finally {
            operators.shutdownNow();
        }
    }

    /**
     * A new thing and its device: an EC key made here (fast, unlike the RSA keys CreateKeysAndCertificate makes), a
     * certificate from CreateCertificateFromCsr, active, with the fleet's policy, the thing's principal.
     */
    private DeviceIdentity deviceWithItsOwnKey(String thing) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC",
                new org.bouncycastle.jce.provider.BouncyCastleProvider());  // its keys' PEM carries the public key
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair keys = generator.generateKeyPair();
        var csr = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new org.bouncycastle.asn1.x500.X500Name("CN=" + thing), keys.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .build(keys.getPrivate()));
        var issued = iot.createCertificateFromCsr(r -> r.certificateSigningRequest(
                io.fleetline.security.ca.Pem.write(csr)).setAsActive(true));
        iot.createThing(r -> r.thingName(thing));
        iot.attachPolicy(r -> r.policyName("firmware-devices").target(issued.certificateArn()));
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(issued.certificateArn()));
        return new DeviceIdentity(issued.certificateArn(), issued.certificateId(), issued.certificatePem(),
                io.fleetline.security.ca.Pem.write(keys));
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        if (https != null) {
            https.close();
        }
        if (s3 != null) {
            s3.close();
            iot.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String thingName(int i) {
        return String.format(Locale.ROOT, "hub-%02d", i);
    }

    /** What one device did with its execution. */
    private record Run(String thing, URI url, long cutAfter, String sha256) {
    }

    @Test
    void fifty_devices_download_the_image_by_their_presigned_urls_resume_a_cut_download_and_all_succeed()
            throws Exception {
        List<Future<JobDevice>> connecting = new ArrayList<>();
        for (int i = 0; i < FLEET; i++) {
            DeviceIdentity identity = identities.get(i);
            String thing = thingName(i);
            connecting.add(pool.submit(() -> new JobDevice(server, identity, thing, null, o -> { })));
        }
        List<JobDevice> devices = new ArrayList<>();
        try {
            for (Future<JobDevice> device : connecting) {
                devices.add(device.get(60, TimeUnit.SECONDS));
            }
            iot.createJob(r -> r.jobId("firmware-3-0-0").targets(groupArn)
                    .documentSource("https://s3.amazonaws.com/" + BUCKET + "/" + DOCUMENT_KEY)
                    .presignedUrlConfig(p -> p.roleArn(ROLE).expiresInSec(3600L)));
            server.tickJobs();  // releases all fifty: no rollout rate was asked for

            List<Future<Run>> runs = new ArrayList<>();
            for (int i = 0; i < FLEET; i++) {
                JobDevice device = devices.get(i);
                // each device loses its connection at another point of the image, the last one a byte before the end
                long cutAfter = i == FLEET - 1 ? IMAGE_BYTES - 1 : 1 + (long) i * (IMAGE_BYTES / FLEET);
                runs.add(pool.submit(() -> runJob(device, cutAfter)));
            }
            List<Run> done = new ArrayList<>();
            for (Future<Run> run : runs) {
                done.add(run.get(120, TimeUnit.SECONDS));
            }
            assertThat(done).extracting(Run::sha256).containsOnly(imageSha256);
        } finally {
            devices.forEach(JobDevice::close);
        }

        server.tickJobs();  // the engine completes a snapshot job whose executions all ended
        var job = iot.describeJob(r -> r.jobId("firmware-3-0-0")).job();
        assertThat(job.statusAsString()).isEqualTo("COMPLETED");
        assertThat(job.jobProcessDetails().numberOfSucceededThings()).isEqualTo(FLEET);
        assertThat(job.jobProcessDetails().numberOfFailedThings()).isZero();
        assertThat(job.jobProcessDetails().numberOfInProgressThings()).isZero();
        assertThat(job.jobProcessDetails().numberOfQueuedThings()).isZero();
        List<JobExecutionSummaryForJob> executions = new ArrayList<>();
        iot.listJobExecutionsForJobPaginator(r -> r.jobId("firmware-3-0-0").maxResults(20))
                .forEach(page -> executions.addAll(page.executionSummaries()));
        assertThat(executions).hasSize(FLEET);
        assertThat(executions).extracting(e -> e.jobExecutionSummary().statusAsString()).containsOnly("SUCCEEDED");
        var reported = iot.describeJobExecution(r -> r.jobId("firmware-3-0-0").thingName(thingName(7))).execution();
        assertThat(reported.statusDetails().detailsMap()).containsEntry("sha256", imageSha256)
                .containsEntry("resumedAt", Long.toString(1 + 7L * (IMAGE_BYTES / FLEET)));
    }

    /**
     * One device's part: start-next, the URL out of the document, the download cut off after {@code cutAfter} bytes
     * and resumed, the digest checked, SUCCEEDED reported and accepted.
     */
    private Run runJob(JobDevice device, long cutAfter) throws Exception {
        JsonNode notified = device.next("/notify-next").path("execution");
        assertThat(notified.path("jobId").asText()).as(device.thingName()).isEqualTo("firmware-3-0-0");
        device.publish("start-next", "{\"statusDetails\": {\"step\": \"downloading\"}}");
        JsonNode execution = device.next("start-next/accepted").path("execution");
        assertThat(execution.path("status").asText()).isEqualTo("IN_PROGRESS");
        JsonNode file = execution.path("jobDocument").path("files").path(0);
        assertThat(file.path("url").asText()).as("the placeholder was replaced").doesNotContain("${aws:iot");
        URI url = URI.create(file.path("url").asText());
        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getPort()).as("the device port").isEqualTo(server.deviceHttpsPort());
        assertThat(url.getPath()).isEqualTo("/" + BUCKET + "/" + IMAGE_KEY);

        byte[] head = downloadCutOff(url, cutAfter);
        HttpResponse<byte[]> rest = https.send(HttpRequest.newBuilder(url).header("Range", "bytes=" + cutAfter + "-")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(rest.statusCode()).as(device.thingName() + " resumes").isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Range"))
                .hasValue("bytes " + cutAfter + "-" + (IMAGE_BYTES - 1) + "/" + IMAGE_BYTES);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(head);
        sha256.update(rest.body());
        String digest = HEX.formatHex(sha256.digest());
        String status = digest.equals(file.path("sha256").asText()) ? "SUCCEEDED" : "FAILED";

        device.publish("firmware-3-0-0/update", """
                {"status": "%s", "expectedVersion": %d, "clientToken": "installed",
                 "statusDetails": {"sha256": "%s", "resumedAt": "%d"}}"""
                .formatted(status, execution.path("versionNumber").asLong(), digest, cutAfter));
        JsonNode accepted = device.next("firmware-3-0-0/update/accepted");
        assertThat(accepted.path("clientToken").asText()).isEqualTo("installed");
        return new Run(device.thingName(), url, cutAfter, digest);
    }

    /**
     * A GET of {@code url} over TLS without a client certificate that reads the head and {@code cutAfter} bytes of
     * the body and then resets the connection, as a device losing its network does.
     */
    private byte[] downloadCutOff(URI url, long cutAfter) throws IOException {
        try (SSLSocket socket = (SSLSocket) trustingTheCaOnly.getSocketFactory().createSocket(url.getHost(),
                url.getPort())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.getOutputStream().write(("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\n"
                    + "Host: " + url.getHost() + ":" + url.getPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<String> head = new ArrayList<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                head.add(line);
            }
            assertThat(head.get(0)).as(String.join("\n", head)).startsWith("HTTP/1.1 200");
            assertThat(head).contains("Content-Length: " + IMAGE_BYTES);
            byte[] body = in.readNBytes((int) cutAfter);
            assertThat(body).hasSize((int) cutAfter);
            socket.setSoLinger(true, 0);  // close with a reset, the rest unread
            return body;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended inside the head");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void a_devices_presigned_url_is_served_until_its_expiry_and_refused_with_access_denied_after_it()
            throws Exception {
        String thing = thingName(0);
        iot.createJob(r -> r.jobId("short-lived-url").targets(JobsFleetIT.arnOf(thing))
                .documentSource("https://s3.amazonaws.com/" + BUCKET + "/" + DOCUMENT_KEY)
                .presignedUrlConfig(p -> p.roleArn(ROLE).expiresInSec(60L)));
        server.tickJobs();
        Instant signedAt = clock.instant();
        URI url;
        try (IotJobsDataPlaneClient data = Sdk.jobsData(server)) {
            JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(data.describeJobExecution(
                    r -> r.thingName(thing).jobId("short-lived-url")).execution().jobDocument());
            url = URI.create(document.path("files").path(0).path("url").asText());
        }
        assertThat(url.getQuery()).contains("X-Amz-Expires=60");
        try {
            clock.advance(Duration.ofSeconds(59));
            HttpResponse<byte[]> served = https.send(HttpRequest.newBuilder(url).header("Range", "bytes=0-99").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).as("59 s after it was made").isEqualTo(206);
            assertThat(served.body()).isEqualTo(java.util.Arrays.copyOf(image, 100));

            clock.advance(Duration.ofSeconds(2));
            HttpResponse<String> expired = https.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(expired.statusCode()).as("61 s after it was made").isEqualTo(403);
            assertThat(expired.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).contains("xml"));
            assertThat(expired.body()).contains("<Error>").contains("<Code>AccessDenied</Code>")
                    .contains("<Message>Request has expired</Message>").contains("<X-Amz-Expires>60</X-Amz-Expires>")
                    .doesNotContain(HEX.formatHex(image, 0, 16));
        } finally {
            clock.set(signedAt);  // the SDK's signatures are checked against this clock too
        }
    }
}
