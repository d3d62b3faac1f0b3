package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.ota.signing.CodeSigningMaterial;
import io.fleetline.ota.signing.ImageSignatures;
import io.fleetline.security.ca.Pem;
import io.fleetline.server.Main;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.KeyAlgorithm;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningProfileStatus;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * The code-signing story with the SDK for Java v2 ({@code AcmClient}: the json protocol; {@code SignerClient}:
 * rest-json) on both databases: import, profile, sign, verify; the typed errors of what users get wrong; Fleetline's
 * one-step signing key from the command line; what a restart keeps and a reset removes.
 */
class CodeSigningSdkIT {
    @TempDir
    Path dir;

    static AcmClient acm(TestServer server) {
        return AcmClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.of(server.region()))
                .credentialsProvider(credentials(server)).httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    static SignerClient signer(TestServer server) {
        return SignerClient.builder().endpointOverride(URI.create(server.endpoint()))
                .region(Region.of(server.region())).credentialsProvider(credentials(server))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static StaticCredentialsProvider credentials(TestServer server) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKeyId(), server.secretKey()));
    }

    private static byte[] image(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String versionedObject(S3Client s3, String bucket, byte[] image) {
        s3.createBucket(r -> r.bucket(bucket));
        s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        return s3.putObject(r -> r.bucket(bucket).key("app.bin"), RequestBody.fromBytes(image)).versionId();
    }

    private static DescribeSigningJobResponse sign(SignerClient signer, String profile, String bucket,
                                                   String version) {
        String jobId = signer.startSigningJob(r -> r.profileName(profile)
                .source(s -> s.s3(o -> o.bucketName(bucket).key("app.bin").version(version)))
                .destination(d -> d.s3(o -> o.bucketName(bucket).prefix("signed/")))).jobId();
        return signer.describeSigningJob(r -> r.jobId(jobId));
    }

    private static boolean verifies(String signatureBase64, byte[] image, X509Certificate certificate) {
        return ImageSignatures.verify(new ByteArrayInputStream(image), Base64.getDecoder().decode(signatureBase64),
                "SHA256", "ECDSA", certificate);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void the_sdk_imports_a_certificate_signs_a_versioned_image_and_the_signature_verifies(Store store) {
        CodeSigningMaterial material = CodeSigningMaterial.ecdsaAround("ecdsasigner", Instant.now());
        byte[] image = image(250_000);
        try (TestServer server = TestServer.start(store, dir); AcmClient acm = acm(server);
             SignerClient signer = signer(server); S3Client s3 = Sdk.s3(server)) {
            String version = versionedObject(s3, "fw-images", image);

            String arn = acm.importCertificate(r -> r.certificate(SdkBytes.fromByteArray(material.certificatePem()))
                    .privateKey(SdkBytes.fromByteArray(material.pkcs8Pem()))).certificateArn();
            CertificateDetail detail = acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
            assertThat(detail.keyAlgorithm()).isEqualTo(KeyAlgorithm.EC_PRIME256_V1);
            assertThat(detail.importedAt()).isBeforeOrEqualTo(Instant.now());
            assertThat(detail.notAfter()).isEqualTo(material.certificate().getNotAfter().toInstant());
            assertThat(acm.listCertificates(r -> r.includes(i -> i.keyTypes(KeyAlgorithm.EC_PRIME256_V1)))
                    .certificateSummaryList()).extracting(s -> s.certificateArn()).containsExactly(arn);
            assertThat(signer.listSigningPlatforms(r -> { }).platforms()).extracting(p -> p.platformId())
                    .contains("AmazonFreeRTOS-Default", "AWSIoTDeviceManagement-SHA256-ECDSA");
            signer.putSigningProfile(r -> r.profileName("fw_signer").platformId("AmazonFreeRTOS-Default")
                    .signingMaterial(m -> m.certificateArn(arn)).signingParameters(java.util.Map.of("certname",
                            "/certs/ecdsasigner.crt")));

            DescribeSigningJobResponse job = sign(signer, "fw_signer", "fw-images", version);

            assertThat(job.status()).isEqualTo(SigningStatus.SUCCEEDED);
            assertThat(job.signedObject().s3().key()).isEqualTo("signed/" + job.jobId());
            assertThat(job.signatureExpiresAt()).isAfter(Instant.now().plus(java.time.Duration.ofDays(3000)));
            var head = s3.headObject(r -> r.bucket("fw-images").key(job.signedObject().s3().key()));
            assertThat(verifies(head.metadata().get("signature"), image, material.certificate())).isTrue();
            assertThat(signer.listSigningJobs(r -> { }).jobs()).extracting(j -> j.jobId()).containsExactly(job.jobId());
            assertThat(signer.getSigningProfile(r -> r.profileName("fw_signer")).status())
                    .isEqualTo(SigningProfileStatus.ACTIVE);
        }
    }

    @Test
    void what_users_get_wrong_comes_back_as_the_sdks_typed_errors_or_a_failed_job() {
        CodeSigningMaterial material = CodeSigningMaterial.ecdsaAround("ecdsasigner", Instant.now());
        CodeSigningMaterial rsa = CodeSigningMaterial.rsaAround("rsasigner", Instant.now());
        try (TestServer server = TestServer.start(Store.SQLITE, dir); AcmClient acm = acm(server);
             SignerClient signer = signer(server); S3Client s3 = Sdk.s3(server)) {
            assertThatThrownBy(() -> acm.importCertificate(r -> r.certificate(SdkBytes.fromByteArray(
                    material.certificatePem())).privateKey(SdkBytes.fromByteArray(CodeSigningMaterial.ecdsaAround(
                    "other", Instant.now()).pkcs8Pem()))))
                    .isInstanceOf(software.amazon.awssdk.services.acm.model.ValidationException.class)
                    .hasMessageContaining("does not match");
            String rsaArn = acm.importCertificate(r -> r.certificate(SdkBytes.fromByteArray(rsa.certificatePem()))
                    .privateKey(SdkBytes.fromByteArray(rsa.pkcs8Pem()))).certificateArn();
            assertThatThrownBy(() -> signer.putSigningProfile(r -> r.profileName("rsa_signer")
                    .platformId("AmazonFreeRTOS-Default").signingMaterial(m -> m.certificateArn(rsaArn))))
                    .isInstanceOf(software.amazon.awssdk.services.signer.model.ValidationException.class)
                    .hasMessageContaining("RSA_2048");
            String arn = acm.importCertificate(r -> r.certificate(SdkBytes.fromByteArray(material.certificatePem()))
                    .privateKey(SdkBytes.fromByteArray(material.pkcs8Pem()))).certificateArn();
            signer.putSigningProfile(r -> r.profileName("fw_signer").platformId("AmazonFreeRTOS-Default")
                    .signingMaterial(m -> m.certificateArn(arn)));
            s3.createBucket(r -> r.bucket("plain-images"));
            String nullVersion = s3.putObject(r -> r.bucket("plain-images").key("app.bin"),
                    RequestBody.fromBytes(image(10))).versionId();
            String version = versionedObject(s3, "fw-images", image(100));

            DescribeSigningJobResponse unversioned = sign(signer, "fw_signer", "plain-images",
                    nullVersion == null ? "null" : nullVersion);
            DescribeSigningJobResponse missing = sign(signer, "fw_signer", "fw-images",
                    version.substring(1) + (version.charAt(0) == 'a' ? "b" : "a"));

            assertThat(unversioned.status()).isEqualTo(SigningStatus.FAILED);
            assertThat(unversioned.statusReason()).contains("versioning enabled");
            assertThat(missing.status()).isEqualTo(SigningStatus.FAILED);
            assertThat(missing.statusReason()).contains("does not exist");
            signer.cancelSigningProfile(r -> r.profileName("fw_signer"));
            assertThatThrownBy(() -> sign(signer, "fw_signer", "fw-images", version))
                    .isInstanceOf(software.amazon.awssdk.services.signer.model.ValidationException.class)
                    .hasMessageContaining("Canceled");
            assertThatThrownBy(() -> signer.describeSigningJob(r -> r.jobId("no-such-job")))
                    .isInstanceOf(software.amazon.awssdk.services.signer.model.ResourceNotFoundException.class);
            assertThatThrownBy(() -> acm.describeCertificate(r -> r.certificateArn(arn.replace(arn.substring(
                    arn.length() - 4), "0000"))))
                    .isInstanceOf(software.amazon.awssdk.services.acm.model.ResourceNotFoundException.class);
        }
    }

    @Test
    void the_signing_key_command_makes_a_certificate_a_profile_signs_with_and_a_reset_removes_it() throws Exception {
        byte[] image = image(50_000);
        TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(), c -> c);
        try {
            Path certificateFile = dir.resolve("fw_signer.crt");
            String arn = printedBy("signing-key", "create", "--name", "fw_signer", "--out",
                    certificateFile.toString(), "--data-dir", server.dataDir().toString());
            assertThat(arn).startsWith("arn:aws:acm:" + server.region() + ":" + server.accountId() + ":certificate/");
            X509Certificate certificate = Pem.certificate(Files.readString(certificateFile));
            assertThat(Files.getPosixFilePermissions(server.dataDir().resolve("signing/sealing.key")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));

            server = server.restart();

            try (AcmClient acm = acm(server); SignerClient signer = signer(server); S3Client s3 = Sdk.s3(server)) {
                String version = versionedObject(s3, "fw-images", image);
                signer.putSigningProfile(r -> r.profileName("fw_signer").platformId(
                        "AWSIoTDeviceManagement-SHA256-ECDSA").signingMaterial(m -> m.certificateArn(arn)));

                DescribeSigningJobResponse job = sign(signer, "fw_signer", "fw-images", version);

                assertThat(job.status()).as("the key sealed before the restart still opens")
                        .isEqualTo(SigningStatus.SUCCEEDED);
                assertThat(verifies(s3.headObject(r -> r.bucket("fw-images").key(job.signedObject().s3().key()))
                        .metadata().get("signature"), image, certificate)).isTrue();
                assertThat(acm.getCertificate(r -> r.certificateArn(arn)).certificate())
                        .isEqualToIgnoringNewLines(Files.readString(certificateFile));

                assertThat(Main.run("reset", "--data-dir", server.dataDir().toString())).isZero();

                assertThat(acm.listCertificates(r -> r.includes(i -> i.keyTypes(KeyAlgorithm.EC_PRIME256_V1)))
                        .certificateSummaryList()).isEmpty();
                assertThat(signer.listSigningProfiles(r -> r.includeCanceled(true)).profiles()).isEmpty();
                assertThat(signer.listSigningJobs(r -> { }).jobs()).isEmpty();
            }
        } finally {
            server.close();
        }
    }

    /** What the command line prints on its standard output, after it exited 0. */
    private static String printedBy(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(stdout);
        }
        return printed.toString(StandardCharsets.UTF_8).strip();
    }
}
