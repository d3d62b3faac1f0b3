package io.fleetline.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.Signature;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageSignaturesTest {
    private static final CodeSigningMaterial SIGNER = CodeSigningMaterial.ecdsa("ecdsasigner");
    private static final byte[] IMAGE = image(300_000);

    private static byte[] image(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 251);
        }
        return bytes;
    }

    @Test
    void the_signature_is_der_ecdsa_over_sha256_of_every_byte_as_the_jca_verifies_it() throws Exception {
        byte[] der = ImageSignatures.sign(new ByteArrayInputStream(IMAGE), SIGNER.privateKey(), "SHA256", "ECDSA");

        Signature jca = Signature.getInstance("SHA256withECDSA");
        jca.initVerify(SIGNER.certificate());
        jca.update(IMAGE);
        assertThat(jca.verify(der)).isTrue();
        assertThat(der[0]).as("a DER SEQUENCE").isEqualTo((byte) 0x30);
        assertThat(ImageSignatures.verify(new ByteArrayInputStream(IMAGE), der, "SHA256", "ECDSA",
                SIGNER.certificate())).isTrue();
    }

    @Test
    void a_changed_byte_another_key_or_a_broken_signature_does_not_verify() {
        byte[] der = ImageSignatures.sign(new ByteArrayInputStream(IMAGE), SIGNER.privateKey(), "SHA256", "ECDSA");
        byte[] tampered = IMAGE.clone();
        tampered[IMAGE.length - 1] ^= 1;

        assertThat(ImageSignatures.verify(new ByteArrayInputStream(tampered), der, "SHA256", "ECDSA",
                SIGNER.certificate())).isFalse();
        assertThat(ImageSignatures.verify(new ByteArrayInputStream(IMAGE), der, "SHA256", "ECDSA",
                CodeSigningMaterial.ecdsa("other").certificate())).isFalse();
        assertThat(ImageSignatures.verify(new ByteArrayInputStream(IMAGE), Arrays.copyOf(der, 5), "SHA256", "ECDSA",
                SIGNER.certificate())).isFalse();
    }

    @Test
    void a_check_tells_a_signature_made_over_other_bytes_from_one_that_is_not_der() throws Exception {
        byte[] der = ImageSignatures.sign(new ByteArrayInputStream(IMAGE), SIGNER.privateKey(), "SHA256", "ECDSA");
        byte[] tampered = IMAGE.clone();
        tampered[0] ^= 1;

        assertThat(ImageSignatures.check(new ByteArrayInputStream(IMAGE), der, "SHA256", "ECDSA",
                SIGNER.certificate().getPublicKey())).isEqualTo(ImageSignatures.Check.VALID);
        assertThat(ImageSignatures.check(new ByteArrayInputStream(tampered), der, "SHA256", "ECDSA",
                SIGNER.certificate().getPublicKey())).isEqualTo(ImageSignatures.Check.INVALID);
        assertThat(ImageSignatures.check(new ByteArrayInputStream(IMAGE), Arrays.copyOf(der, 5), "SHA256", "ECDSA",
                SIGNER.certificate().getPublicKey())).isEqualTo(ImageSignatures.Check.MALFORMED);
    }

    @Test
    void the_shortcut_makes_a_self_signed_p256_certificate_that_may_sign_code() {
        SelfSignedCodeSigning.Made made = SelfSignedCodeSigning.make("fw_signer", CodeSigningMaterial.NOW);
        ImportedCertificate imported = new ImportedCertificate(CertificateArn.parse(
                "arn:aws:acm:eu-west-1:123456789012:certificate/0f3c4b1e-8e7a-4c55-9d0e-1b2c3d4e5f60").orElseThrow(),
                made.certificate(), java.util.List.of(), CodeSigningMaterial.NOW, java.util.Map.of());

        assertThat(imported.keyAlgorithm()).isEqualTo(KeyAlgorithm.EC_PRIME256V1);
        assertThat(imported.usableForCodeSigning()).isTrue();
        assertThat(imported.domainName()).contains("fw_signer");
        assertThat(imported.keyUsages()).containsExactly("DIGITAL_SIGNATURE");
        assertThat(imported.extendedKeyUsages()).extracting(ImportedCertificate.ExtendedKeyUsage::name)
                .containsExactly("CODE_SIGNING");
        assertThat(imported.notBefore()).isEqualTo(CodeSigningMaterial.NOW);
        assertThat(imported.notAfter()).isEqualTo(ValidityPeriod.DEFAULT.after(CodeSigningMaterial.NOW));
        byte[] der = ImageSignatures.sign(new ByteArrayInputStream(IMAGE), made.keys().getPrivate(), "SHA256", "ECDSA");
        assertThat(ImageSignatures.verify(new ByteArrayInputStream(IMAGE), der, "SHA256", "ECDSA", made.certificate()))
                .isTrue();
    }

    @Test
    void a_tls_only_certificate_may_not_sign_code() {
        CodeSigningMaterial tls = CodeSigningMaterial.tlsOnly("www");
        ImportedCertificate imported = new ImportedCertificate(CertificateArn.parse(
                "arn:aws:acm:eu-west-1:123456789012:certificate/0f3c4b1e-8e7a-4c55-9d0e-1b2c3d4e5f60").orElseThrow(),
                tls.certificate(), java.util.List.of(), CodeSigningMaterial.NOW, java.util.Map.of());

        assertThat(imported.usableForCodeSigning()).isFalse();
        assertThat(imported.extendedKeyUsages()).extracting(ImportedCertificate.ExtendedKeyUsage::name)
                .containsExactly("TLS_WEB_SERVER_AUTHENTICATION");
    }
}
