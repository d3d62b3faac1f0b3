package io.fleetline.agent.internal.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.agent.internal.CodeSigners;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which certificates an image is checked against: only those the agent was configured with. A job that plants a
 * certificate of its own (AWS-Download-File) and names it in a firmware document gets nowhere.
 */
class CodeSignerTrustTest {
    @TempDir
    static Path dir;
    static SignerKey vendor;
    static SignerKey other;
    static SignerKey attacker;
    static final byte[] IMAGE = new byte[100_000];
    Path image;

    @BeforeAll
    static void keys() throws Exception {
        vendor = SignerKey.create(dir, "vendor");
        other = SignerKey.create(dir, "other");
        attacker = SignerKey.create(dir, "attacker");
        new Random(5).nextBytes(IMAGE);
    }

    private static Path image(Path work) throws Exception {
        return Files.write(work.resolve("image.bin"), IMAGE);
    }

    private static X509Certificate certificate(SignerKey key) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(key.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    }

    private static void check(Path image, byte[] signature, CodeSigners signers, Optional<String> documentPath)
            throws Exception {
        List<X509Certificate> trusted;
        try {
            trusted = signers.forImage(documentPath);
        } catch (CodeSigners.Untrusted e) {
            throw new ImageCheck.Refused("signature check failed: " + e.getMessage());
        }
        ImageCheck.signature(image, signature, trusted);
    }

    @Test
    void an_agent_given_no_certificate_does_not_read_the_one_the_document_names(@TempDir Path work)
            throws Exception {
        Path planted = attacker.writeCertificate(work.resolve("planted/ecdsasigner.crt"));

        assertThatThrownBy(() -> check(image(work), attacker.sign(IMAGE), CodeSigners.NONE,
                Optional.of(planted.toString())))
                .isInstanceOf(ImageCheck.Refused.class)
                .hasMessageContaining("no code-signing certificate");
    }

    @Test
    void an_image_signed_by_a_planted_certificate_is_refused_by_an_agent_that_trusts_its_vendor(@TempDir Path work)
            throws Exception {
        Path planted = attacker.writeCertificate(work.resolve("planted/ecdsasigner.crt"));
        CodeSigners signers = new CodeSigners(List.of(certificate(vendor)), List.of(), false);

        assertThatThrownBy(() -> check(image(work), attacker.sign(IMAGE), signers, Optional.of(planted.toString())))
                .isInstanceOf(ImageCheck.Refused.class)
                .hasMessage("signature check failed: the image is not signed by CN=vendor");
        check(image(work), vendor.sign(IMAGE), signers, Optional.of(planted.toString()));
    }

    @Test
    void any_certificate_of_a_configured_directory_or_file_verifies_one_added_later_too(@TempDir Path work)
            throws Exception {
        Path certificates = Files.createDirectories(work.resolve("certs"));
        vendor.writeCertificate(certificates.resolve("vendor.crt"));
        Files.writeString(certificates.resolve("README"), "not a certificate");
        Path file = other.writeCertificate(work.resolve("other.pem"));
        CodeSigners signers = new CodeSigners(List.of(), List.of(certificates, file), false);
        Path image = image(work);

        check(image, vendor.sign(IMAGE), signers, Optional.empty());
        check(image, other.sign(IMAGE), signers, Optional.empty());
        assertThatThrownBy(() -> check(image, attacker.sign(IMAGE), signers, Optional.empty()))
                .hasMessage("signature check failed: the image is not signed by any of the 2 code-signing "
                        + "certificates this agent trusts");

        attacker.writeCertificate(certificates.resolve("added.crt"));
        check(image, attacker.sign(IMAGE), signers, Optional.empty());
    }

    @Test
    void with_the_opt_in_the_document_names_the_certificate_but_only_inside_a_certificate_directory(
            @TempDir Path work) throws Exception {
        Path certificates = Files.createDirectories(work.resolve("certs"));
        Path vendorFile = vendor.writeCertificate(certificates.resolve("vendor.crt"));
        other.writeCertificate(certificates.resolve("other.crt"));
        Path planted = attacker.writeCertificate(work.resolve("tmp/ecdsasigner.crt"));
        Files.createSymbolicLink(certificates.resolve("link.crt"), planted);
        CodeSigners signers = new CodeSigners(List.of(), List.of(certificates), true);
        Path image = image(work);

        check(image, vendor.sign(IMAGE), signers, Optional.of(vendorFile.toString()));
        assertThatThrownBy(() -> check(image, other.sign(IMAGE), signers, Optional.of(vendorFile.toString())))
                .as("the document's certificate, not any in the directory")
                .hasMessage("signature check failed: the image is not signed by CN=vendor");
        assertThatThrownBy(() -> check(image, attacker.sign(IMAGE), signers, Optional.of(planted.toString())))
                .hasMessageContaining("which is not in a code-signing certificate directory of this agent");
        assertThatThrownBy(() -> check(image, attacker.sign(IMAGE), signers,
                Optional.of(certificates.resolve("link.crt").toString())))
                .as("a link out of the directory is followed")
                .hasMessageContaining("which is not in a code-signing certificate directory of this agent");
        assertThatThrownBy(() -> check(image, attacker.sign(IMAGE), signers,
                Optional.of(certificates + "/../tmp/ecdsasigner.crt")))
                .hasMessageContaining("which is not in a code-signing certificate directory of this agent");
    }

    @Test
    void the_signers_of_an_agent_without_any_say_so() {
        assertThat(CodeSigners.NONE.isEmpty()).isTrue();
        assertThat(new CodeSigners(List.of(), List.of(dir), false).isEmpty()).isFalse();
    }
}
