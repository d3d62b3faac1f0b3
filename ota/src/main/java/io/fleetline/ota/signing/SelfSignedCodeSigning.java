package io.fleetline.ota.signing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Fleetline's shortcut for users without a PKI of their own: an ECDSA P-256 key and a self-signed certificate for it,
 * made for code signing as AWS's FreeRTOS guide makes one with OpenSSL (key usage digital signature, extended key
 * usage code signing, not a CA), valid from now for as long as AWS Signer's longest signature validity.
 */
final class SelfSignedCodeSigning {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSignedCodeSigning() {
    }

    record Made(X509Certificate certificate, KeyPair keys) {
    }

    static Made make(String commonName, Instant now) {
        KeyPair keys = p256();
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = ValidityPeriod.DEFAULT.after(notBefore);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build(),
                new BigInteger(128, RANDOM), Date.from(notBefore), Date.from(notAfter),
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build(), keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new Made(certificate, keys);
        } catch (java.io.IOException | OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot make a code-signing certificate", e);
        }
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is missing from this JVM", e);
        }
    }
}
