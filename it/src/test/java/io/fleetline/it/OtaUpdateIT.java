package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AwsJobAbortCriteria;
import software.amazon.awssdk.services.iot.model.CodeSigning;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.OTAUpdateInfo;
import software.amazon.awssdk.services.iot.model.OTAUpdateStatus;
import software.amazon.awssdk.services.iot.model.Protocol;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * OTA updates end to end with the AWS SDK for Java v2 ({@code AcmClient}, {@code SignerClient}, {@code IotClient}, S3)
 * and devices that behave as AWS's OTA agent: a code-signing certificate imported into ACM, a Signer profile, the
 * image signed in S3, CreateOTAUpdate for a thing group; fifty devices on MQTT over mutual TLS take the {@code afr_ota}
 * job, pull the image over MQTT streams (half in CBOR, half in JSON), verify the ECDSA signature and succeed. An HTTP
 * update is downloaded with the presigned {@code update_data_url}; an image signed by another key is refused by the
 * devices and the abort config cancels that rollout; deleting an update takes its stream and job with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtaUpdateIT {
    private static final int FLEET = 50;
    private static final String BUCKET = "fw-images";
    private static final String KEY = "app.bin";
    private static final String ROLE = "arn:aws:iam::000000000000:role/ota";
    static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": ["arn:aws:iot:us-east-1:000000000000:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*",
                            "arn:aws:iot:us-east-1:000000000000:topic/$aws/things/${iot:Connection.Thing.ThingName}/streams/*"]},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": ["arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*",
                            "arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/streams/*"]}
            ]}""";

    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final byte[] image = new byte[150 * 1024 + 321];
    TestServer server;
    IotClient iot;
    S3Client s3;
    AcmClient acm;
    SignerClient signer;
    CodeSigningCert codeSigning;
    String imageVersion;
    String signerJobId;
    HttpClient https;
    final ExecutorService pool = Executors.newFixedThreadPool(FLEET);

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        new Random(16).nextBytes(image);
        server = TestServer.start(Store.SQLITE, dir, clock, c -> c.withMqtt(m -> m.withPort(0))
                .withHttp(h -> h.withDeviceHttpsPort(0)));
        iot = Sdk.iot(server);
        s3 = Sdk.s3(server);
        acm = CodeSigningSdkIT.acm(server);
        signer = CodeSigningSdkIT.signer(server);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, DeviceIdentity.trusting(server.caFile()).getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();

        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        imageVersion = s3.putObject(r -> r.bucket(BUCKET).key(KEY), RequestBody.fromBytes(image)).versionId();
        iot.createPolicy(r -> r.policyName("ota-devices").policyDocument(POLICY));

        codeSigning = CodeSigningCert.create("fw-signer");
        String certificateArn = acm.importCertificate(r -> r
                .certificate(SdkBytes.fromUtf8String(codeSigning.certificatePem()))
                .privateKey(SdkBytes.fromUtf8String(codeSigning.privateKeyPem()))).certificateArn();
        signer.putSigningProfile(r -> r.profileName("fw_signer").platformId("AmazonFreeRTOS-Default")
                .signingMaterial(m -> m.certificateArn(certificateArn))
                .signingParameters(Map.of("certname", "/certs/ecdsasigner.crt")));
        signerJobId = signer.startSigningJob(r -> r.profileName("fw_signer")
                .source(s -> s.s3(o -> o.bucketName(BUCKET).key(KEY).version(imageVersion)))
                .destination(d -> d.s3(o -> o.bucketName(BUCKET).prefix("signed/")))).jobId();
        var signing = signer.describeSigningJob(r -> r.jobId(signerJobId));
        assertThat(signing.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(signing.signedObject().s3().key()).startsWith("signed/");
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        if (https != null) {
            https.close();
        }
        for (AutoCloseable client : new AutoCloseable[] {iot, s3, acm, signer, server}) {
            try {
                if (client != null) {
                    client.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    /** A group of things, each with its own certificate and the OTA policy; answers the group's ARN. */
    private String group(String name, int size, List<DeviceIdentity> identities) {
        String arn = iot.createThingGroup(r -> r.thingGroupName(name)).thingGroupArn();
        for (int i = 0; i < size; i++) {
            String thing = thing(name, i);
            identities.add(Sdk.thingDevice(iot, thing, "ota-devices"));
            iot.addThingToThingGroup(r -> r.thingGroupName(name).thingName(thing));
        }
        return arn;
    }

    private static String thing(String group, int i) {
        return String.format(Locale.ROOT, "%s-%02d", group.toLowerCase(Locale.ROOT), i);
    }

    private OTAUpdateFile signedByTheSigner() {
        return OTAUpdateFile.builder().fileName("app.bin").fileType(0)
                .fileLocation(l -> l.s3Location(s -> s.bucket(BUCKET).key(KEY).version(imageVersion)))
                .codeSigning(c -> c.awsSignerJobId(signerJobId)).build();
    }

    /** Ticks the server until the update left CREATE_PENDING and CREATE_IN_PROGRESS. */
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

    private List<OtaDevice> devices(String group, List<DeviceIdentity> identities,
                                    IntFunction<OtaDevice.Transport> transport, String trustedPem) throws Exception {
        List<Future<OtaDevice>> connecting = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            int n = i;
            connecting.add(pool.submit(() -> new OtaDevice(server, identities.get(n), thing(group, n),
                    transport.apply(n), trustedPem, https)));
        }
        List<OtaDevice> devices = new ArrayList<>();
        for (Future<OtaDevice> device : connecting) {
            devices.add(device.get(60, TimeUnit.SECONDS));
        }
        return devices;
    }

    private List<OtaDevice.Result> runAll(List<OtaDevice> devices) throws Exception {
        List<Future<OtaDevice.Result>> runs = new ArrayList<>();
        for (OtaDevice device : devices) {
            runs.add(pool.submit(() -> device.update(120)));
        }
        List<OtaDevice.Result> results = new ArrayList<>();
        for (Future<OtaDevice.Result> run : runs) {
            results.add(run.get(180, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void fifty_devices_update_over_mqtt_streams_in_cbor_and_json_and_verify_the_signature() throws Exception {
        List<DeviceIdentity> identities = new ArrayList<>();
        String groupArn = group("SensorHubs", FLEET, identities);
        var created = iot.createOTAUpdate(r -> r.otaUpdateId("fw-2-1-0").targets(groupArn)
                .protocols(Protocol.MQTT).files(signedByTheSigner()).roleArn(ROLE)
                .awsJobExecutionsRolloutConfig(c -> c.maximumPerMinute(FLEET)));
        assertThat(created.otaUpdateStatus().toString()).isIn("CREATE_PENDING", "CREATE_IN_PROGRESS");
        OTAUpdateInfo info = created("fw-2-1-0");
        assertThat(info.otaUpdateStatus()).as(String.valueOf(info.errorInfo())).isEqualTo(OTAUpdateStatus.CREATE_COMPLETE);
        assertThat(info.awsIotJobId()).isEqualTo("AFR_OTA-fw-2-1-0");

        List<OtaDevice> devices = devices("SensorHubs", identities,
                n -> n % 2 == 0 ? OtaDevice.Transport.MQTT_CBOR : OtaDevice.Transport.MQTT_JSON,
                codeSigning.certificatePem());
        try {
            server.tickJobs();
            List<OtaDevice.Result> results = runAll(devices);
            assertThat(results).extracting(OtaDevice.Result::status).containsOnly("SUCCEEDED");
            assertThat(results).allSatisfy(r -> assertThat(r.image()).isEqualTo(image));
            // 38 blocks of 4 KB: the odd ones asked for first, the even ones after (and again after an idle second)
            assertThat(results).allSatisfy(r -> assertThat(r.blockRequests()).isGreaterThanOrEqualTo(2));
        } finally {
            devices.forEach(OtaDevice::close);
        }
        var execution = iot.describeJobExecution(r -> r.jobId("AFR_OTA-fw-2-1-0").thingName(thing("SensorHubs", 7)))
                .execution();
        assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");

        iot.deleteOTAUpdate(r -> r.otaUpdateId("fw-2-1-0").deleteStream(true).forceDeleteAWSJob(true));
        server.tickJobs();
        assertThatThrownBy(() -> iot.getOTAUpdate(r -> r.otaUpdateId("fw-2-1-0")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(iot.listStreams(r -> r.maxResults(100)).streams()).noneMatch(s -> s.streamId().startsWith("AFR_OTA-"));
    }

    @Test
    void an_http_update_is_downloaded_with_the_presigned_update_data_url_of_the_signed_version() throws Exception {
        List<DeviceIdentity> identities = new ArrayList<>();
        String groupArn = group("Gateways", 3, identities);
        iot.createOTAUpdate(r -> r.otaUpdateId("fw-http").targets(groupArn).protocols(Protocol.HTTP)
                .files(signedByTheSigner()).roleArn(ROLE));
        assertThat(created("fw-http").otaUpdateStatus()).isEqualTo(OTAUpdateStatus.CREATE_COMPLETE);
        // a newer image under the same key: the devices still get the version that was signed
        s3.putObject(r -> r.bucket(BUCKET).key(KEY), RequestBody.fromString("not the signed image"));
        List<OtaDevice> devices = devices("Gateways", identities, n -> OtaDevice.Transport.HTTP,
                codeSigning.certificatePem());
        try {
            server.tickJobs();
            List<OtaDevice.Result> results = runAll(devices);
            assertThat(results).extracting(OtaDevice.Result::status).containsOnly("SUCCEEDED");
            assertThat(results).allSatisfy(r -> assertThat(r.image()).isEqualTo(image));
        } finally {
            devices.forEach(OtaDevice::close);
        }
    }

    @Test
    void devices_refuse_an_image_signed_by_another_key_and_the_abort_config_cancels_the_rollout() throws Exception {
        List<DeviceIdentity> identities = new ArrayList<>();
        String groupArn = group("Impostors", 10, identities);
        CodeSigningCert other = CodeSigningCert.create("not-our-signer");
        OTAUpdateFile forged = signedByTheUser(sign(other, image), other, "/certs/other.crt");
        iot.createOTAUpdate(r -> r.otaUpdateId("fw-forged").targets(groupArn).protocols(Protocol.MQTT)
                .files(forged).roleArn(ROLE)
                .awsJobExecutionsRolloutConfig(c -> c.maximumPerMinute(5))
                .awsJobAbortConfig(a -> a.abortCriteriaList(AwsJobAbortCriteria.builder().failureType("FAILED")
                        .action("CANCEL").thresholdPercentage(50.0).minNumberOfExecutedThings(5).build())));
        assertThat(created("fw-forged").otaUpdateStatus()).isEqualTo(OTAUpdateStatus.CREATE_COMPLETE);
        List<OtaDevice> devices = devices("Impostors", identities, n -> OtaDevice.Transport.MQTT_CBOR,
                codeSigning.certificatePem());
        try {
            server.tickJobs();  // five of ten released: the per-minute budget, and the clock stands still
            List<OtaDevice.Result> results = runAll(devices.subList(0, 5));
            assertThat(results).extracting(OtaDevice.Result::status).containsOnly("FAILED");
            assertThat(results).extracting(r -> r.details().get("reason")).containsOnly("signature check failed");
        } finally {
            devices.forEach(OtaDevice::close);
        }
        server.tickJobs();
        var job = iot.describeJob(r -> r.jobId("AFR_OTA-fw-forged")).job();
        assertThat(job.statusAsString()).isEqualTo("CANCELED");
        assertThat(job.jobProcessDetails().numberOfFailedThings()).isEqualTo(5);
        assertThat(job.jobProcessDetails().numberOfSucceededThings()).isZero();
        var failed = iot.describeJobExecution(r -> r.jobId("AFR_OTA-fw-forged").thingName(thing("Impostors", 0)))
                .execution();
        assertThat(failed.statusDetails().detailsMap()).containsEntry("reason", "signature check failed");
    }

    @Test
    void a_custom_signature_that_does_not_verify_fails_the_creation_with_the_reason() {
        List<DeviceIdentity> none = new ArrayList<>();
        String groupArn = group("Nobody", 1, none);
        byte[] tampered = image.clone();
        tampered[1000] ^= 1;
        OTAUpdateFile file = signedByTheUser(sign(codeSigning, tampered), codeSigning, "/certs/ecdsasigner.crt");
        iot.createOTAUpdate(r -> r.otaUpdateId("fw-tampered").targets(groupArn).protocols(Protocol.MQTT)
                .files(file).roleArn(ROLE));
        OTAUpdateInfo info = created("fw-tampered");
        assertThat(info.otaUpdateStatus()).isEqualTo(OTAUpdateStatus.CREATE_FAILED);
        assertThat(info.errorInfo().message()).containsIgnoringCase("signature");
    }

    /** The image with a signature the user made ({@code customCodeSigning}), ECDSA over SHA-256, and its certificate. */
    private OTAUpdateFile signedByTheUser(byte[] signature, CodeSigningCert certificate, String certificateName) {
        return OTAUpdateFile.builder().fileName("app.bin")
                .fileLocation(l -> l.s3Location(s -> s.bucket(BUCKET).key(KEY).version(imageVersion)))
                .codeSigning(CodeSigning.builder().customCodeSigning(c -> c.hashAlgorithm("SHA256")
                        .signatureAlgorithm("ECDSA")
                        .signature(s -> s.inlineDocument(SdkBytes.fromByteArray(signature)))
                        .certificateChain(cc -> cc.certificateName(certificateName)
                                .inlineDocument(certificate.certificatePem()))).build()).build();
    }

    private static byte[] sign(CodeSigningCert certificate, byte[] bytes) {
        try {
            return certificate.sign(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
