package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.agent.BootSlots;
import io.fleetline.agent.DeviceAgent;
import io.fleetline.agent.DownloadTap;
import io.fleetline.agent.HealthCheck;
import io.fleetline.agent.Step;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The agent when things go wrong, on Fleetline's plain {@code fleetline_ota} document (create-job with a presigned
 * URL): a download dropped partway resumes from the bytes kept; a corrupt download and a bad signature are refused before anything is applied; a failed health check rolls
 * back to the previous image; an agent stopped on the spot after any step (as a kill would) finishes or rolls back
 * when a new agent starts on its state directory. Whatever happened, the execution ends terminal and the device
 * boots a confirmed image.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentFaultsIT {
    private static final String BUCKET = "fw-images";
    private static final String ROLE = "arn:aws:iam::000000000000:role/ota";

    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final byte[] image = new byte[64 * 1024 + 5];
    Path dir;
    TestServer server;
    IotClient iot;
    S3Client s3;
    CodeSigningCert codeSigning;
    String imageVersion;
    String document;
    int things;
    final List<AgentDevice> devices = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        new Random(23).nextBytes(image);
        server = TestServer.start(Store.SQLITE, dir.resolve("server"), clock, c -> c.withMqtt(m -> m.withPort(0))
                .withHttp(h -> h.withDeviceHttpsPort(0)));
        iot = Sdk.iot(server);
        s3 = Sdk.s3(server);
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        imageVersion = s3.putObject(r -> r.bucket(BUCKET).key("app.bin"), RequestBody.fromBytes(image)).versionId();
        iot.createPolicy(r -> r.policyName("ota-devices").policyDocument(OtaUpdateIT.POLICY));
        codeSigning = CodeSigningCert.create("fw-signer");
        document = plainDocument(imageVersion, image, codeSigning.sign(image), "2.0.0", "/certs/fw.crt");
    }

    /** Fleetline's plain firmware document (docs/ota.md) for the image at fw-images/app.bin of that version. */
    static String plainDocument(String imageVersion, byte[] bytes, byte[] signature, String firmwareVersion,
                                String certificatePath) throws Exception {
        return """
                {"fleetline_ota": {"version": 1, "files": [{"path": "/opt/app/app.bin",
                  "url": "${aws:iot:s3-presigned-url:https://s3.us-east-1.amazonaws.com/fw-images/app.bin?versionId=%s}",
                  "size": %d, "sha256": "%s", "firmwareVersion": "%s",
                  "signature": {"algorithm": "SHA256withECDSA", "value": "%s", "certificate": "%s"}}]}}"""
                .formatted(imageVersion, bytes.length,
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), firmwareVersion,
                        Base64.getEncoder().encodeToString(signature), certificatePath);
    }

    @AfterAll
    void stop() {
        devices.forEach(AgentDevice::close);
        for (AutoCloseable c : new AutoCloseable[] {iot, s3, server}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // the rest matter more
            }
        }
    }

    /** A new thing with its certificate. */
    private DeviceIdentity thing(String thing) {
        return Sdk.thingDevice(iot, thing, "ota-devices");
    }

    private AgentDevice agent(String thing, DeviceIdentity identity, UnaryOperator<DeviceAgent.Builder> configure)
            throws Exception {
        AgentDevice device = new AgentDevice(server, identity, thing, dir.resolve(thing), codeSigning.certificatePem(),
                configure);
        devices.add(device);
        return device;
    }

    /** A job of the plain document for {@code thing}, released. */
    private String job(String thing) {
        return job(thing, document);
    }

    private String job(String thing, String document) {
        String jobId = "fw-" + thing;
        String arn = iot.describeThing(r -> r.thingName(thing)).thingArn();
        iot.createJob(r -> r.jobId(jobId).targets(arn).document(document)
                .presignedUrlConfig(p -> p.roleArn(ROLE).expiresInSec(1800L)));
        server.tickJobs();
        return jobId;
    }

    private String newThing() {
        return "dev-" + (++things);
    }

    private void assertStaysOnTheFactoryImage(AgentDevice device) throws Exception {
        BootSlots slots = device.bootAgain();
        assertThat(slots.runningVersion()).isEqualTo("1.0.0");
        assertThat(slots.onTrial()).isFalse();
    }

    @Test
    void an_agent_without_a_code_signing_certificate_rejects_an_image_signed_by_a_certificate_a_job_planted()
            throws Exception {
        String thing = newThing();
        CodeSigningCert attacker = CodeSigningCert.create("attacker");
        Path planted = Files.writeString(Files.createDirectories(dir.resolve("planted")).resolve("ecdsasigner.crt"),
                attacker.certificatePem());
        AgentDevice device = new AgentDevice(server, thing(thing), thing, dir.resolve(thing), b -> b);
        devices.add(device);
        device.start();
        String jobId = job(thing, plainDocument(imageVersion, image, attacker.sign(image), "6.6.6",
                planted.toString()));

        AgentDevice.Ended end = device.awaitEnd(60);

        assertThat(end.status()).isEqualTo("REJECTED");
        var execution = iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing)).execution();
        assertThat(execution.statusAsString()).isEqualTo("REJECTED");
        assertThat(execution.statusDetails().detailsMap().get("reason"))
                .contains("no code-signing certificate", "takes no firmware update");
        assertThat(device.steps).doesNotContain(Step.DOWNLOADING, Step.APPLYING);
        assertStaysOnTheFactoryImage(device);
    }

    @Test
    void an_image_larger_than_the_agent_takes_fails_before_the_download() throws Exception {
        String thing = newThing();
        List<Long> offsets = new CopyOnWriteArrayList<>();
        DownloadTap seen = new DownloadTap() {
            @Override
            public byte[] chunk(String jobId, long offset, byte[] bytes) {
                offsets.add(offset);
                return bytes;
            }
        };
        AgentDevice device = agent(thing, thing(thing), b -> b.maxFirmwareBytes(64 * 1024).downloadTap(seen))
                .start();
        String jobId = job(thing);

        AgentDevice.Ended end = device.awaitEnd(60);

        assertThat(end.status()).isEqualTo("FAILED");
        assertThat(end.details().get("reason")).isEqualTo("the image is " + image.length + " bytes; this agent "
                + "takes images of at most 65536 bytes");
        assertThat(offsets).as("nothing downloaded").isEmpty();
        var execution = iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing)).execution();
        assertThat(execution.statusDetails().detailsMap()).containsEntry("step", "downloading")
                .containsEntry("firmware", "1.0.0");
        assertStaysOnTheFactoryImage(device);
    }

    @Test
    void a_document_naming_a_member_twice_is_rejected_with_the_reason_before_anything_is_fetched() throws Exception {
        String thing = newThing();
        AgentDevice device = agent(thing, thing(thing), b -> b).start();
        String jobId = "fw-twice-" + thing;
        String twice = document.replaceFirst("\\{\"path\"", "{\"url\": \"https://127.0.0.1:1/x.bin\", \"path\"");
        iot.createJob(r -> r.jobId(jobId).targets(iot.describeThing(t -> t.thingName(thing)).thingArn())
                .document(twice).presignedUrlConfig(p -> p.roleArn(ROLE).expiresInSec(1800L)));
        server.tickJobs();

        AgentDevice.Ended end = device.awaitEnd(60);

        assertThat(end.status()).isEqualTo("REJECTED");
        assertThat(end.details().get("reason")).isEqualTo("the job document is not valid JSON: Duplicate field 'url'");
        assertThat(device.steps).isEmpty();
        assertThat(iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing)).execution().statusAsString())
                .isEqualTo("REJECTED");
        assertStaysOnTheFactoryImage(device);
    }

    @Test
    void a_corrupt_download_is_refused_before_anything_is_applied() throws Exception {
        String thing = newThing();
        DownloadTap corrupt = new DownloadTap() {
            @Override
            public byte[] chunk(String jobId, long offset, byte[] bytes) {
                bytes[0] ^= 1;
                return bytes;
            }
        };
        AgentDevice device = agent(thing, thing(thing), b -> b.downloadTap(corrupt)).start();
        String jobId = job(thing);

        AgentDevice.Ended end = device.awaitEnd(60);

        assertThat(end.status()).isEqualTo("FAILED");
        assertThat(end.details().get("reason")).startsWith("SHA-256 mismatch");
        assertThat(device.steps).doesNotContain(Step.APPLYING, Step.REBOOTING);
        var execution = iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing)).execution();
        assertThat(execution.statusAsString()).isEqualTo("FAILED");
        assertThat(execution.statusDetails().detailsMap()).containsEntry("step", "verifying")
                .containsEntry("firmware", "1.0.0").containsKey("reason");
        assertStaysOnTheFactoryImage(device);
        assertThat(device.bootAgain().inactiveVersion()).isEmpty();
    }

    @Test
    void a_download_dropped_partway_resumes_with_a_range_from_the_bytes_kept_and_the_image_verifies()
            throws Exception {
        String thing = newThing();
        List<Long> offsets = new CopyOnWriteArrayList<>();
        AtomicBoolean dropped = new AtomicBoolean();
        AtomicLong droppedAt = new AtomicLong(-1);
        DownloadTap dropOnce = new DownloadTap() {
            @Override
            public byte[] chunk(String jobId, long offset, byte[] bytes) throws IOException {
                offsets.add(offset);
                if (offset > 0 && dropped.compareAndSet(false, true)) {
                    droppedAt.set(offset);
                    throw new IOException("connection reset (the test's tap)");
                }
                return bytes;
            }
        };
        AgentDevice device = agent(thing, thing(thing), b -> b.downloadTap(dropOnce)).start();
        String jobId = job(thing);

        AgentDevice.Ended end = device.awaitEnd(60);

        assertThat(end.status()).as(end.details().toString()).isEqualTo("SUCCEEDED");
        assertThat(dropped).isTrue();
        // a chunk's offset is where the server's answer starts: after the drop, at the bytes kept (a 206 to
        // Range: bytes=<kept>-), not at 0 (a 200 with the whole image), whatever size the agent reads in
        long kept = droppedAt.get();
        assertThat(offsets.get(0)).isZero();
        assertThat(kept).isPositive();
        List<Long> afterDrop = offsets.subList(offsets.indexOf(kept) + 1, offsets.size());
        assertThat(afterDrop).isNotEmpty().startsWith(kept).doesNotContain(0L).isSorted();
        assertThat(device.runningVersion()).isEqualTo("2.0.0");
        var execution = iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing)).execution();
        assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void a_bad_signature_is_refused_before_anything_is_applied() throws Exception {
        String thing = newThing();
        DownloadTap forged = new DownloadTap() {
            @Override
            public byte[] signature(String jobId, byte[] signature) {
                byte[] bad = signature.clone();
                bad[bad.length - 1] ^= 1;
                return bad;
            }
        };
        AgentDevice device = agent(thing, thing(thing), b -> b.downloadTap(forged)).start();
        String jobId = job(thing);

        AgentDevice.Ended end = device.awaitEnd(60);

        assertThat(end.status()).isEqualTo("FAILED");
        assertThat(end.details().get("reason")).startsWith("signature check failed");
        var execution = iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing)).execution();
        assertThat(execution.statusDetails().detailsMap().get("reason")).startsWith("signature check failed");
        assertStaysOnTheFactoryImage(device);
        assertThat(device.bootAgain().inactiveVersion()).isEmpty();
    }

    @Test
    void a_failed_health_check_rolls_back_to_the_previous_image() throws Exception {
        String thing = newThing();
        AgentDevice device = agent(thing, thing(thing),
                b -> b.healthCheck(v -> HealthCheck.Result.fail("service did not start"))).start();
        String jobId = job(thing);

        AgentDevice.Ended end = device.awaitEnd(60);

        assertThat(end.status()).isEqualTo("FAILED");
        assertThat(device.steps).endsWith(Step.APPLYING, Step.REBOOTING, Step.SELF_TEST, Step.ROLLED_BACK);
        var execution = iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing)).execution();
        assertThat(execution.statusDetails().detailsMap()).containsEntry("step", "rolled-back")
                .containsEntry("reason", "health check failed: service did not start")
                .containsEntry("firmware", "1.0.0").containsEntry("version", "2.0.0");
        assertThat(device.runningVersion()).isEqualTo("1.0.0");
        assertStaysOnTheFactoryImage(device);
    }

    /**
     * Stopped on the spot after each step, then a new agent on the same state: up to the reboot it carries on and
     * confirms; a trial boot that was never confirmed (stopped during the self-test) falls back and reports it.
     */
    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"DOWNLOADING", "VERIFYING", "APPLYING", "REBOOTING", "SELF_TEST"})
    void an_agent_stopped_after_any_step_finishes_or_rolls_back_when_it_starts_again(Step step) throws Exception {
        String thing = newThing();
        DeviceIdentity identity = thing(thing);
        AgentDevice first = agent(thing, identity, b -> b).crashAt(step).start();
        String jobId = job(thing);
        assertThat(first.crashed.get(60, TimeUnit.SECONDS)).isEqualTo(step);
        first.close();

        AgentDevice again = agent(thing, identity, b -> b).start();
        AgentDevice.Ended end = again.awaitEnd(60);

        var execution = iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing)).execution();
        BootSlots slots = again.bootAgain();
        assertThat(slots.onTrial()).isFalse();
        if (step == Step.SELF_TEST) {
            assertThat(end.status()).isEqualTo("FAILED");
            assertThat(execution.statusDetails().detailsMap()).containsEntry("step", "rolled-back");
            assertThat(slots.runningVersion()).isEqualTo("1.0.0");
        } else {
            assertThat(end.status()).isEqualTo("SUCCEEDED");
            assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
            assertThat(execution.statusDetails().detailsMap()).containsEntry("firmware", "2.0.0");
            assertThat(slots.runningVersion()).isEqualTo("2.0.0");
        }
    }
}
