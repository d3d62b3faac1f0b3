package io.fleetline.ota.signing;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.security.ca.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What ImportCertificate is given, read and checked as ACM checks it: one PEM certificate, valid now; an unencrypted
 * private key that belongs to it; a chain that certifies it, or none for a self-signed certificate. Every refusal is
 * {@code ValidationException} worded after ACM's.
 */
record CertificateMaterial(X509Certificate certificate, List<X509Certificate> chain, PrivateKey key,
                           KeyAlgorithm algorithm) {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Real chains have two or three links; a longer one is refused before each link's signature is checked. */
    static final int MAX_CHAIN = 10;

    static CertificateMaterial read(byte[] certificatePem, byte[] privateKeyPem, Optional<byte[]> chainPem,
                                    Instant now) {
        X509Certificate certificate = single(text(certificatePem));
        KeyAlgorithm algorithm = KeyAlgorithm.of(certificate);
        PrivateKey key = privateKey(text(privateKeyPem));
        requireMatch(certificate, key, algorithm);
        requireValid(certificate, now);
        List<X509Certificate> chain = chainPem.map(pem -> certificates(text(pem), "certificate chain"))
                .orElse(List.of());
        if (chain.size() > MAX_CHAIN) {
            throw FleetlineException.invalid("The certificate chain holds " + chain.size() + " certificates; "
                    + "Fleetline takes at most " + MAX_CHAIN);
        }
        requireCertified(certificate, chain);
        return new CertificateMaterial(certificate, chain, key, algorithm);
    }

    /** PEM is ASCII; anything else in it is a malformed text the PEM reader then refuses. */
    private static String text(byte[] pem) {
        return new String(pem, StandardCharsets.UTF_8);
    }

    private static X509Certificate single(String pem) {
        List<X509Certificate> certificates = certificates(pem, "certificate");
        if (certificates.size() != 1) {
            throw FleetlineException.invalid("The certificate field contains more than one certificate. You can "
                    + "specify only one certificate in this field.");
        }
        return certificates.get(0);
    }

    private static List<X509Certificate> certificates(String pem, String field) {
        try {
            return Pem.certificates(pem);
        } catch (FleetlineException e) {
            throw FleetlineException.invalid("The " + field + " is not a PEM-encoded X.509 certificate: "
                    + e.getMessage());
        }
    }

    private static PrivateKey privateKey(String pem) {
        try {
            return Pem.anyPrivateKey(pem);
        } catch (FleetlineException e) {
            throw FleetlineException.invalid("The private key is not supported: " + e.getMessage());
        }
    }

    /** A signature made with the key that the certificate's public key verifies: the key is the certificate's. */
    private static void requireMatch(X509Certificate certificate, PrivateKey key, KeyAlgorithm algorithm) {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm.jcaSignature());
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.jcaSignature());
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException | IllegalArgumentException wrongKind) {
            // a key of another algorithm (or curve) than the certificate's: no match either
        }
        throw FleetlineException.invalid("The private key does not match the public key in the certificate.");
    }

    private static void requireValid(X509Certificate certificate, Instant now) {
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw FleetlineException.invalid("The certificate is not valid yet: it is valid from "
                    + certificate.getNotBefore().toInstant() + ".");
        }
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw FleetlineException.invalid("The certificate expired on " + certificate.getNotAfter().toInstant()
                    + ".");
        }
    }

    /** Without a chain the certificate must sign itself; with one, each link must be signed by the next. */
    private static void requireCertified(X509Certificate certificate, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            if (!signedBy(certificate, certificate)) {
                throw FleetlineException.invalid("Provided certificate is not a valid self signed. Please provide "
                        + "either a valid self-signed certificate or certificate chain.");
            }
            return;
        }
        X509Certificate link = certificate;
        for (X509Certificate issuer : chain) {
            if (!signedBy(link, issuer)) {
                throw FleetlineException.invalid("Could not validate the certificate with the certificate chain.");
            }
            link = issuer;
        }
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
