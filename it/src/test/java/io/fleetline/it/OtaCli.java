package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One AWS CLI driving a test server through the OTA workflow of {@code docs/ota.md}: commands that must succeed answer
 * their JSON; the fleet, the image and the OpenSSL signer are made as the document makes them; the server, whose
 * jobs engine and clock stand still, is ticked until an OTA update is created or deleted.
 */
record OtaCli(AwsCli aws, TestServer server, ManualClock clock) {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ROLE = "arn:aws:iam::000000000000:role/ota";
    static final String BUCKET = "fw-images";
    static final String CERTNAME = "/certs/ecdsasigner.crt";

    /** Runs a command that must succeed; answers what it printed as JSON (empty when it printed none). */
    JsonNode ok(String... args) {
        AwsCli.Result result = run(args);
        assertThat(result.exitCode()).as(aws + " " + String.join(" ", args) + ": " + result.stderr()).isZero();
        return result.stdout().stripLeading().startsWith("{") ? result.json() : JSON.createObjectNode();
    }

    AwsCli.Result run(String... args) {
        return aws.run(server, args);
    }

    /**
     * A thing group and things in it, each with an active certificate under a policy: the OTA devices' policy of
     * {@link OtaUpdateIT}, or {@code policyDocument} when given.
     */
    Map<String, DeviceIdentity> fleet(Path work, String group, String policyDocument, String... things)
            throws Exception {
        Path policy = Files.writeString(work.resolve("ota-policy.json"), policyDocument);
        ok("iot", "create-policy", "--policy-name", "ota-devices", "--policy-document", "file://" + policy);
        ok("iot", "create-thing-group", "--thing-group-name", group);
        Map<String, DeviceIdentity> devices = new LinkedHashMap<>();
        for (String thing : things) {
            ok("iot", "create-thing", "--thing-name", thing);
            JsonNode keys = ok("iot", "create-keys-and-certificate", "--set-as-active");
            String arn = keys.path("certificateArn").asText();
            ok("iot", "attach-policy", "--policy-name", "ota-devices", "--target", arn);
            ok("iot", "attach-thing-principal", "--thing-name", thing, "--principal", arn);
            ok("iot", "add-thing-to-thing-group", "--thing-group-name", group, "--thing-name", thing);
            devices.put(thing, new DeviceIdentity(arn, keys.path("certificateId").asText(),
                    keys.path("certificatePem").asText(), keys.path("keyPair").path("PrivateKey").asText()));
        }
        return devices;
    }

    /** The bucket, versioned, with {@code app.bin} from {@code work} in it; answers the version's id. */
    String versionedImage(Path work) {
        ok("s3", "mb", "s3://" + BUCKET);
        ok("s3api", "put-bucket-versioning", "--bucket", BUCKET, "--versioning-configuration", "Status=Enabled");
        ok("s3", "cp", work.resolve("app.bin").toString(), "s3://" + BUCKET + "/app.bin");
        return ok("s3api", "head-object", "--bucket", BUCKET, "--key", "app.bin").path("VersionId").asText();
    }

    /** OpenSSL's key and certificate; the server's clock, which stands still, moved on to when they were made. */
    Path[] openSslSigner(Path work) throws Exception {
        Path[] signer = CodeSigningCliIT.openSslSigner(work);
        clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        return signer;
    }

    /** A random image of {@code size} bytes, written to {@code app.bin} in {@code work}. */
    static byte[] image(Path work, int size) throws Exception {
        byte[] image = new byte[size];
        new Random(size).nextBytes(image);
        Files.write(work.resolve("app.bin"), image);
        return image;
    }

    /** {@code files.json} for {@code --files}: the files given as maps. */
    static Path files(Path work, Map<?, ?>... files) throws Exception {
        return Files.writeString(work.resolve("files.json"), JSON.writeValueAsString(List.of(files)));
    }

    /** The {@code afr_ota} member of a job's document, as GetJobDocument answers it. */
    JsonNode afrOta(String jobId) throws Exception {
        return JSON.readTree(ok("iot", "get-job-document", "--job-id", jobId).path("document").asText())
                .path("afr_ota");
    }

    List<String> streamIds() {
        return ok("iot", "list-streams").path("streams").findValuesAsText("streamId");
    }

    /** get-ota-update after each tick of the server, until the update is no longer being created. */
    JsonNode created(String otaUpdateId) {
        for (int tick = 0; tick < 20; tick++) {
            server.tickJobs();
            JsonNode info = ok("iot", "get-ota-update", "--ota-update-id", otaUpdateId).path("otaUpdateInfo");
            String status = info.path("otaUpdateStatus").asText();
            if (!status.equals("CREATE_PENDING") && !status.equals("CREATE_IN_PROGRESS")) {
                return info;
            }
        }
        throw new AssertionError(otaUpdateId + " is still being created after 20 ticks");
    }

    /** get-ota-update's error after each tick of the server, once the update is no longer being deleted. */
    String deleted(String otaUpdateId) {
        for (int tick = 0; tick < 20; tick++) {
            server.tickJobs();
            AwsCli.Result result = run("iot", "get-ota-update", "--ota-update-id", otaUpdateId);
            if (!result.ok()) {
                return result.errorCode();
            }
            assertThat(result.json().path("otaUpdateInfo").path("otaUpdateStatus").asText())
                    .isEqualTo("DELETE_IN_PROGRESS");
        }
        throw new AssertionError(otaUpdateId + " is still being deleted after 20 ticks");
    }
}
