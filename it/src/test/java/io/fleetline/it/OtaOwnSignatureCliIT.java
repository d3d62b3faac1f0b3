package io.fleetline.it;

import static io.fleetline.it.OtaCli.BUCKET;
import static io.fleetline.it.OtaCli.CERTNAME;
import static io.fleetline.it.OtaCli.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Firmware signed outside Fleetline, with OpenSSL, as {@code docs/ota.md} shows it with both AWS CLIs: an OTA update
 * of a stream the user made ({@code create-stream}) with a {@code customCodeSigning} signature, which a device checks
 * and deleting the update leaves in place; and the plain job document for Linux agents, which an agent takes, downloads
 * and reports on over HTTPS with nothing but {@code curl}, its certificate and OpenSSL.
 */
class OtaOwnSignatureCliIT {
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    TestServer server;
    HttpClient https;

    static Stream<AwsCli> clis() {
        return RegistryCliIT.clis();
    }

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(Store.SQLITE, dir, clock, c -> c.withMqtt(m -> m.withPort(0))
                .withHttp(h -> h.withDeviceHttpsPort(0)));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, DeviceIdentity.trusting(server.caFile()).getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        https.close();
        server.close();
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void an_update_of_the_users_stream_with_an_openssl_signature_reaches_devices_and_leaves_the_stream(AwsCli aws)
            throws Exception {
        OtaCli cli = new OtaCli(aws, server, clock);
        Path work = Files.createDirectories(dir.resolve("work"));
        byte[] image = OtaCli.image(work, 70_000);
        Map<String, DeviceIdentity> devices = cli.fleet(work, "fw-fleet", OtaUpdateIT.POLICY, "dev-1");
        String version = cli.versionedImage(work);
        Path[] signer = cli.openSslSigner(work);
        CodeSigningCliIT.openssl(work, "dgst", "-sha256", "-sign", signer[1].toString(), "-out", "app.sig",
                "app.bin");
        String signature = Base64.getEncoder().encodeToString(Files.readAllBytes(work.resolve("app.sig")));
        cli.ok("iot", "create-stream", "--stream-id", "fw-2-1-0", "--files",
                "fileId=0,s3Location={bucket=" + BUCKET + ",key=app.bin,version=" + version + "}",
                "--role-arn", ROLE);
        Path files = OtaCli.files(work, Map.of("fileName", "/device/app.bin",
                "fileLocation", Map.of("stream", Map.of("streamId", "fw-2-1-0", "fileId", 0)),
                "codeSigning", Map.of("customCodeSigning", Map.of(
                        "signature", Map.of("inlineDocument", signature),
                        "certificateChain", Map.of("certificateName", CERTNAME,
                                "inlineDocument", Files.readString(signer[0])),
                        "hashAlgorithm", "SHA256", "signatureAlgorithm", "ECDSA"))));
        String thingArn = cli.ok("iot", "describe-thing", "--thing-name", "dev-1").path("thingArn").asText();

        cli.ok("iot", "create-ota-update", "--ota-update-id", "fw-2-1-0", "--targets", thingArn, "--protocols", "MQTT",
                "--files", "file://" + files, "--role-arn", ROLE);
        JsonNode info = cli.created("fw-2-1-0");

        assertThat(info.path("otaUpdateStatus").asText()).as(info.toString()).isEqualTo("CREATE_COMPLETE");
        JsonNode ota = cli.afrOta("AFR_OTA-fw-2-1-0");
        assertThat(ota.path("streamname").asText()).isEqualTo("fw-2-1-0");
        assertThat(ota.path("files").get(0).path("sig-sha256-ecdsa").asText()).isEqualTo(signature);
        try (OtaDevice device = new OtaDevice(server, devices.get("dev-1"), "dev-1", OtaDevice.Transport.MQTT_CBOR,
                Files.readString(signer[0]), https)) {
            server.tickJobs();
            OtaDevice.Result result = device.update(120);
            assertThat(result.status()).isEqualTo("SUCCEEDED");
            assertThat(result.image()).isEqualTo(image);
        }
        server.tickJobs();
        assertThat(cli.ok("iot", "describe-job", "--job-id", "AFR_OTA-fw-2-1-0").path("job").path("status").asText())
                .isEqualTo("COMPLETED");
        assertThat(cli.run("iot", "delete-stream", "--stream-id", "fw-2-1-0").errorCode())
                .as("the update holds its stream").isEqualTo("DeleteConflictException");

        cli.ok("iot", "delete-ota-update", "--ota-update-id", "fw-2-1-0", "--delete-stream");
        assertThat(cli.deleted("fw-2-1-0")).isEqualTo("ResourceNotFoundException");
        assertThat(cli.ok("iot", "describe-stream", "--stream-id", "fw-2-1-0").path("streamInfo")
                .path("streamVersion").asInt()).as("a stream the user made stays").isEqualTo(1);
        cli.ok("iot", "delete-stream", "--stream-id", "fw-2-1-0");
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void a_linux_agent_takes_the_plain_job_document_downloads_checks_and_reports_over_https(AwsCli aws)
            throws Exception {
        OtaCli cli = new OtaCli(aws, server, clock);
        Path work = Files.createDirectories(dir.resolve("work"));
        byte[] image = OtaCli.image(work, 90_000);
        String policy = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
                  "iotjobsdata:StartNextPendingJobExecution", "iotjobsdata:UpdateJobExecution"],
                  "Resource": "arn:aws:iot:us-east-1:000000000000:thing/gw-1"}]}""";
        DeviceIdentity gateway = cli.fleet(work, "gateways", policy, "gw-1").get("gw-1");
        Path[] credentials = gateway.writeTo(work, "gw-1");
        String version = cli.versionedImage(work);
        Path[] signer = cli.openSslSigner(work);
        CodeSigningCliIT.openssl(work, "dgst", "-sha256", "-sign", signer[1].toString(), "-out", "app.sig",
                "app.bin");
        Files.writeString(work.resolve("job.json"), """
                {"fleetline_ota": {"version": 1, "files": [{"path": "/opt/app/app.bin",
                  "url": "${aws:iot:s3-presigned-url:https://s3.us-east-1.amazonaws.com/%s/app.bin?versionId=%s}",
                  "size": %d, "sha256": "%s",
                  "signature": {"algorithm": "SHA256withECDSA", "value": "%s", "certificate": "%s"}}]}}"""
                .formatted(BUCKET, version, image.length, sha256(image),
                        Base64.getEncoder().encodeToString(Files.readAllBytes(work.resolve("app.sig"))), CERTNAME));

        cli.ok("iot", "create-job", "--job-id", "fw-linux-2-1-0", "--targets",
                cli.ok("iot", "describe-thing-group", "--thing-group-name", "gateways").path("thingGroupArn").asText(),
                "--document", "file://" + work.resolve("job.json"),
                "--presigned-url-config", "roleArn=" + ROLE + ",expiresInSec=1800");
        server.tickJobs();
        String device = "https://127.0.0.1:" + server.deviceHttpsPort();
        JsonNode execution = OtaCli.JSON.readTree(curl(work, credentials, "-X", "PUT", "-d", "{}",
                device + "/things/gw-1/jobs/$next")).path("execution");
        JsonNode file = OtaCli.JSON.readTree(execution.path("jobDocument").asText()).path("fleetline_ota")
                .path("files").get(0);
        curl(work, null, "-o", "downloaded.bin", file.path("url").asText());
        byte[] downloaded = Files.readAllBytes(work.resolve("downloaded.bin"));
        assertThat(downloaded).isEqualTo(image);
        assertThat(sha256(downloaded)).isEqualTo(file.path("sha256").asText());
        Files.write(work.resolve("downloaded.sig"), Base64.getDecoder().decode(file.path("signature").path("value")
                .asText()));
        CodeSigningCliIT.openssl(work, "x509", "-in", signer[0].toString(), "-pubkey", "-noout", "-out",
                "ecdsasigner.pub");
        CodeSigningCliIT.openssl(work, "dgst", "-sha256", "-verify", "ecdsasigner.pub", "-signature",
                "downloaded.sig", "downloaded.bin");
        curl(work, credentials, "-X", "POST", "-d", "{\"status\": \"SUCCEEDED\", \"statusDetails\": {\"version\":"
                + " \"2.1.0\"}}", device + "/things/gw-1/jobs/" + execution.path("jobId").asText());

        JsonNode done = cli.ok("iot", "describe-job-execution", "--job-id", "fw-linux-2-1-0", "--thing-name", "gw-1")
                .path("execution");
        assertThat(done.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.path("statusDetails").path("detailsMap").path("version").asText()).isEqualTo("2.1.0");
    }

    /** curl as the docs run it: trusting the server's CA, with the device's certificate when given; its output. */
    private String curl(Path work, Path[] credentials, String... args) throws Exception {
        var command = new java.util.ArrayList<>(java.util.List.of("curl", "--silent", "--show-error", "--fail",
                "--cacert", server.caFile().toString()));
        if (credentials != null) {
            command.addAll(java.util.List.of("--cert", credentials[0].toString(), "--key", credentials[1].toString()));
        }
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).directory(work.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + err + out).isZero();
        return out;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
