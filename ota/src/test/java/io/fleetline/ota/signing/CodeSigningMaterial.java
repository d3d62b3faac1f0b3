package io.fleetline.ota.signing;

import io.fleetline.security.ca.Pem;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys and certificates for the code-signing tests, made as users make theirs with OpenSSL: a P-256 key with a
 * self-signed code-signing certificate ({@link #ecdsa}), an RSA one, one for TLS only, one signed by a CA of its own,
 * one that expired. PEM forms as OpenSSL writes them: PKCS#8, SEC 1 after the {@code EC PARAMETERS} block.
 */
public record CodeSigningMaterial(X509Certificate certificate, KeyPair keys, Optional<CodeSigningMaterial> issuer) {
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    /** A P-256 key and a self-signed certificate for code signing, valid a year around {@link #NOW}. */
    public static CodeSigningMaterial ecdsa(String commonName) {
        return make(commonName, ecKeys("secp256r1"), KeyPurposeId.id_kp_codeSigning, NOW, Optional.empty());
    }

    public static CodeSigningMaterial ecdsaOn(String curve, String commonName) {
        return make(commonName, ecKeys(curve), KeyPurposeId.id_kp_codeSigning, NOW, Optional.empty());
    }

    public static CodeSigningMaterial rsa(String commonName) {
        return make(commonName, rsaKeys(), KeyPurposeId.id_kp_codeSigning, NOW, Optional.empty());
    }

    /** An RSA 2048 code-signing certificate valid for the year around {@code around}. */
    public static CodeSigningMaterial rsaAround(String commonName, Instant around) {
        return make(commonName, rsaKeys(), KeyPurposeId.id_kp_codeSigning, around, Optional.empty());
    }

    /** A P-256 certificate for TLS servers only: not for code. */
    public static CodeSigningMaterial tlsOnly(String commonName) {
        return make(commonName, ecKeys("secp256r1"), KeyPurposeId.id_kp_serverAuth, NOW, Optional.empty());
    }

    /** A P-256 code-signing certificate valid for the year around {@code around}. */
    public static CodeSigningMaterial ecdsaAround(String commonName, Instant around) {
        return make(commonName, ecKeys("secp256r1"), KeyPurposeId.id_kp_codeSigning, around, Optional.empty());
    }

    /** A P-256 code-signing certificate issued by a CA made for it ({@link #issuer()}). */
    public static CodeSigningMaterial issuedByCa(String commonName) {
        CodeSigningMaterial ca = make(commonName + " CA", ecKeys("secp256r1"), KeyPurposeId.anyExtendedKeyUsage, NOW,
                Optional.empty());
        return make(commonName, ecKeys("secp256r1"), KeyPurposeId.id_kp_codeSigning, NOW, Optional.of(ca));
    }

    public byte[] certificatePem() {
        return ascii(Pem.write(certificate));
    }

    /** The key as {@code openssl genpkey} writes it: PKCS#8, {@code BEGIN PRIVATE KEY}. */
    public byte[] pkcs8Pem() {
        return ascii(pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    }

    /**
     * The key as {@code openssl ecparam -genkey} or {@code openssl genrsa} writes it: SEC 1 or PKCS#1, after the
     * curve's {@code EC PARAMETERS} for an EC key.
     */
    public byte[] traditionalPem() {
        if (!keys.getPrivate().getAlgorithm().equals("EC")) {
            return ascii(Pem.write(keys.getPrivate()));
        }
        // SEC 1 with its curve, as OpenSSL writes it (Java's own PKCS#8 leaves the curve out of the inner structure)
        try {
            java.security.interfaces.ECPrivateKey ec = (java.security.interfaces.ECPrivateKey) keys.getPrivate();
            var curve = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
            byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(),
                    curve.getPublicKeyData(), curve.getAlgorithm().getParameters()).getEncoded();
            return ascii("-----BEGIN EC PARAMETERS-----\n"
                    + Base64.getEncoder().encodeToString(curve.getAlgorithm().getParameters().toASN1Primitive()
                            .getEncoded()) + "\n-----END EC PARAMETERS-----\n" + pem("EC PRIVATE KEY", sec1));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as {@code openssl pkcs8 -topk8} writes it with a passphrase: {@code ENCRYPTED PRIVATE KEY}. */
    public byte[] encryptedPem() {
        try {
            var encryptor = new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                    org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .setPassword("secret".toCharArray()).build();
            return ascii(Pem.write(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(),
                    encryptor)));
        } catch (org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    public PrivateKey privateKey() {
        return keys.getPrivate();
    }

    private static CodeSigningMaterial make(String commonName, KeyPair keys, KeyPurposeId usage, Instant around,
                                            Optional<CodeSigningMaterial> issuer) {
        X500Name subject = new X500Name("CN=" + commonName);
        X500Name issuerName = issuer.map(ca -> X500Name.getInstance(ca.certificate.getSubjectX500Principal()
                .getEncoded())).orElse(subject);
        PrivateKey signer = issuer.map(CodeSigningMaterial::privateKey).orElse(keys.getPrivate());
        try {
            var builder = new JcaX509v3CertificateBuilder(issuerName, new BigInteger(64, RANDOM),
                    Date.from(around.minus(180, ChronoUnit.DAYS)), Date.from(around.plus(185, ChronoUnit.DAYS)),
                    subject, keys.getPublic());
            boolean ca = usage.equals(KeyPurposeId.anyExtendedKeyUsage);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                    ? KeyUsage.keyCertSign | KeyUsage.digitalSignature : KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
            String algorithm = signer.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
            return new CodeSigningMaterial(certificate, keys, issuer);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    private static KeyPair ecKeys(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
