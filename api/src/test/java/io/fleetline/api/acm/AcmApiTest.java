package io.fleetline.api.acm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.api.http.ApiResponse;
import io.fleetline.api.signer.SigningApiFixture;
import io.fleetline.ota.signing.CodeSigningMaterial;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** ACM's operations as the AWS CLI calls them, answered in the json protocol's shapes. */
class AcmApiTest extends SigningApiFixture {
    private final CodeSigningMaterial signer = CodeSigningMaterial.ecdsa("ecdsasigner");

    @Test
    void an_imported_certificate_is_described_as_acm_describes_one() {
        String arn = importCertificate(signer);

        ApiResponse response = acm("DescribeCertificate", "{\"CertificateArn\": \"" + arn + "\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Content-Type", "application/x-amz-json-1.1");
        JsonNode certificate = json(response).path("Certificate");
        assertThat(certificate.path("CertificateArn").asText()).isEqualTo(arn);
        assertThat(certificate.path("DomainName").asText()).isEqualTo("ecdsasigner");
        assertThat(certificate.path("Type").asText()).isEqualTo("IMPORTED");
        assertThat(certificate.path("Status").asText()).isEqualTo("ISSUED");
        assertThat(certificate.path("KeyAlgorithm").asText()).isEqualTo("EC_prime256v1");
        assertThat(certificate.path("ImportedAt").isNumber()).as("epoch seconds").isTrue();
        assertThat(certificate.path("ImportedAt").longValue()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(certificate.path("NotAfter").isNumber()).isTrue();
        assertThat(certificate.path("KeyUsages").get(0).path("Name").asText()).isEqualTo("DIGITAL_SIGNATURE");
        assertThat(certificate.path("ExtendedKeyUsages").get(0).path("Name").asText()).isEqualTo("CODE_SIGNING");
        assertThat(certificate.path("ExtendedKeyUsages").get(0).path("OID").asText()).isEqualTo("1.3.6.1.5.5.7.3.3");
        assertThat(certificate.path("Serial").asText()).matches("[0-9a-f]{2}(:[0-9a-f]{2})*");
    }

    @Test
    void get_certificate_answers_the_pem_and_nothing_answers_the_private_key() {
        String arn = importCertificate(signer);
        String key = Base64.getEncoder().encodeToString(signer.privateKey().getEncoded()).substring(40, 80);

        ApiResponse get = acm("GetCertificate", "{\"CertificateArn\": \"" + arn + "\"}");
        ApiResponse describe = acm("DescribeCertificate", "{\"CertificateArn\": \"" + arn + "\"}");
        ApiResponse list = acm("ListCertificates", "{\"Includes\": {\"keyTypes\": [\"EC_prime256v1\"]}}");

        assertThat(json(get).path("Certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----")
                .isEqualToIgnoringNewLines(new String(signer.certificatePem(), StandardCharsets.US_ASCII));
        assertThat(json(get).has("CertificateChain")).isFalse();
        for (ApiResponse response : new ApiResponse[] {get, describe, list}) {
            assertThat(text(response)).doesNotContain(key).doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void list_certificates_leaves_ec_keys_out_unless_asked_for_as_acm_does() {
        String arn = importCertificate(signer);

        JsonNode byDefault = json(acm("ListCertificates", "{}"));
        JsonNode asked = json(acm("ListCertificates", "{\"Includes\": {\"keyTypes\": [\"EC_prime256v1\"]}}"));

        assertThat(byDefault.path("CertificateSummaryList")).isEmpty();
        assertThat(asked.path("CertificateSummaryList")).hasSize(1);
        JsonNode summary = asked.path("CertificateSummaryList").get(0);
        assertThat(summary.path("CertificateArn").asText()).isEqualTo(arn);
        assertThat(summary.path("KeyAlgorithm").asText()).isEqualTo("EC_prime256v1");
        assertThat(summary.path("ExtendedKeyUsages").get(0).asText()).isEqualTo("CODE_SIGNING");
        assertThat(asked.has("NextToken")).isFalse();
    }

    @Test
    void a_key_of_another_certificate_is_a_validation_exception() {
        ApiResponse response = acm("ImportCertificate", "{\"Certificate\": \"" + base64(signer.certificatePem())
                + "\", \"PrivateKey\": \"" + base64(CodeSigningMaterial.ecdsa("other").pkcs8Pem()) + "\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response).path("__type").asText()).isEqualTo("ValidationException");
        assertThat(json(response).path("message").asText())
                .isEqualTo("The private key does not match the public key in the certificate.");
    }

    @Test
    void a_deleted_certificate_is_a_resource_not_found_exception() {
        String arn = importCertificate(signer);

        assertThat(acm("DeleteCertificate", "{\"CertificateArn\": \"" + arn + "\"}").status()).isEqualTo(200);
        ApiResponse again = acm("DeleteCertificate", "{\"CertificateArn\": \"" + arn + "\"}");

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.headers()).containsEntry("x-amzn-ErrorType", "ResourceNotFoundException");
        assertThat(acm("DescribeCertificate", "{\"CertificateArn\": \"" + arn + "\"}").status()).isEqualTo(400);
    }

    @Test
    void the_companion_operation_makes_a_code_signing_certificate_in_one_step() {
        ApiResponse response = http("POST", "/_fleetline/code-signing/certificates", "",
                "{\"commonName\": \"fw_signer\", \"tags\": {\"team\": \"fw\"}}");

        assertThat(response.status()).as(text(response)).isEqualTo(200);
        String arn = json(response).path("certificateArn").asText();
        assertThat(json(response).path("certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        JsonNode described = json(acm("DescribeCertificate", "{\"CertificateArn\": \"" + arn + "\"}"))
                .path("Certificate");
        assertThat(described.path("DomainName").asText()).isEqualTo("fw_signer");
        assertThat(described.path("KeyAlgorithm").asText()).isEqualTo("EC_prime256v1");
        assertThat(http("POST", "/_fleetline/code-signing/certificates", "", "{}").status()).isEqualTo(400);
    }
}
