package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.ota.signing.CodeSigningMaterial;
import io.fleetline.ota.signing.ImageSignatures;
import io.fleetline.security.ca.Pem;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Code signing as AWS's FreeRTOS OTA guide has users do it, with both AWS CLIs: a P-256 key and a self-signed
 * code-signing certificate made with OpenSSL, {@code acm import-certificate} of both files, a signing profile on
 * {@code AmazonFreeRTOS-Default}, {@code signer start-signing-job} on a versioned object; the signature the job made
 * verifies with the certificate over the image's bytes. Then what a user gets wrong: an unversioned bucket, a missing
 * version, a key that is not the certificate's, an RSA certificate for the ECDSA platform, a canceled profile. And
 * Fleetline's companion operation, which makes the key and certificate in one step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CodeSigningCliIT {
    @TempDir
    static Path dir;
    TestServer server;

    static Stream<AwsCli> clis() {
        return RegistryCliIT.clis();
    }

    @BeforeAll
    void start() {
        server = TestServer.start(Store.SQLITE, dir);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private AwsCli.Result ok(AwsCli aws, String... args) {
        AwsCli.Result result = aws.run(server, args);
        assertThat(result.exitCode()).as(aws + " " + String.join(" ", args) + ": " + result.stderr()).isZero();
        return result;
    }

    /** The key and certificate as the FreeRTOS guide makes them: genpkey P-256, a self-signed codeSigning cert. */
    static Path[] openSslSigner(Path work) throws Exception {
        Path config = Files.writeString(work.resolve("cert_config.txt"), """
                [ req ]
                prompt             = no
                distinguished_name = my_dn

                [ my_dn ]
                commonName = ecdsasigner

                [ my_exts ]
                keyUsage         = digitalSignature
                extendedKeyUsage = codeSigning
                """);
        Path key = work.resolve("ecdsasigner.key");
        Path certificate = work.resolve("ecdsasigner.crt");
        openssl(work, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-pkeyopt",
                "ec_param_enc:named_curve", "-outform", "PEM", "-out", key.toString());
        openssl(work, "req", "-new", "-x509", "-config", config.toString(), "-extensions", "my_exts", "-nodes",
                "-days", "365", "-key", key.toString(), "-out", certificate.toString());
        return new Path[] {certificate, key};
    }

    static void openssl(Path work, String... args) throws Exception {
        String[] command = Stream.concat(Stream.of("openssl"), Stream.of(args)).toArray(String[]::new);
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static Path random(Path file, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(file, bytes);
    }

    private static boolean verifies(byte[] signature, Path image, X509Certificate certificate) throws IOException {
        try (InputStream in = Files.newInputStream(image)) {
            return ImageSignatures.verify(in, signature, "SHA256", "ECDSA", certificate);
        }
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void the_freertos_guides_workflow_signs_a_versioned_image_whose_signature_the_certificate_verifies(AwsCli aws)
            throws Exception {
        Path work = Files.createDirectories(dir.resolve("story-" + aws.label()));
        Path[] signer = openSslSigner(work);
        Path image = random(work.resolve("app.bin"), 200_000, 7);
        String bucket = "fw-" + aws.label();
        String profile = "fw_signer_" + aws.label();
        ok(aws, "s3api", "create-bucket", "--bucket", bucket, "--region", "us-east-1");
        ok(aws, "s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled");
        String version = ok(aws, "s3api", "put-object", "--bucket", bucket, "--key", "app.bin", "--body",
                image.toString()).json().path("VersionId").asText();

        String arn = ok(aws, "acm", "import-certificate", "--certificate", "fileb://" + signer[0], "--private-key",
                "fileb://" + signer[1]).json().path("CertificateArn").asText();
        JsonNode described = ok(aws, "acm", "describe-certificate", "--certificate-arn", arn).json()
                .path("Certificate");
        assertThat(described.path("KeyAlgorithm").asText()).isEqualTo("EC_prime256v1");
        assertThat(described.path("Type").asText()).isEqualTo("IMPORTED");
        assertThat(described.path("ExtendedKeyUsages").get(0).path("Name").asText()).isEqualTo("CODE_SIGNING");
        assertThat(ok(aws, "acm", "get-certificate", "--certificate-arn", arn).json().path("Certificate").asText())
                .isEqualToIgnoringNewLines(Files.readString(signer[0]));
        assertThat(ok(aws, "acm", "list-certificates", "--includes", "keyTypes=EC_prime256v1").json()
                .path("CertificateSummaryList").findValuesAsText("CertificateArn")).contains(arn);
        assertThat(ok(aws, "signer", "list-signing-platforms").json().path("platforms")
                .findValuesAsText("platformId")).contains("AmazonFreeRTOS-Default");

        JsonNode put = ok(aws, "signer", "put-signing-profile", "--profile-name", profile, "--platform-id",
                "AmazonFreeRTOS-Default", "--signing-material", "certificateArn=" + arn, "--signing-parameters",
                "certname=/certs/ecdsasigner.crt").json();
        assertThat(put.path("arn").asText()).endsWith(":/signing-profiles/" + profile);
        String jobId = ok(aws, "signer", "start-signing-job", "--source",
                "s3={bucketName=" + bucket + ",key=app.bin,version=" + version + "}", "--destination",
                "s3={bucketName=" + bucket + ",prefix=signed/}", "--profile-name", profile).json()
                .path("jobId").asText();
        JsonNode job = ok(aws, "signer", "describe-signing-job", "--job-id", jobId).json();

        assertThat(job.path("status").asText()).isEqualTo("Succeeded");
        assertThat(job.path("signedObject").path("s3").path("key").asText()).isEqualTo("signed/" + jobId);
        assertThat(job.path("profileName").asText()).isEqualTo(profile);
        assertThat(job.path("signingParameters").path("certname").asText()).isEqualTo("/certs/ecdsasigner.crt");
        JsonNode head = ok(aws, "s3api", "head-object", "--bucket", bucket, "--key", "signed/" + jobId).json();
        byte[] signature = Base64.getDecoder().decode(head.path("Metadata").path("signature").asText());
        X509Certificate certificate = Pem.certificate(Files.readString(signer[0]));
        assertThat(verifies(signature, image, certificate)).as("ECDSA P-256 over SHA-256 of the image").isTrue();
        // as docs/ota.md checks it, with OpenSSL and the certificate alone
        Files.write(work.resolve("app.sig"), signature);
        openssl(work, "x509", "-in", signer[0].toString(), "-pubkey", "-noout", "-out", "ecdsasigner.pub");
        openssl(work, "dgst", "-sha256", "-verify", "ecdsasigner.pub", "-signature", "app.sig", image.toString());
        Path signed = work.resolve("signed.bin");
        ok(aws, "s3api", "get-object", "--bucket", bucket, "--key", "signed/" + jobId, signed.toString());
        assertThat(signed).hasSameBinaryContentAs(image);
        assertThat(ok(aws, "signer", "list-signing-jobs").json().path("jobs").findValuesAsText("jobId"))
                .contains(jobId);
        assertThat(ok(aws, "signer", "get-signing-profile", "--profile-name", profile).json().path("status").asText())
                .isEqualTo("Active");
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void the_companion_operation_makes_a_certificate_a_profile_signs_with(AwsCli plain) throws Exception {
        Path work = Files.createDirectories(dir.resolve("shortcut-" + plain.label()));
        AwsCli aws = plain.withFleetlineModel(JobPlansCliIT.model(work));
        String profile = "fw_made_" + plain.label();

        JsonNode made = ok(aws, "fleetline", "create-code-signing-certificate", "--common-name", profile).json();
        X509Certificate certificate = Pem.certificate(made.path("certificate").asText());
        ok(aws, "signer", "put-signing-profile", "--profile-name", profile, "--platform-id",
                "AWSIoTDeviceManagement-SHA256-ECDSA", "--signing-material",
                "certificateArn=" + made.path("certificateArn").asText());
        String bucket = "fw-made-" + plain.label();
        Path image = random(work.resolve("app.bin"), 5000, 11);
        ok(aws, "s3api", "create-bucket", "--bucket", bucket, "--region", "us-east-1");
        ok(aws, "s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled");
        String version = ok(aws, "s3api", "put-object", "--bucket", bucket, "--key", "app.bin", "--body",
                image.toString()).json().path("VersionId").asText();
        JsonNode job = describeStarted(aws, profile, bucket, version, bucket);

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + profile);
        assertThat(job.path("status").asText()).isEqualTo("Succeeded");
        JsonNode head = ok(aws, "s3api", "head-object", "--bucket", bucket, "--key",
                job.path("signedObject").path("s3").path("key").asText()).json();
        assertThat(verifies(Base64.getDecoder().decode(head.path("Metadata").path("signature").asText()), image,
                certificate)).isTrue();
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void what_users_get_wrong_is_refused_or_fails_the_job_saying_why(AwsCli aws) throws Exception {
        Path work = Files.createDirectories(dir.resolve("wrong-" + aws.label()));
        CodeSigningMaterial signer = CodeSigningMaterial.ecdsaAround("ecdsasigner", Instant.now());
        Path certificate = Files.write(work.resolve("ecdsasigner.crt"), signer.certificatePem());
        Path key = Files.write(work.resolve("ecdsasigner.key"), signer.pkcs8Pem());
        Path otherKey = Files.write(work.resolve("other.key"),
                CodeSigningMaterial.ecdsaAround("other", Instant.now()).pkcs8Pem());
        String bucket = "fw-wrong-" + aws.label();
        String plain = "fw-plain-" + aws.label();
        String profile = "fw_wrong_" + aws.label();
        Path image = random(work.resolve("app.bin"), 1000, 3);
        ok(aws, "s3api", "create-bucket", "--bucket", bucket, "--region", "us-east-1");
        ok(aws, "s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled");
        ok(aws, "s3api", "create-bucket", "--bucket", plain, "--region", "us-east-1");
        ok(aws, "s3api", "put-object", "--bucket", plain, "--key", "app.bin", "--body", image.toString());

        AwsCli.Result mismatch = aws.run(server, "acm", "import-certificate", "--certificate", "fileb://" + certificate,
                "--private-key", "fileb://" + otherKey);
        assertThat(mismatch.errorCode()).isEqualTo("ValidationException");
        assertThat(mismatch.stderr()).contains("does not match the public key");

        CodeSigningMaterial rsa = CodeSigningMaterial.rsaAround("rsasigner", Instant.now());
        String rsaArn = ok(aws, "acm", "import-certificate", "--certificate",
                "fileb://" + Files.write(work.resolve("rsa.crt"), rsa.certificatePem()), "--private-key",
                "fileb://" + Files.write(work.resolve("rsa.key"), rsa.traditionalPem())).json()
                .path("CertificateArn").asText();
        AwsCli.Result rsaProfile = aws.run(server, "signer", "put-signing-profile", "--profile-name", "rsa_" + profile,
                "--platform-id", "AmazonFreeRTOS-Default", "--signing-material", "certificateArn=" + rsaArn);
        assertThat(rsaProfile.errorCode()).isEqualTo("ValidationException");
        assertThat(rsaProfile.stderr()).contains("RSA_2048");

        String arn = ok(aws, "acm", "import-certificate", "--certificate", "fileb://" + certificate, "--private-key",
                "fileb://" + key).json().path("CertificateArn").asText();
        ok(aws, "signer", "put-signing-profile", "--profile-name", profile, "--platform-id",
                "AmazonFreeRTOS-Default", "--signing-material", "certificateArn=" + arn);

        JsonNode unversioned = describeStarted(aws, profile, plain, "null", bucket);
        assertThat(unversioned.path("status").asText()).isEqualTo("Failed");
        assertThat(unversioned.path("statusReason").asText()).contains("versioning enabled");
        JsonNode missing = describeStarted(aws, profile, bucket, "0123456789abcdefghijABCDEFGHIJ01", bucket);
        assertThat(missing.path("status").asText()).isEqualTo("Failed");
        assertThat(missing.path("statusReason").asText()).contains("does not exist");
        assertThat(missing.has("signedObject")).isFalse();

        ok(aws, "signer", "cancel-signing-profile", "--profile-name", profile);
        AwsCli.Result canceled = aws.run(server, "signer", "start-signing-job", "--source",
                "s3={bucketName=" + bucket + ",key=app.bin,version=x}", "--destination",
                "s3={bucketName=" + bucket + ",prefix=signed/}", "--profile-name", profile);
        assertThat(canceled.errorCode()).isEqualTo("ValidationException");
        assertThat(canceled.stderr()).contains("Canceled");
        AwsCli.Result unknown = aws.run(server, "signer", "describe-signing-job", "--job-id", "no-such-job");
        assertThat(unknown.errorCode()).isEqualTo("ResourceNotFoundException");

        ok(aws, "acm", "delete-certificate", "--certificate-arn", arn);
        assertThat(aws.run(server, "acm", "describe-certificate", "--certificate-arn", arn).errorCode())
                .isEqualTo("ResourceNotFoundException");
    }

    private JsonNode describeStarted(AwsCli aws, String profile, String bucket, String version, String destination) {
        String jobId = ok(aws, "signer", "start-signing-job", "--source",
                "s3={bucketName=" + bucket + ",key=app.bin,version=" + version + "}", "--destination",
                "s3={bucketName=" + destination + ",prefix=signed/}", "--profile-name", profile).json()
                .path("jobId").asText();
        return ok(aws, "signer", "describe-signing-job", "--job-id", jobId).json();
    }
}
