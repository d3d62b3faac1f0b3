package io.fleetline.api.signer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.api.http.ApiResponse;
import io.fleetline.ota.signing.CodeSigningMaterial;
import io.fleetline.ota.signing.ImageSignatures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AWS Signer's operations as the AWS CLI calls them (rest-json). */
class SignerApiTest extends SigningApiFixture {
    private static final byte[] IMAGE = "firmware 2.1.0 ".repeat(2000).getBytes(StandardCharsets.US_ASCII);
    private final CodeSigningMaterial signer = CodeSigningMaterial.ecdsa("ecdsasigner");
    private String certificateArn;

    @BeforeEach
    void certificate() {
        certificateArn = importCertificate(signer);
    }

    private ApiResponse putProfile(String name, String arn) {
        return http("PUT", "/signing-profiles/" + name, "", "{\"platformId\": \"AmazonFreeRTOS-Default\", "
                + "\"signingMaterial\": {\"certificateArn\": \"" + arn + "\"}, "
                + "\"signingParameters\": {\"certname\": \"/certs/ecdsasigner.crt\"}}");
    }

    private ApiResponse start(String profile, String bucket, String key, String version) {
        return http("POST", "/signing-jobs", "", "{\"source\": {\"s3\": {\"bucketName\": \"" + bucket
                + "\", \"key\": \"" + key + "\", \"version\": \"" + version + "\"}}, \"destination\": {\"s3\": "
                + "{\"bucketName\": \"" + BUCKET + "\", \"prefix\": \"signed/\"}}, \"profileName\": \"" + profile
                + "\", \"clientRequestToken\": \"" + UUID.randomUUID() + "\"}");
    }

    @Test
    void the_platforms_are_listed_with_their_algorithms() {
        JsonNode platforms = json(http("GET", "/signing-platforms", "", "")).path("platforms");

        assertThat(platforms.findValuesAsText("platformId"))
                .containsExactly("AWSIoTDeviceManagement-SHA256-ECDSA", "AmazonFreeRTOS-Default");
        JsonNode freeRtos = platforms.get(1);
        assertThat(freeRtos.path("signingConfiguration").path("encryptionAlgorithmOptions").path("defaultValue")
                .asText()).isEqualTo("ECDSA");
        assertThat(freeRtos.path("signingConfiguration").path("hashAlgorithmOptions").path("allowedValues").get(0)
                .asText()).isEqualTo("SHA256");
        assertThat(freeRtos.path("category").asText()).isEqualTo("AWSIoT");
        assertThat(json(http("GET", "/signing-platforms/AmazonFreeRTOS-Default", "", "")).path("target").asText())
                .isEqualTo("SHA256-ECDSA");
        assertThat(http("GET", "/signing-platforms/Nope", "", "").status()).isEqualTo(404);
    }

    @Test
    void a_profile_is_put_and_read_back_with_its_arns() {
        ApiResponse put = putProfile("fw_signer", certificateArn);
        JsonNode profile = json(http("GET", "/signing-profiles/fw_signer", "", ""));

        assertThat(put.status()).as(text(put)).isEqualTo(200);
        assertThat(json(put).path("arn").asText())
                .isEqualTo("arn:aws:signer:eu-west-1:123456789012:/signing-profiles/fw_signer");
        assertThat(json(put).path("profileVersionArn").asText())
                .isEqualTo(json(put).path("arn").asText() + "/" + json(put).path("profileVersion").asText());
        assertThat(profile.path("status").asText()).isEqualTo("Active");
        assertThat(profile.path("signingMaterial").path("certificateArn").asText()).isEqualTo(certificateArn);
        assertThat(profile.path("signingParameters").path("certname").asText()).isEqualTo("/certs/ecdsasigner.crt");
        assertThat(profile.path("signatureValidityPeriod").path("type").asText()).isEqualTo("MONTHS");
        assertThat(profile.path("platformDisplayName").asText()).isEqualTo("Amazon FreeRTOS Default");
        assertThat(json(http("GET", "/signing-profiles", "", "")).path("profiles").findValuesAsText("profileName"))
                .containsExactly("fw_signer");
    }

    @Test
    void an_rsa_certificate_cannot_make_an_ecdsa_profile() {
        ApiResponse response = putProfile("rsa_signer", importCertificate(CodeSigningMaterial.rsa("rsa")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "ValidationException");
        assertThat(json(response).path("message").asText()).contains("RSA_2048");
    }

    @Test
    void a_signing_job_signs_the_version_and_is_described_succeeded_with_its_signed_object() {
        putProfile("fw_signer", certificateArn);
        String version = putObject("app.bin", IMAGE);

        ApiResponse started = start("fw_signer", BUCKET, "app.bin", version);
        String jobId = json(started).path("jobId").asText();
        JsonNode job = json(http("GET", "/signing-jobs/" + jobId, "", ""));

        assertThat(started.status()).as(text(started)).isEqualTo(200);
        assertThat(json(started).path("jobOwner").asText()).isEqualTo("123456789012");
        assertThat(job.path("status").asText()).isEqualTo("Succeeded");
        assertThat(job.path("signedObject").path("s3").path("bucketName").asText()).isEqualTo(BUCKET);
        assertThat(job.path("signedObject").path("s3").path("key").asText()).isEqualTo("signed/" + jobId);
        assertThat(job.path("source").path("s3").path("version").asText()).isEqualTo(version);
        assertThat(job.path("platformId").asText()).isEqualTo("AmazonFreeRTOS-Default");
        assertThat(job.path("createdAt").isNumber()).isTrue();
        assertThat(job.path("completedAt").isNumber()).isTrue();
        assertThat(job.path("signatureExpiresAt").isNumber()).isTrue();
        assertThat(job.path("requestedBy").asText()).isEqualTo("arn:aws:iam::123456789012:root");
        assertThat(job.has("statusReason")).isFalse();
        var head = blobs.objects().head(BUCKET, "signed/" + jobId, io.fleetline.blobs.object.ReadOptions.LATEST);
        byte[] signature = Base64.getDecoder().decode(head.version().body().attributes().userMetadata()
                .get("signature"));
        assertThat(ImageSignatures.verify(new ByteArrayInputStream(IMAGE), signature, "SHA256", "ECDSA",
                signer.certificate())).isTrue();
        assertThat(json(http("GET", "/signing-jobs", "", "")).path("jobs").findValuesAsText("jobId"))
                .containsExactly(jobId);
    }

    @Test
    void a_job_on_an_unversioned_bucket_is_created_and_ends_failed_with_the_reason() {
        putProfile("fw_signer", certificateArn);
        blobs.buckets().create("plain-images", java.util.Optional.empty());

        ApiResponse started = start("fw_signer", "plain-images", "app.bin", "null");
        JsonNode job = json(http("GET", "/signing-jobs/" + json(started).path("jobId").asText(), "", ""));

        assertThat(started.status()).isEqualTo(200);
        assertThat(job.path("status").asText()).isEqualTo("Failed");
        assertThat(job.path("statusReason").asText()).contains("versioning enabled");
        assertThat(job.has("signedObject")).isFalse();
        assertThat(json(http("GET", "/signing-jobs", "status=Failed", "")).path("jobs")).hasSize(1);
        assertThat(json(http("GET", "/signing-jobs", "status=Succeeded", "")).path("jobs")).isEmpty();
    }

    @Test
    void a_canceled_profile_starts_no_job_and_an_unknown_one_is_not_found() {
        putProfile("fw_signer", certificateArn);
        String version = putObject("app.bin", IMAGE);

        assertThat(http("DELETE", "/signing-profiles/fw_signer", "", "").status()).isEqualTo(200);
        ApiResponse canceled = start("fw_signer", BUCKET, "app.bin", version);
        ApiResponse unknown = start("nobody", BUCKET, "app.bin", version);

        assertThat(canceled.status()).isEqualTo(400);
        assertThat(json(canceled).path("__type").asText()).isEqualTo("ValidationException");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown).path("__type").asText()).isEqualTo("ResourceNotFoundException");
        assertThat(json(http("GET", "/signing-profiles", "", "")).path("profiles")).isEmpty();
        assertThat(json(http("GET", "/signing-profiles", "includeCanceled=true", "")).path("profiles").get(0)
                .path("status").asText()).isEqualTo("Canceled");
    }

    @Test
    void a_job_without_a_source_or_destination_bucket_is_refused() {
        putProfile("fw_signer", certificateArn);

        ApiResponse noSource = http("POST", "/signing-jobs", "", "{\"source\": {}, \"destination\": {\"s3\": "
                + "{\"bucketName\": \"" + BUCKET + "\"}}, \"profileName\": \"fw_signer\", "
                + "\"clientRequestToken\": \"t1\"}");
        ApiResponse noDestination = http("POST", "/signing-jobs", "", "{\"source\": {\"s3\": {\"bucketName\": \"b\", "
                + "\"key\": \"k\", \"version\": \"v\"}}, \"destination\": {}, \"profileName\": \"fw_signer\", "
                + "\"clientRequestToken\": \"t2\"}");

        assertThat(noSource.status()).isEqualTo(400);
        assertThat(json(noSource).path("message").asText()).contains("source.s3");
        assertThat(noDestination.status()).isEqualTo(400);
        assertThat(json(noDestination).path("message").asText()).contains("destination.s3.bucketName");
    }
}
