package io.fleetline.security.cert;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.security.SecurityTx;
import io.fleetline.security.ca.Pem;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Which registered CA signed a device certificate, and whether a certificate is valid now. */
final class Signers {
    private Signers() {
    }

    /**
     * The registered CA that signed a certificate RegisterCertificate is given: the one named by {@code caPem}, or
     * any registered CA whose key verifies it.
     */
    static CaCertificate signerOf(SecurityTx tx, X509Certificate certificate, Optional<String> caPem) {
        List<CaCertificate> candidates = new ArrayList<>();
        if (caPem.isPresent()) {
            String caId = Pem.certificateId(Pem.certificate(caPem.get()));
            candidates.add(tx.findCaCertificate(caId).orElseThrow(() -> new FleetlineException(
                    ErrorCode.CERTIFICATE_VALIDATION, "The CA certificate given is not registered")));
        } else {
            candidates.addAll(tx.allCaCertificates());
        }
        for (CaCertificate candidate : candidates) {
            if (signedBy(certificate, Pem.certificate(candidate.pem()))) {
                return candidate;
            }
        }
        throw new FleetlineException(ErrorCode.CERTIFICATE_VALIDATION,
                "The certificate is not signed by a registered CA certificate");
    }

    /**
     * The CA among the issuers a device sent after its certificate ({@code chain} starts with the certificate) that is
     * registered here with auto-registration on and signed it; just-in-time registration goes by it.
     */
    static Optional<CaCertificate> autoRegisteringSigner(SecurityTx tx, List<X509Certificate> chain) {
        for (X509Certificate issuer : chain.subList(1, chain.size())) {
            Optional<CaCertificate> ca = tx.findCaCertificate(Pem.certificateId(issuer))
                    .filter(CaCertificate::autoRegistering);
            if (ca.isPresent() && signedBy(chain.getFirst(), issuer)) {
                return ca;
            }
        }
        return Optional.empty();
    }

    static boolean currentlyValid(X509Certificate certificate) {
        try {
            certificate.checkValidity();
            return true;
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
    }

    /** Refuses, as AWS does, a certificate that has expired or is not valid yet. */
    static void requireCurrentlyValid(X509Certificate certificate) {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new FleetlineException(ErrorCode.CERTIFICATE_VALIDATION, "The certificate is not valid now: "
                    + e.getMessage());
        }
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException notByThisKey) {
            return false;
        }
    }
}
