package io.fleetline.ota.update;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a {@code customCodeSigning} signature against the image it signs and the certificate given with it, as the
 * devices will: the signature over the whole image, read from the store as a stream (never whole into memory).
 * ECDSA and RSA over SHA-256, SHA-384 or SHA-512; the certificate is the first of the PEM chain.
 */
final class ImageSignatures {
    /** A PEM chain longer than this is refused before it is parsed. */
    static final int MAX_CERTIFICATE_CHARS = 64 * 1024;
    private static final Map<String, String> HASHES = Map.of("sha256", "SHA256", "sha384", "SHA384", "sha512", "SHA512");
    private static final Map<String, String> KEYS = Map.of("ecdsa", "EC", "rsa", "RSA");
    private static final int CHUNK = 64 * 1024;

    private ImageSignatures() {
    }

    /** The JCA name of a hash and signature algorithm pair, e.g. {@code SHA256withECDSA}; empty when unsupported. */
    static Optional<String> algorithm(String hashAlgorithm, String signatureAlgorithm) {
        String hash = HASHES.get(hashAlgorithm.toLowerCase(Locale.ROOT).replace("-", ""));
        String key = signatureAlgorithm.toLowerCase(Locale.ROOT);
        return hash == null || !KEYS.containsKey(key) ? Optional.empty()
                : Optional.of(hash + "with" + signatureAlgorithm.toUpperCase(Locale.ROOT));
    }

    /**
     * Why the signature does not hold for the image, in words; empty when it verifies. {@code image} is read to its end
     * (the caller closes it).
     */
    static Optional<String> problem(InputStream image, String imageName, byte[] der, String certificatePem,
                                    String hashAlgorithm, String signatureAlgorithm) throws IOException {
        Optional<String> algorithm = algorithm(hashAlgorithm, signatureAlgorithm);
        if (algorithm.isEmpty()) {
            return Optional.of("hash algorithm " + hashAlgorithm + " with signature algorithm " + signatureAlgorithm
                    + " is not supported (SHA256, SHA384 or SHA512 with ECDSA or RSA)");
        }
        X509Certificate certificate;
        try {
            certificate = certificate(certificatePem);
        } catch (CertificateException | IllegalArgumentException e) {
            return Optional.of("certificateChain.inlineDocument is not a PEM X.509 certificate");
        }
        String keyType = KEYS.get(signatureAlgorithm.toLowerCase(Locale.ROOT));
        if (!certificate.getPublicKey().getAlgorithm().equals(keyType)) {
            return Optional.of("the certificate's key is " + certificate.getPublicKey().getAlgorithm()
                    + ", not a key for " + signatureAlgorithm);
        }
        try {
            Signature verifier = Signature.getInstance(algorithm.get());
            verifier.initVerify(certificate.getPublicKey());
            byte[] chunk = new byte[CHUNK];
            for (int n = image.read(chunk); n >= 0; n = image.read(chunk)) {
                verifier.update(chunk, 0, n);
            }
            return verifier.verify(der) ? Optional.empty()
                    : Optional.of("the signature does not verify: it was not made over " + imageName
                            + " with the key of the certificate " + certificate.getSubjectX500Principal().getName());
        } catch (SignatureException e) {
            return Optional.of("the signature is not a DER-encoded " + signatureAlgorithm + " signature");
        } catch (InvalidKeyException e) {
            return Optional.of("the certificate's key cannot verify " + algorithm.get() + " signatures");
        } catch (GeneralSecurityException e) {
            return Optional.of(algorithm.get() + " is not available: " + e.getMessage());
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
