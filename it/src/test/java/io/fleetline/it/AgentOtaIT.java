package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.agent.Step;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.OTAUpdateInfo;
import software.amazon.awssdk.services.iot.model.OTAUpdateStatus;
import software.amazon.awssdk.services.iot.model.Protocol;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * OTA updates performed by Fleetline's device agent: CreateOTAUpdate through the AWS SDK (the image signed by AWS
 * Signer's Fleetline twin), agents on MQTT over mutual TLS take the {@code afr_ota} job, download over MQTT streams or
 * HTTPS, verify, write the inactive slot, switch, reboot (in process), pass the health check and confirm, reporting
 * every step; the server's execution ends SUCCEEDED with the steps' last details.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentOtaIT {
    private static final String BUCKET = "fw-images";
    private static final String KEY = "app.bin";
    private static final String ROLE = "arn:aws:iam::000000000000:role/ota";
    private static final List<Step> UPDATE = List.of(Step.VERIFYING, Step.APPLYING, Step.REBOOTING, Step.SELF_TEST,
            Step.CONFIRMED);

    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final byte[] image = new byte[100 * 1024 + 77];
    Path dir;
    TestServer server;
    IotClient iot;
    S3Client s3;
    CodeSigningCert codeSigning;
    String imageVersion;
    String signerJobId;
    String version;
    final List<AgentDevice> devices = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        new Random(17).nextBytes(image);
        version = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image))
                .substring(0, 12);
        server = TestServer.start(Store.SQLITE, dir.resolve("server"), clock, c -> c.withMqtt(m -> m.withPort(0))
                .withHttp(h -> h.withDeviceHttpsPort(0)));
        iot = Sdk.iot(server);
        s3 = Sdk.s3(server);
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        imageVersion = s3.putObject(r -> r.bucket(BUCKET).key(KEY), RequestBody.fromBytes(image)).versionId();
        iot.createPolicy(r -> r.policyName("ota-devices").policyDocument(OtaUpdateIT.POLICY));
        codeSigning = CodeSigningCert.create("fw-signer");
        try (AcmClient acm = CodeSigningSdkIT.acm(server); SignerClient signer = CodeSigningSdkIT.signer(server)) {
            String certificateArn = acm.importCertificate(r -> r
                    .certificate(SdkBytes.fromUtf8String(codeSigning.certificatePem()))
                    .privateKey(SdkBytes.fromUtf8String(codeSigning.privateKeyPem()))).certificateArn();
            signer.putSigningProfile(r -> r.profileName("fw_signer").platformId("AmazonFreeRTOS-Default")
                    .signingMaterial(m -> m.certificateArn(certificateArn))
                    .signingParameters(Map.of("certname", "/certs/ecdsasigner.crt")));
            signerJobId = signer.startSigningJob(r -> r.profileName("fw_signer")
                    .source(s -> s.s3(o -> o.bucketName(BUCKET).key(KEY).version(imageVersion)))
                    .destination(d -> d.s3(o -> o.bucketName(BUCKET).prefix("signed/")))).jobId();
        }
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

    private OTAUpdateFile signedByTheSigner() {
        return OTAUpdateFile.builder().fileName("/device/app.bin").fileType(0)
                .fileLocation(l -> l.s3Location(s -> s.bucket(BUCKET).key(KEY).version(imageVersion)))
                .codeSigning(c -> c.awsSignerJobId(signerJobId)).build();
    }

    /** A group of things with agents started on them (not yet released a job). */
    private List<AgentDevice> fleet(String group, int size) throws Exception {
        iot.createThingGroup(r -> r.thingGroupName(group));
        List<AgentDevice> fleet = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String thing = String.format(Locale.ROOT, "%s-%02d", group.toLowerCase(Locale.ROOT), i);
            DeviceIdentity identity = Sdk.thingDevice(iot, thing, "ota-devices");
            iot.addThingToThingGroup(r -> r.thingGroupName(group).thingName(thing));
            AgentDevice device = new AgentDevice(server, identity, thing, dir.resolve(thing),
                    codeSigning.certificatePem(), b -> b);
            devices.add(device);
            fleet.add(device.start());
        }
        return fleet;
    }

    private String groupArn(String group) {
        return iot.describeThingGroup(r -> r.thingGroupName(group)).thingGroupArn();
    }

    private OTAUpdateInfo created(String otaUpdateId) {
        for (int tick = 0; tick < 20; tick++) {
            server.tickJobs();
            OTAUpdateInfo info = iot.getOTAUpdate(r -> r.otaUpdateId(otaUpdateId)).otaUpdateInfo();
            if (info.otaUpdateStatus() != OTAUpdateStatus.CREATE_PENDING
                    && info.otaUpdateStatus() != OTAUpdateStatus.CREATE_IN_PROGRESS) {
                return info;
            }
        }
        throw new AssertionError(otaUpdateId + " is still being created after 20 ticks");
    }

    private void updatesEveryDevice(List<AgentDevice> fleet, String jobId) throws Exception {
        for (AgentDevice device : fleet) {
            AgentDevice.Ended end = device.awaitEnd(120);
            assertThat(end.status()).as(device.thing + " " + end.details()).isEqualTo("SUCCEEDED");
            assertThat(end.jobId()).isEqualTo(jobId);
            assertThat(device.steps).as(device.thing).startsWith(Step.DOWNLOADING).endsWith(UPDATE.toArray(Step[]::new));
            assertThat(device.steps.subList(0, device.steps.size() - UPDATE.size())).containsOnly(Step.DOWNLOADING);
            assertThat(device.reports).anySatisfy(r -> assertThat(r).containsEntry("progress", "100%"));
            assertThat(device.runningVersion()).isEqualTo(version);
            var execution = iot.describeJobExecution(r -> r.jobId(jobId).thingName(device.thing)).execution();
            assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
            assertThat(execution.statusDetails().detailsMap()).containsEntry("step", "confirmed")
                    .containsEntry("version", version).containsEntry("firmware", version);
            var slots = device.bootAgain();
            assertThat(slots.runningVersion()).isEqualTo(version);
            assertThat(slots.onTrial()).isFalse();
        }
    }

    @Test
    void agents_update_over_mqtt_streams_and_report_every_step() throws Exception {
        List<AgentDevice> fleet = fleet("StreamFleet", 3);
        iot.createOTAUpdate(r -> r.otaUpdateId("fw-stream").targets(groupArn("StreamFleet"))
                .protocols(Protocol.MQTT).files(signedByTheSigner()).roleArn(ROLE));
        assertThat(created("fw-stream").otaUpdateStatus()).isEqualTo(OTAUpdateStatus.CREATE_COMPLETE);
        server.tickJobs();

        updatesEveryDevice(fleet, "AFR_OTA-fw-stream");
    }

    @Test
    void agents_update_over_https_with_the_presigned_url() throws Exception {
        List<AgentDevice> fleet = fleet("HttpsFleet", 2);
        iot.createOTAUpdate(r -> r.otaUpdateId("fw-https").targets(groupArn("HttpsFleet"))
                .protocols(Protocol.HTTP).files(signedByTheSigner()).roleArn(ROLE));
        assertThat(created("fw-https").otaUpdateStatus()).isEqualTo(OTAUpdateStatus.CREATE_COMPLETE);
        server.tickJobs();

        updatesEveryDevice(fleet, "AFR_OTA-fw-https");
    }
}
