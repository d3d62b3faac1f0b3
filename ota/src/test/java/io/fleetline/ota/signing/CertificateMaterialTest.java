package io.fleetline.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.security.ca.Pem;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What ImportCertificate takes and refuses, as ACM does. */
class CertificateMaterialTest {
    private static final CodeSigningMaterial SIGNER = CodeSigningMaterial.ecdsa("ecdsasigner");

    private static CertificateMaterial read(byte[] certificate, byte[] key, Optional<byte[]> chain) {
        return CertificateMaterial.read(certificate, key, chain, CodeSigningMaterial.NOW);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(ThrowingCallable call) {
        return assertThatThrownBy(call).isInstanceOfSatisfying(FleetlineException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void a_p256_key_in_pkcs8_or_after_its_ec_parameters_is_taken_with_its_certificate() {
        CertificateMaterial pkcs8 = read(SIGNER.certificatePem(), SIGNER.pkcs8Pem(), Optional.empty());
        CertificateMaterial sec1 = read(SIGNER.certificatePem(), SIGNER.traditionalPem(), Optional.empty());

        assertThat(pkcs8.algorithm()).isEqualTo(KeyAlgorithm.EC_PRIME256V1);
        assertThat(secret(pkcs8.key())).isEqualTo(secret(SIGNER.privateKey()));
        assertThat(secret(sec1.key())).isEqualTo(secret(SIGNER.privateKey()));
        assertThat(pkcs8.chain()).isEmpty();
    }

    private static java.math.BigInteger secret(java.security.PrivateKey key) {
        return ((java.security.interfaces.ECPrivateKey) key).getS();
    }

    @Test
    void rsa_and_other_curves_are_imported_with_their_algorithm() {
        CodeSigningMaterial rsa = CodeSigningMaterial.rsa("rsa");
        CodeSigningMaterial p384 = CodeSigningMaterial.ecdsaOn("secp384r1", "p384");

        assertThat(read(rsa.certificatePem(), rsa.traditionalPem(), Optional.empty()).algorithm())
                .isEqualTo(KeyAlgorithm.RSA_2048);
        assertThat(read(p384.certificatePem(), p384.pkcs8Pem(), Optional.empty()).algorithm())
                .isEqualTo(KeyAlgorithm.EC_SECP384R1);
    }

    @Test
    void a_key_of_another_certificate_is_refused() {
        CodeSigningMaterial other = CodeSigningMaterial.ecdsa("other");
        CodeSigningMaterial rsa = CodeSigningMaterial.rsa("rsa");

        refused(() -> read(SIGNER.certificatePem(), other.pkcs8Pem(), Optional.empty()))
                .hasMessage("The private key does not match the public key in the certificate.");
        refused(() -> read(SIGNER.certificatePem(), rsa.pkcs8Pem(), Optional.empty()))
                .hasMessage("The private key does not match the public key in the certificate.");
    }

    @Test
    void two_certificates_in_the_certificate_field_are_refused() {
        byte[] two = (Pem.write(SIGNER.certificate()) + Pem.write(SIGNER.certificate()))
                .getBytes(StandardCharsets.US_ASCII);

        refused(() -> read(two, SIGNER.pkcs8Pem(), Optional.empty())).hasMessageContaining("more than one certificate");
    }

    @Test
    void text_that_is_not_pem_is_refused_naming_the_field() {
        byte[] junk = "not a certificate".getBytes(StandardCharsets.US_ASCII);

        refused(() -> read(junk, SIGNER.pkcs8Pem(), Optional.empty())).hasMessageContaining("The certificate is not");
        refused(() -> read(SIGNER.certificatePem(), junk, Optional.empty()))
                .hasMessageContaining("The private key is not supported");
        refused(() -> read(SIGNER.certificatePem(), SIGNER.certificatePem(), Optional.empty()))
                .hasMessageContaining("The private key is not supported");
    }

    @Test
    void an_encrypted_key_is_refused_saying_so() {
        byte[] encrypted = SIGNER.encryptedPem();

        refused(() -> read(SIGNER.certificatePem(), encrypted, Optional.empty())).hasMessageContaining("encrypted");
    }

    @Test
    void a_certificate_not_valid_now_is_refused() {
        CodeSigningMaterial expired = CodeSigningMaterial.ecdsaAround("old",
                CodeSigningMaterial.NOW.minus(400, ChronoUnit.DAYS));
        CodeSigningMaterial future = CodeSigningMaterial.ecdsaAround("new",
                CodeSigningMaterial.NOW.plus(400, ChronoUnit.DAYS));

        refused(() -> read(expired.certificatePem(), expired.pkcs8Pem(), Optional.empty()))
                .hasMessageContaining("expired");
        refused(() -> read(future.certificatePem(), future.pkcs8Pem(), Optional.empty()))
                .hasMessageContaining("not valid yet");
    }

    @Test
    void a_certificate_issued_by_a_ca_needs_the_chain_that_certifies_it() {
        CodeSigningMaterial issued = CodeSigningMaterial.issuedByCa("fw");
        CodeSigningMaterial ca = issued.issuer().orElseThrow();

        CertificateMaterial taken = read(issued.certificatePem(), issued.pkcs8Pem(), Optional.of(ca.certificatePem()));

        assertThat(taken.chain()).containsExactly(ca.certificate());
        refused(() -> read(issued.certificatePem(), issued.pkcs8Pem(), Optional.empty()))
                .hasMessageContaining("not a valid self signed");
        refused(() -> read(issued.certificatePem(), issued.pkcs8Pem(), Optional.of(SIGNER.certificatePem())))
                .hasMessage("Could not validate the certificate with the certificate chain.");
        byte[] longChain = Pem.write(ca.certificate()).repeat(CertificateMaterial.MAX_CHAIN + 1)
                .getBytes(StandardCharsets.US_ASCII);
        refused(() -> read(issued.certificatePem(), issued.pkcs8Pem(), Optional.of(longChain)))
                .hasMessageContaining("at most 10");
    }
}
