package io.fleetline.ota.update;

import io.fleetline.ota.signing.ImageSignatures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a {@code customCodeSigning} signature against the image it signs and the certificate given with it, as the
 * devices will: the signature over the whole image ({@link ImageSignatures}), read from the store as a stream. ECDSA
 * and RSA over SHA-256, SHA-384 or SHA-512; the certificate is the first of the PEM chain.
 */
final class CustomSignatures {
    /** A PEM chain longer than this is refused before it is parsed. */
    static final int MAX_CERTIFICATE_CHARS = 64 * 1024;
    private static final Map<String, String> HASHES = Map.of("sha256", "SHA256", "sha384", "SHA384", "sha512", "SHA512");
    private static final Map<String, String> KEYS = Map.of("ecdsa", "EC", "rsa", "RSA");

    private CustomSignatures() {
    }

    /**
     * Why the signature does not hold for the image, in words; empty when it verifies. {@code image} is read to its end
     * (the caller closes it).
     */
    static Optional<String> problem(InputStream image, String imageName, byte[] der, String certificatePem,
                                    String hashAlgorithm, String signatureAlgorithm) throws IOException {
        String hash = HASHES.get(hashAlgorithm.toLowerCase(Locale.ROOT).replace("-", ""));
        String keyType = KEYS.get(signatureAlgorithm.toLowerCase(Locale.ROOT));
        if (hash == null || keyType == null) {
            return Optional.of("hash algorithm " + hashAlgorithm + " with signature algorithm " + signatureAlgorithm
                    + " is not supported (SHA256, SHA384 or SHA512 with ECDSA or RSA)");
        }
        String encryption = signatureAlgorithm.toUpperCase(Locale.ROOT);
        String algorithm = hash + "with" + encryption;
        X509Certificate certificate;
        try {
            certificate = certificate(certificatePem);
        } catch (CertificateException | IllegalArgumentException e) {
            return Optional.of("certificateChain.inlineDocument is not a PEM X.509 certificate");
        }
        if (!certificate.getPublicKey().getAlgorithm().equals(keyType)) {
            return Optional.of("the certificate's key is " + certificate.getPublicKey().getAlgorithm()
                    + ", not a key for " + signatureAlgorithm);
        }
        try {
            return switch (ImageSignatures.check(image, der, hash, encryption, certificate.getPublicKey())) {
                case VALID -> Optional.empty();
                case INVALID -> Optional.of("the signature does not verify: it was not made over " + imageName
                        + " with the key of the certificate " + certificate.getSubjectX500Principal().getName());
                case MALFORMED -> Optional.of("the signature is not a DER-encoded " + signatureAlgorithm
                        + " signature");
            };
        } catch (InvalidKeyException e) {
            return Optional.of("the certificate's key cannot verify " + algorithm + " signatures");
        } catch (NoSuchAlgorithmException e) {
            return Optional.of(algorithm + " is not available: " + e.getMessage());
        }
    }

    private static X509Certificate certificate(String pem) throws CertificateException {
        if (pem.length() > MAX_CERTIFICATE_CHARS) {
            throw new IllegalArgumentException("too long");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        return (X509Certificate) factory.generateCertificate(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
