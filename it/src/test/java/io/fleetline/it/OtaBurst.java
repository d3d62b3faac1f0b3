package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CodeSigning;
import software.amazon.awssdk.services.iot.model.CreateOtaUpdateRequest;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.OTAUpdateStatus;
import software.amazon.awssdk.services.iot.model.Protocol;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * A burst of OTA updates of every kind, for the {@code kill -9} test: eight kinds in turn, four that complete (signed
 * beforehand, signed while created over a large image or by a profile the update puts, a checked custom signature over
 * HTTP) and four that fail for a reason the worker finds (no such target, an unversioned source, no such signing
 * profile, a custom signature that does not verify). Update {@code i} is {@code fw-<i>}, for thing {@code dev-<i>}.
 */
final class OtaBurst {
    static final String ROLE = "arn:aws:iam::000000000000:role/ota";
    static final String POLICY = "ota-devices";
    private static final String BUCKET = "fw-images";
    private static final String UNVERSIONED_BUCKET = "fw-unversioned";
    private static final String SMALL = "app.bin";
    private static final String LARGE = "large.bin";
    private static final String THING_ARN = "arn:aws:iot:us-east-1:000000000000:thing/";

    /** How update {@code i} is made, and how it must end: completed, or failed with words of its reason. */
    enum Kind {
        /** MQTT, the small image signed beforehand ({@code awsSignerJobId}). */
        SIGNER_JOB(List.of(Protocol.MQTT), ""),
        /** MQTT, a large image signed while the update is created ({@code startSigningJobParameter}). */
        LARGE_START_SIGNING(List.of(Protocol.MQTT), ""),
        /** MQTT and HTTP, signed while created under a profile the update puts ({@code signingProfileParameter}). */
        PROFILE_PARAMETER(List.of(Protocol.MQTT, Protocol.HTTP), ""),
        /** HTTP, the user's own signature, checked against the image while created. */
        CUSTOM(List.of(Protocol.HTTP), ""),
        MISSING_TARGET(List.of(Protocol.MQTT), "target not found"),
        UNVERSIONED(List.of(Protocol.MQTT), "unversioned source"),
        NO_SUCH_PROFILE(List.of(Protocol.MQTT), "starting the signing job"),
        FORGED_SIGNATURE(List.of(Protocol.MQTT), "customCodeSigning");

        final List<Protocol> protocols;
        final String failure;

        Kind(List<Protocol> protocols, String failure) {
            this.protocols = protocols;
            this.failure = failure;
        }

        boolean completes() {
            return failure.isEmpty();
        }

        /** Whether the update, once complete, has a stream of its own. */
        boolean streamed() {
            return completes() && protocols.contains(Protocol.MQTT);
        }

        /** Whether creating it starts a signing job. */
        boolean signs() {
            return this == LARGE_START_SIGNING || this == PROFILE_PARAMETER;
        }
    }

    final int size;
    final byte[] small;
    final byte[] large;
    final CodeSigningCert codeSigning;
    private final String smallVersion;
    private final String largeVersion;
    private final String certificateArn;
    private final String signerJobId;

    private OtaBurst(int size, byte[] small, byte[] large, CodeSigningCert codeSigning, String smallVersion,
                     String largeVersion, String certificateArn, String signerJobId) {
        this.size = size;
        this.small = small;
        this.large = large;
        this.codeSigning = codeSigning;
        this.smallVersion = smallVersion;
        this.largeVersion = largeVersion;
        this.certificateArn = certificateArn;
        this.signerJobId = signerJobId;
    }

    /**
     * Everything the updates use: the images (a versioned bucket, and the small one in an unversioned bucket too), a
     * code-signing certificate in ACM, two profiles (FreeRTOS, and the device-management platform that signs images
     * up to 2 GB), a signing job done beforehand, the things and the devices' policy.
     */
    static OtaBurst prepare(ProcessClients clients, int size, int largeBytes) throws Exception {
        byte[] small = ObjectStoreFaultsIT.random(64 * 1024 + 321, 16);
        byte[] large = ObjectStoreFaultsIT.random(largeBytes, 17);
        CodeSigningCert certificate = CodeSigningCert.create("fw-signer");
        var s3 = clients.s3();
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        s3.createBucket(r -> r.bucket(UNVERSIONED_BUCKET));
        String smallVersion = s3.putObject(r -> r.bucket(BUCKET).key(SMALL), RequestBody.fromBytes(small)).versionId();
        String largeVersion = s3.putObject(r -> r.bucket(BUCKET).key(LARGE), RequestBody.fromBytes(large)).versionId();
        s3.putObject(r -> r.bucket(UNVERSIONED_BUCKET).key(SMALL), RequestBody.fromBytes(small));

        String arn = clients.acm().importCertificate(r -> r
                .certificate(SdkBytes.fromUtf8String(certificate.certificatePem()))
                .privateKey(SdkBytes.fromUtf8String(certificate.privateKeyPem()))).certificateArn();
        var signer = clients.signer();
        signer.putSigningProfile(r -> r.profileName("fw_signer").platformId("AmazonFreeRTOS-Default")
                .signingMaterial(m -> m.certificateArn(arn))
                .signingParameters(Map.of("certname", "/certs/ecdsasigner.crt")));
        signer.putSigningProfile(r -> r.profileName("large_signer").platformId("AWSIoTDeviceManagement-SHA256-ECDSA")
                .signingMaterial(m -> m.certificateArn(arn)));
        String jobId = signer.startSigningJob(r -> r.profileName("fw_signer")
                .source(s -> s.s3(o -> o.bucketName(BUCKET).key(SMALL).version(smallVersion)))
                .destination(d -> d.s3(o -> o.bucketName(BUCKET).prefix("signed/")))).jobId();
        assertThat(signer.describeSigningJob(r -> r.jobId(jobId)).status()).isEqualTo(SigningStatus.SUCCEEDED);

        var iot = clients.iot();
        iot.createPolicy(r -> r.policyName(POLICY).policyDocument(OtaUpdateIT.POLICY));
        for (int i = 0; i < size; i++) {
            String thing = thing(i);
            iot.createThing(r -> r.thingName(thing));
        }
        return new OtaBurst(size, small, large, certificate, smallVersion, largeVersion, arn, jobId);
    }

    static String id(int i) {
        return String.format(Locale.ROOT, "fw-%02d", i);
    }

    static String thing(int i) {
        return String.format(Locale.ROOT, "dev-%02d", i);
    }

    Kind kind(int i) {
        return Kind.values()[i % Kind.values().length];
    }

    byte[] image(int i) {
        return kind(i) == Kind.LARGE_START_SIGNING ? large : small;
    }

    /** Sends every CreateOTAUpdate at once, from eight threads; each is acknowledged {@code CREATE_PENDING}. */
    void createAll(IotClient iot) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<OTAUpdateStatus>> sent = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                CreateOtaUpdateRequest request = request(i);
                sent.add(senders.submit(() -> iot.createOTAUpdate(request).otaUpdateStatus()));
            }
            for (Future<OTAUpdateStatus> status : sent) {
                assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(OTAUpdateStatus.CREATE_PENDING);
            }
        } finally {
            senders.shutdownNow();
        }
    }

    private CreateOtaUpdateRequest request(int i) throws Exception {
        Kind kind = kind(i);
        String target = THING_ARN + (kind == Kind.MISSING_TARGET ? "ghost-" + i : thing(i));
        return CreateOtaUpdateRequest.builder().otaUpdateId(id(i)).targets(target).protocols(kind.protocols)
                .files(file(kind)).roleArn(ROLE).build();
    }

    private OTAUpdateFile file(Kind kind) throws Exception {
        OTAUpdateFile.Builder file = OTAUpdateFile.builder().fileName("/device/app.bin").fileType(0)
                .fileLocation(l -> l.s3Location(s -> s.bucket(BUCKET).key(SMALL).version(smallVersion)));
        return switch (kind) {
            case SIGNER_JOB, MISSING_TARGET -> file.codeSigning(c -> c.awsSignerJobId(signerJobId)).build();
            case LARGE_START_SIGNING -> file
                    .fileLocation(l -> l.s3Location(s -> s.bucket(BUCKET).key(LARGE).version(largeVersion)))
                    .codeSigning(c -> c.startSigningJobParameter(p -> p.signingProfileName("large_signer")
                            .destination(d -> d.s3Destination(s -> s.bucket(BUCKET).prefix("signed/"))))).build();
            case PROFILE_PARAMETER -> file.codeSigning(c -> c.startSigningJobParameter(p -> p
                    .signingProfileName("adhoc_signer")
                    .signingProfileParameter(s -> s.certificateArn(certificateArn).platform("AmazonFreeRTOS-Default")
                            .certificatePathOnDevice("/certs/adhoc.crt"))
                    .destination(d -> d.s3Destination(s -> s.bucket(BUCKET).prefix("signed/"))))).build();
            case CUSTOM -> file.codeSigning(custom(codeSigning.sign(small))).build();
            case UNVERSIONED -> file.fileLocation(l -> l.s3Location(s -> s.bucket(UNVERSIONED_BUCKET).key(SMALL)))
                    .build();
            case NO_SUCH_PROFILE -> file.codeSigning(c -> c.startSigningJobParameter(p -> p
                    .signingProfileName("no_such_profile")
                    .destination(d -> d.s3Destination(s -> s.bucket(BUCKET).prefix("signed/"))))).build();
            case FORGED_SIGNATURE -> {
                byte[] tampered = small.clone();
                tampered[4000] ^= 1;
                yield file.codeSigning(custom(codeSigning.sign(tampered))).build();
            }
        };
    }

    private CodeSigning custom(byte[] signature) {
        return CodeSigning.builder().customCodeSigning(c -> c.hashAlgorithm("SHA256").signatureAlgorithm("ECDSA")
                .signature(s -> s.inlineDocument(SdkBytes.fromByteArray(signature)))
                .certificateChain(cc -> cc.certificateName("/certs/ecdsasigner.crt")
                        .inlineDocument(codeSigning.certificatePem()))).build();
    }

    /** Each update's id and kind, for messages. */
    String describe(int i) {
        return id(i) + " (" + kind(i) + ")";
    }
}
