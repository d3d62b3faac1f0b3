package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CodeSigning;
import software.amazon.awssdk.services.iot.model.JobExecution;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.OTAUpdateStatus;
import software.amazon.awssdk.services.iot.model.Protocol;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Scenario 7 of the device-side issue, health-confirmed success (docs/jobs.md, "Beyond AWS"): an OTA update under a
 * rollout plan whose health check asks devices to confirm {@code firmware=2.1.0} (the file's {@code fileVersion})
 * within ten minutes. Fleetline's agents confirm from the new image and end SUCCEEDED; a device that reports
 * SUCCEEDED and never comes back is held, times out when the window passes on the server's clock, and is never
 * counted among the succeeded things.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentHealthConfirmedIT {
    private static final String BUCKET = "fw-images";
    private static final String KEY = "app.bin";
    private static final String ROLE = "arn:aws:iam::000000000000:role/ota";
    private static final String GROUP = "HealthFleet";
    private static final String JOB = "AFR_OTA-fw-2-1-0";
    private static final int CONFIRM_WITHIN_MINUTES = 10;

    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final byte[] image = new byte[48 * 1024 + 3];
    Path dir;
    TestServer server;
    IotClient iot;
    CodeSigningCert codeSigning;
    String imageVersion;
    final List<AutoCloseable> devices = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        new Random(29).nextBytes(image);
        server = TestServer.start(Store.SQLITE, dir.resolve("server"), clock, c -> c.withMqtt(m -> m.withPort(0))
                .withHttp(h -> h.withDeviceHttpsPort(0)));
        iot = Sdk.iot(server);
        try (S3Client s3 = Sdk.s3(server)) {
            s3.createBucket(r -> r.bucket(BUCKET));
            s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
            imageVersion = s3.putObject(r -> r.bucket(BUCKET).key(KEY), RequestBody.fromBytes(image)).versionId();
        }
        iot.createPolicy(r -> r.policyName("ota-devices").policyDocument(OtaUpdateIT.POLICY));
        iot.createThingGroup(r -> r.thingGroupName(GROUP));
        codeSigning = CodeSigningCert.create("fw-signer");
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : devices) {
            close(c);
        }
        close(iot);
        close(server);
    }

    private static void close(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) {
            // the rest matter more
        }
    }

    private DeviceIdentity member(String thing) {
        DeviceIdentity identity = Sdk.thingDevice(iot, thing, "ota-devices");
        iot.addThingToThingGroup(r -> r.thingGroupName(GROUP).thingName(thing));
        return identity;
    }

    /** Version 2.1.0 of the image, signed by the user (customCodeSigning), over MQTT streams, to the group. */
    private void createOtaUpdate(String otaUpdateId, String targets) throws Exception {
        byte[] signature = codeSigning.sign(image);
        OTAUpdateFile file = OTAUpdateFile.builder().fileName("/device/app.bin").fileVersion("2.1.0")
                .fileLocation(l -> l.s3Location(s -> s.bucket(BUCKET).key(KEY).version(imageVersion)))
                .codeSigning(CodeSigning.builder().customCodeSigning(c -> c.hashAlgorithm("SHA256")
                        .signatureAlgorithm("ECDSA").signature(s -> s.inlineDocument(SdkBytes.fromByteArray(signature)))
                        .certificateChain(cc -> cc.certificateName("/certs/fw.crt")
                                .inlineDocument(codeSigning.certificatePem()))).build()).build();
        iot.createOTAUpdate(r -> r.otaUpdateId(otaUpdateId).targets(targets).protocols(Protocol.MQTT).files(file)
                .roleArn(ROLE));
        for (int tick = 0; tick < 20 && iot.getOTAUpdate(r -> r.otaUpdateId(otaUpdateId)).otaUpdateInfo()
                .otaUpdateStatus() != OTAUpdateStatus.CREATE_COMPLETE; tick++) {
            server.tickJobs();
        }
        assertThat(iot.getOTAUpdate(r -> r.otaUpdateId(otaUpdateId)).otaUpdateInfo().otaUpdateStatus())
                .isEqualTo(OTAUpdateStatus.CREATE_COMPLETE);
        server.tickJobs();
    }

    private JobExecution execution(String thing) {
        return execution(JOB, thing);
    }

    private JobExecution execution(String jobId, String thing) {
        return iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing)).execution();
    }

    private AwsCli fleetlineCli() throws Exception {
        return AwsCli.v2().orElseThrow().withFleetlineModel(JobPlansCliIT.model(dir));
    }

    @Test
    void a_device_that_reports_succeeded_but_never_comes_back_times_out_and_is_not_counted_as_succeeded()
            throws Exception {
        AwsCli aws = fleetlineCli();
        AwsCli.Result plan = aws.run(server, "fleetline", "put-job-rollout-plan", "--job-id", JOB, "--health-check",
                "confirmWithinMinutes=" + CONFIRM_WITHIN_MINUTES + ",requiredStatusDetails={firmware=2.1.0}");
        assertThat(plan.ok()).as(plan.stderr()).isTrue();
        List<AgentDevice> agents = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String thing = String.format(Locale.ROOT, "hf-%02d", i);
            AgentDevice agent = new AgentDevice(server, member(thing), thing, dir.resolve(thing),
                    codeSigning.certificatePem(), b -> b);
            devices.add(agent);
            agents.add(agent.start());
        }
        CompletableFuture<JobDevice.Outcome> claimed = new CompletableFuture<>();
        JobDevice gone = new JobDevice(server, member("hf-gone"), "hf-gone", JobDevice.Behaviour.SUCCEED,
                claimed::complete);
        devices.add(gone);

        createOtaUpdate("fw-2-1-0", iot.describeThingGroup(r -> r.thingGroupName(GROUP)).thingGroupArn());
        assertThat(claimed.get(45, TimeUnit.SECONDS).status()).isEqualTo("SUCCEEDED");
        gone.close();  // it never comes back from the new image
        for (AgentDevice agent : agents) {
            AgentDevice.Ended end = agent.awaitEnd(JOB, 45);
            assertThat(end.status()).as(agent.thing + " " + end.details()).isEqualTo("SUCCEEDED");
            assertThat(agent.runningVersion()).isEqualTo("2.1.0");
            JobExecution execution = execution(agent.thing);
            assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
            assertThat(execution.statusDetails().detailsMap()).containsEntry("fleetline:health", "confirmed")
                    .containsEntry("firmware", "2.1.0").containsEntry("step", "confirmed");
        }
        assertThat(execution("hf-gone").statusAsString()).as("held").isEqualTo("IN_PROGRESS");
        assertThat(execution("hf-gone").statusDetails().detailsMap())
                .containsEntry("fleetline:health", "awaiting-confirmation");
        assertThat(Sdk.jobProcess(iot, JOB)).containsEntry("succeeded", 2L).containsEntry("inProgress", 1L);

        clock.advance(Duration.ofMinutes(CONFIRM_WITHIN_MINUTES).plusSeconds(1));
        for (int tick = 0; tick < 10 && !execution("hf-gone").statusAsString().equals("TIMED_OUT"); tick++) {
            server.tickJobs();
        }

        assertThat(execution("hf-gone").statusAsString()).isEqualTo("TIMED_OUT");
        assertThat(Sdk.jobProcess(iot, JOB)).containsAllEntriesOf(Map.of("succeeded", 2L, "timedOut", 1L,
                "inProgress", 0L, "queued", 0L));
    }

    @Test
    void an_agent_whose_confirmation_the_check_refuses_ends_failed_with_the_servers_reason() throws Exception {
        String job = "AFR_OTA-fw-other";
        AwsCli.Result plan = fleetlineCli().run(server, "fleetline", "put-job-rollout-plan", "--job-id", job,
                "--health-check", "confirmWithinMinutes=10,requiredStatusDetails={firmware=9.9.9}");
        assertThat(plan.ok()).as(plan.stderr()).isTrue();
        String thing = "hf-other";
        AgentDevice agent = new AgentDevice(server, Sdk.thingDevice(iot, thing, "ota-devices"), thing,
                dir.resolve(thing), codeSigning.certificatePem(), b -> b);
        devices.add(agent);
        agent.start();

        createOtaUpdate("fw-other", iot.describeThing(r -> r.thingName(thing)).thingArn());
        AgentDevice.Ended end = agent.awaitEnd(job, 45);

        assertThat(end.status()).isEqualTo("FAILED");
        JobExecution execution = execution(job, thing);
        assertThat(execution.statusAsString()).as("not left in progress to be taken again").isEqualTo("FAILED");
        assertThat(execution.statusDetails().detailsMap()).containsEntry("firmware", "2.1.0")
                .hasEntrySatisfying("reason", reason -> assertThat(reason).contains("firmware=9.9.9"));
    }
}
