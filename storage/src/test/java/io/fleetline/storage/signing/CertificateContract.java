package io.fleetline.storage.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.ota.signing.CertificateImport;
import io.fleetline.ota.signing.CertificateQuery;
import io.fleetline.ota.signing.CodeSigningMaterial;
import io.fleetline.ota.signing.ImportedCertificate;
import io.fleetline.ota.signing.KeyAlgorithm;
import io.fleetline.security.ca.Pem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ImportCertificate, DescribeCertificate, GetCertificate, ListCertificates, DeleteCertificate. */
abstract class CertificateContract extends SigningFixture {
    private static final CertificateQuery EVERY_KEY = new CertificateQuery(Set.of(),
            Set.of(KeyAlgorithm.values()), Set.of(), Set.of(), false);

    @Test
    void an_imported_certificate_is_described_with_what_acm_reads_off_it() {
        CodeSigningMaterial material = CodeSigningMaterial.ecdsa("ecdsasigner");
        ImportedCertificate imported = signing.certificates().importCertificate(new CertificateImport(Optional.empty(),
                material.certificatePem(), material.traditionalPem(), Optional.empty(), Map.of("team", "fw")));

        ImportedCertificate described = signing.certificates().describe(imported.arn().value());

        assertThat(imported.arn().value()).startsWith("arn:aws:acm:eu-west-1:123456789012:certificate/");
        assertThat(described).isEqualTo(imported);
        assertThat(described.certificate()).isEqualTo(material.certificate());
        assertThat(described.importedAt()).isEqualTo(clock.instant());
        assertThat(described.tags()).containsExactly(Map.entry("team", "fw"));
        assertThat(described.keyAlgorithm()).isEqualTo(KeyAlgorithm.EC_PRIME256V1);
        assertThat(described.status(clock.instant())).isEqualTo("ISSUED");
        assertThat(described.domainName()).contains("ecdsasigner");
        assertThat(described.subject()).isEqualTo("CN=ecdsasigner");
        assertThat(described.signatureAlgorithm()).isEqualTo("SHA256WITHECDSA");
        assertThat(described.certificatePem())
                .isEqualTo(new String(material.certificatePem(), StandardCharsets.US_ASCII));
        assertThat(described.chainPem()).isEmpty();
    }

    @Test
    void a_certificate_expires_in_acms_status_when_its_time_is_up() {
        ImportedCertificate imported = importCertificate(CodeSigningMaterial.ecdsa("ecdsasigner"));

        clock.advance(Duration.ofDays(200));

        assertThat(signing.certificates().describe(imported.arn().value()).status(clock.instant()))
                .isEqualTo("EXPIRED");
    }

    @Test
    void a_chain_is_kept_and_answered_with_the_certificate() {
        CodeSigningMaterial issued = CodeSigningMaterial.issuedByCa("fw");
        byte[] chain = issued.issuer().orElseThrow().certificatePem();
        ImportedCertificate imported = signing.certificates().importCertificate(new CertificateImport(Optional.empty(),
                issued.certificatePem(), issued.pkcs8Pem(), Optional.of(chain), Map.of()));

        ImportedCertificate described = signing.certificates().describe(imported.arn().value());

        assertThat(described.chain()).containsExactly(issued.issuer().orElseThrow().certificate());
        assertThat(described.chainPem()).contains(new String(chain, StandardCharsets.US_ASCII));
    }

    @Test
    void a_reimport_keeps_the_arn_and_tags_and_replaces_certificate_and_key() {
        CodeSigningMaterial one = CodeSigningMaterial.ecdsa("one");
        ImportedCertificate first = signing.certificates().importCertificate(new CertificateImport(Optional.empty(),
                one.certificatePem(), one.pkcs8Pem(), Optional.empty(), Map.of("team", "fw")));
        CodeSigningMaterial second = CodeSigningMaterial.ecdsa("two");
        clock.advance(Duration.ofMinutes(5));

        ImportedCertificate reimported = signing.certificates().importCertificate(new CertificateImport(
                Optional.of(first.arn().value()), second.certificatePem(), second.pkcs8Pem(), Optional.empty(),
                Map.of()));

        assertThat(reimported.arn()).isEqualTo(first.arn());
        assertThat(reimported.tags()).containsExactly(Map.entry("team", "fw"));
        assertThat(signing.certificates().describe(first.arn().value()).certificate()).isEqualTo(second.certificate());
        assertThat(signing.certificates().describe(first.arn().value()).importedAt()).isEqualTo(clock.instant());
        assertFails(() -> signing.certificates().importCertificate(new CertificateImport(
                Optional.of(first.arn().value()), second.certificatePem(), second.pkcs8Pem(), Optional.empty(),
                Map.of("a", "b"))), ErrorCode.INVALID_REQUEST).hasMessageContaining("tags when reimporting");
        assertFails(() -> signing.certificates().importCertificate(new CertificateImport(
                Optional.of(first.arn().value().replace("eu-west-1", "us-east-1")), second.certificatePem(),
                second.pkcs8Pem(), Optional.empty(), Map.of())), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void a_key_that_is_not_the_certificates_is_refused_and_nothing_is_stored() {
        CodeSigningMaterial certificate = CodeSigningMaterial.ecdsa("one");

        assertFails(() -> signing.certificates().importCertificate(new CertificateImport(Optional.empty(),
                certificate.certificatePem(), CodeSigningMaterial.ecdsa("two").pkcs8Pem(), Optional.empty(), Map.of())),
                ErrorCode.INVALID_REQUEST)
                .hasMessage("The private key does not match the public key in the certificate.");
        assertThat(signing.certificates().list(EVERY_KEY, new PageRequest(10, Optional.empty())).items()).isEmpty();
    }

    @Test
    void the_private_key_is_stored_sealed_never_as_given() {
        CodeSigningMaterial material = CodeSigningMaterial.ecdsa("ecdsasigner");
        ImportedCertificate imported = importCertificate(material);

        byte[] stored = database.read(handle -> handle.createQuery("SELECT sealed_key FROM acm_certificate")
                .map((rs, ctx) -> rs.getBytes(1)).one());
        byte[] pkcs8 = material.privateKey().getEncoded();
        byte[] secret = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);

        assertThat(indexOf(stored, secret)).as("the key's secret scalar is not in the row").isNegative();
        assertThat(indexOf(stored, material.pkcs8Pem())).isNegative();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
        assertThat(imported.arn()).isNotNull();
    }

    @Test
    void acm_lists_rsa_1024_and_2048_unless_other_key_types_are_asked_for() {
        ImportedCertificate ec = importCertificate(CodeSigningMaterial.ecdsa("ec"));
        clock.advance(Duration.ofSeconds(1));
        ImportedCertificate rsa = importCertificate(CodeSigningMaterial.rsa("rsa"));
        PageRequest all = new PageRequest(10, Optional.empty());

        assertThat(signing.certificates().list(new CertificateQuery(Set.of(), Set.of(), Set.of(), Set.of(), false), all)
                .items()).containsExactly(rsa);
        assertThat(signing.certificates().list(new CertificateQuery(Set.of(), Set.of(KeyAlgorithm.EC_PRIME256V1),
                Set.of(), Set.of(), false), all).items()).containsExactly(ec);
        assertThat(signing.certificates().list(new CertificateQuery(Set.of(), Set.of(KeyAlgorithm.values()),
                Set.of(), Set.of("CODE_SIGNING"), true), all).items()).containsExactly(rsa, ec);
        assertThat(signing.certificates().list(new CertificateQuery(Set.of("EXPIRED"), Set.of(KeyAlgorithm.values()),
                Set.of(), Set.of(), false), all).items()).isEmpty();
    }

    @Test
    void certificates_are_listed_a_page_at_a_time_in_import_order() {
        List<ImportedCertificate> imported = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            imported.add(importCertificate(CodeSigningMaterial.ecdsa("c" + i)));
            clock.advance(Duration.ofSeconds(1));
        }
        List<ImportedCertificate> seen = new java.util.ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<ImportedCertificate> page = signing.certificates().list(EVERY_KEY, PageRequest.of(2,
                    token.orElse(null), 10));
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            seen.addAll(page.items());
            token = page.nextToken();
        } while (token.isPresent());

        assertThat(seen).containsExactlyElementsOf(imported);
    }

    @Test
    void a_deleted_certificate_is_gone_and_so_are_unknown_and_foreign_arns() {
        ImportedCertificate imported = importCertificate(CodeSigningMaterial.ecdsa("ecdsasigner"));

        signing.certificates().delete(imported.arn().value());

        assertFails(() -> signing.certificates().describe(imported.arn().value()), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> signing.certificates().delete(imported.arn().value()), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> signing.certificates().describe("arn:aws:acm:eu-west-1:123456789012:certificate/x"),
                ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> signing.certificates().describe(imported.arn().value().replace("123456789012",
                "210987654321")), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void the_shortcut_imports_a_fresh_p256_code_signing_certificate() {
        ImportedCertificate made = signing.certificates().createCodeSigningCertificate("fw_signer",
                Map.of("by", "cli"));

        ImportedCertificate described = signing.certificates().describe(made.arn().value());
        assertThat(described.keyAlgorithm()).isEqualTo(KeyAlgorithm.EC_PRIME256V1);
        assertThat(described.usableForCodeSigning()).isTrue();
        assertThat(described.domainName()).contains("fw_signer");
        assertThat(described.tags()).containsEntry("by", "cli");
        assertThat(Pem.certificate(described.certificatePem()).getIssuerX500Principal())
                .isEqualTo(described.certificate().getSubjectX500Principal());
        assertFails(() -> signing.certificates().createCodeSigningCertificate("bad\nname", Map.of()),
                ErrorCode.INVALID_REQUEST);
    }

    @Test
    void certificates_are_there_after_a_restart() {
        ImportedCertificate imported = importCertificate(CodeSigningMaterial.ecdsa("ecdsasigner"));

        restart();

        assertThat(signing.certificates().describe(imported.arn().value())).isEqualTo(imported);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
