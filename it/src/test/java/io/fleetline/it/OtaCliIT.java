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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16's command sequence with both AWS CLIs, from an empty server, as {@code docs/ota.md} tells users to run it:
 * things, a thing group and device certificates made with the CLI; the image uploaded to a versioned bucket; a
 * code-signing key and certificate made with OpenSSL and imported into ACM; a Signer profile and a signing job;
 * {@code create-ota-update} for the group over MQTT and HTTP with rollout, abort and timeout settings; a device that
 * downloads over MQTT streams (CBOR) and one over HTTPS verify the signature and succeed; the update listed, then
 * deleted with its stream and job. And an update that signs its image itself ({@code startSigningJobParameter}).
 */
class OtaCliIT {
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
    void the_issues_command_sequence_updates_devices_over_mqtt_and_https_and_deletes_the_update(AwsCli aws)
            throws Exception {
        OtaCli cli = new OtaCli(aws, server, clock);
        Path work = Files.createDirectories(dir.resolve("work"));
        byte[] image = OtaCli.image(work, 150 * 1024 + 77);
        Map<String, DeviceIdentity> devices = cli.fleet(work, "fw-fleet", OtaUpdateIT.POLICY, "dev-1", "dev-2");
        String groupArn = cli.ok("iot", "describe-thing-group", "--thing-group-name", "fw-fleet").path("thingGroupArn")
                .asText();
        String version = cli.versionedImage(work);
        Path[] signer = cli.openSslSigner(work);
        String certificateArn = cli.ok("acm", "import-certificate", "--certificate", "fileb://" + signer[0],
                "--private-key", "fileb://" + signer[1]).path("CertificateArn").asText();
        cli.ok("signer", "put-signing-profile", "--profile-name", "fw_signer", "--platform-id",
                "AmazonFreeRTOS-Default", "--signing-material", "certificateArn=" + certificateArn,
                "--signing-parameters", "certname=" + CERTNAME);
        String signingJob = cli.ok("signer", "start-signing-job", "--source",
                "s3={bucketName=" + BUCKET + ",key=app.bin,version=" + version + "}", "--destination",
                "s3={bucketName=" + BUCKET + ",prefix=signed/}", "--profile-name", "fw_signer").path("jobId").asText();
        JsonNode signing = cli.ok("signer", "describe-signing-job", "--job-id", signingJob);
        assertThat(signing.path("status").asText()).isEqualTo("Succeeded");
        assertThat(signing.path("signedObject").path("s3").path("key").asText()).isEqualTo("signed/" + signingJob);

        Path files = OtaCli.files(work, Map.of("fileName", "/device/app.bin", "fileType", 1,
                "fileLocation", Map.of("s3Location", Map.of("bucket", BUCKET, "key", "app.bin", "version", version)),
                "codeSigning", Map.of("awsSignerJobId", signingJob)));
        JsonNode created = cli.ok("iot", "create-ota-update", "--ota-update-id", "fw-2-1-0", "--targets", groupArn,
                "--protocols", "MQTT", "HTTP", "--files", "file://" + files, "--role-arn", ROLE,
                "--aws-job-executions-rollout-config", "maximumPerMinute=50",
                "--aws-job-abort-config", "abortCriteriaList=[{failureType=FAILED,action=CANCEL,"
                        + "thresholdPercentage=50,minNumberOfExecutedThings=10}]",
                "--aws-job-timeout-config", "inProgressTimeoutInMinutes=60",
                "--aws-job-presigned-url-config", "expiresInSec=1800");
        assertThat(created.path("otaUpdateStatus").asText()).isEqualTo("CREATE_PENDING");
        JsonNode info = cli.created("fw-2-1-0");
        assertThat(info.path("otaUpdateStatus").asText()).as(info.toString()).isEqualTo("CREATE_COMPLETE");
        assertThat(info.path("awsIotJobId").asText()).isEqualTo("AFR_OTA-fw-2-1-0");
        assertThat(info.path("awsIotJobArn").asText()).endsWith(":job/AFR_OTA-fw-2-1-0");
        assertThat(info.path("protocols").toString()).isEqualTo("[\"MQTT\",\"HTTP\"]");
        assertThat(info.path("otaUpdateFiles").get(0).path("codeSigning").path("awsSignerJobId").asText())
                .isEqualTo(signingJob);

        JsonNode job = cli.ok("iot", "describe-job", "--job-id", "AFR_OTA-fw-2-1-0").path("job");
        assertThat(job.path("jobExecutionsRolloutConfig").path("maximumPerMinute").asInt()).isEqualTo(50);
        assertThat(job.path("abortConfig").path("criteriaList").get(0).path("action").asText()).isEqualTo("CANCEL");
        assertThat(job.path("timeoutConfig").path("inProgressTimeoutInMinutes").asLong()).isEqualTo(60);
        assertThat(job.path("presignedUrlConfig").path("expiresInSec").asLong()).isEqualTo(1800);
        JsonNode ota = cli.afrOta("AFR_OTA-fw-2-1-0");
        JsonNode file = ota.path("files").get(0);
        assertThat(file.path("filepath").asText()).isEqualTo("/device/app.bin");
        assertThat(file.path("filesize").asInt()).isEqualTo(image.length);
        assertThat(file.path("certfile").asText()).isEqualTo(CERTNAME);
        assertThat(file.path("update_data_url").asText()).startsWith("${aws:iot:s3-presigned-url:");
        assertThat(file.path("sig-sha256-ecdsa").asText()).isEqualTo(signatureOf(cli, signing));
        String stream = ota.path("streamname").asText();
        assertThat(stream).startsWith("AFR_OTA-").hasSize(44);
        assertThat(cli.streamIds()).contains(stream);
        JsonNode streamInfo = cli.ok("iot", "describe-stream", "--stream-id", stream).path("streamInfo");
        assertThat(streamInfo.path("files").get(0).path("s3Location").path("key").asText())
                .isEqualTo("signed/" + signingJob);
        assertThat(cli.run("iot", "delete-stream", "--stream-id", stream).errorCode())
                .isEqualTo("DeleteConflictException");

        String certificate = Files.readString(signer[0]);
        try (OtaDevice overMqtt = device(devices, "dev-1", OtaDevice.Transport.MQTT_CBOR, certificate);
             OtaDevice overHttps = device(devices, "dev-2", OtaDevice.Transport.HTTP, certificate)) {
            server.tickJobs();
            assertThat(overMqtt.update(120).image()).isEqualTo(image);
            assertThat(overHttps.update(120).image()).isEqualTo(image);
        }
        for (String thing : List.of("dev-1", "dev-2")) {
            JsonNode execution = cli.ok("iot", "describe-job-execution", "--job-id", "AFR_OTA-fw-2-1-0",
                    "--thing-name", thing).path("execution");
            assertThat(execution.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(execution.path("statusDetails").path("detailsMap").path("reason").asText())
                    .isEqualTo("accepted v" + image.length);
        }

        assertThat(cli.ok("iot", "list-job-executions-for-job", "--job-id", "AFR_OTA-fw-2-1-0")
                .path("executionSummaries").findValuesAsText("status")).containsOnly("SUCCEEDED").hasSize(2);
        assertThat(cli.ok("iot", "list-ota-updates").path("otaUpdates").findValuesAsText("otaUpdateId"))
                .containsExactly("fw-2-1-0");
        assertThat(cli.ok("iot", "list-ota-updates", "--ota-update-status", "CREATE_COMPLETE").path("otaUpdates")
                .findValuesAsText("otaUpdateId")).containsExactly("fw-2-1-0");
        assertThat(cli.ok("iot", "list-ota-updates", "--ota-update-status", "CREATE_FAILED").path("otaUpdates"))
                .isEmpty();

        cli.ok("iot", "delete-ota-update", "--ota-update-id", "fw-2-1-0", "--delete-stream",
                "--force-delete-aws-job");
        assertThat(cli.deleted("fw-2-1-0")).isEqualTo("ResourceNotFoundException");
        assertThat(cli.streamIds()).noneMatch(id -> id.startsWith("AFR_OTA-"));
        AwsCli.Result gone = cli.run("iot", "describe-job", "--job-id", "AFR_OTA-fw-2-1-0");
        if (gone.ok()) {
            assertThat(gone.json().path("job").path("status").asText()).isEqualTo("DELETION_IN_PROGRESS");
        } else {
            assertThat(gone.errorCode()).isEqualTo("ResourceNotFoundException");
        }
        assertThat(cli.ok("s3api", "head-object", "--bucket", BUCKET, "--key", "signed/" + signingJob)
                .path("VersionId").asText()).as("the signed image is the user's, not the update's").isNotEmpty();
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void create_ota_update_signs_the_image_itself_with_the_profile_it_names(AwsCli aws) throws Exception {
        OtaCli cli = new OtaCli(aws, server, clock);
        Path work = Files.createDirectories(dir.resolve("work"));
        byte[] image = OtaCli.image(work, 40_000);
        Map<String, DeviceIdentity> devices = cli.fleet(work, "fw-fleet", OtaUpdateIT.POLICY, "dev-1");
        String thingArn = cli.ok("iot", "describe-thing", "--thing-name", "dev-1").path("thingArn").asText();
        cli.ok("s3", "mb", "s3://" + BUCKET);
        cli.ok("s3api", "put-bucket-versioning", "--bucket", BUCKET, "--versioning-configuration", "Status=Enabled");
        String version = cli.ok("s3api", "put-object", "--bucket", BUCKET, "--key", "app.bin", "--body",
                work.resolve("app.bin").toString()).path("VersionId").asText();
        Path[] signer = cli.openSslSigner(work);
        String certificateArn = cli.ok("acm", "import-certificate", "--certificate", "fileb://" + signer[0],
                "--private-key", "fileb://" + signer[1]).path("CertificateArn").asText();
        Path files = OtaCli.files(work, Map.of("fileName", "/device/app.bin",
                "fileLocation", Map.of("s3Location", Map.of("bucket", BUCKET, "key", "app.bin", "version", version)),
                "codeSigning", Map.of("startSigningJobParameter", Map.of(
                        "signingProfileName", "fw_ota_signer",
                        "signingProfileParameter", Map.of("certificateArn", certificateArn,
                                "platform", "AmazonFreeRTOS-Default", "certificatePathOnDevice", CERTNAME),
                        "destination", Map.of("s3Destination", Map.of("bucket", BUCKET, "prefix", "signed/"))))));

        cli.ok("iot", "create-ota-update", "--ota-update-id", "fw-self-signed", "--targets", thingArn,
                "--files", "file://" + files, "--role-arn", ROLE);
        JsonNode info = cli.created("fw-self-signed");

        assertThat(info.path("otaUpdateStatus").asText()).as(info.toString()).isEqualTo("CREATE_COMPLETE");
        assertThat(info.path("protocols").toString()).isEqualTo("[\"MQTT\"]");
        assertThat(cli.ok("signer", "get-signing-profile", "--profile-name", "fw_ota_signer").path("status").asText())
                .isEqualTo("Active");
        JsonNode jobs = cli.ok("signer", "list-signing-jobs").path("jobs");
        assertThat(jobs).hasSize(1);
        String signingJob = jobs.get(0).path("jobId").asText();
        JsonNode signing = cli.ok("signer", "describe-signing-job", "--job-id", signingJob);
        assertThat(signing.path("status").asText()).isEqualTo("Succeeded");
        assertThat(cli.ok("s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", "signed/").path("Contents")
                .findValuesAsText("Key")).containsExactly("signed/" + signingJob);
        // the signed object's signature, checked with OpenSSL and the certificate alone, is the one devices get
        String signature = signatureOf(cli, signing);
        Files.write(work.resolve("app.sig"), Base64.getDecoder().decode(signature));
        CodeSigningCliIT.openssl(work, "x509", "-in", signer[0].toString(), "-pubkey", "-noout", "-out",
                "ecdsasigner.pub");
        CodeSigningCliIT.openssl(work, "dgst", "-sha256", "-verify", "ecdsasigner.pub", "-signature", "app.sig",
                work.resolve("app.bin").toString());
        JsonNode file = cli.afrOta("AFR_OTA-fw-self-signed").path("files").get(0);
        assertThat(file.path("sig-sha256-ecdsa").asText()).isEqualTo(signature);
        assertThat(file.path("certfile").asText()).isEqualTo(CERTNAME);

        try (OtaDevice device = device(devices, "dev-1", OtaDevice.Transport.MQTT_JSON, Files.readString(signer[0]))) {
            server.tickJobs();
            OtaDevice.Result result = device.update(120);
            assertThat(result.status()).isEqualTo("SUCCEEDED");
            assertThat(result.image()).isEqualTo(image);
        }
    }

    private OtaDevice device(Map<String, DeviceIdentity> devices, String thing, OtaDevice.Transport transport,
                             String certificatePem) throws Exception {
        return new OtaDevice(server, devices.get(thing), thing, transport, certificatePem, https);
    }

    /** The signature a signing job wrote into its signed object's metadata. */
    private static String signatureOf(OtaCli cli, JsonNode signingJob) {
        JsonNode s3 = signingJob.path("signedObject").path("s3");
        return cli.ok("s3api", "head-object", "--bucket", s3.path("bucketName").asText(), "--key",
                s3.path("key").asText()).path("Metadata").path("signature").asText();
    }
}
