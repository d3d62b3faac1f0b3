package io.fleetline.security.cert;

import java.time.Instant;
import java.util.Optional;

/**
 * A registered device certificate. The private key is never kept: CreateKeysAndCertificate hands it out
 * once. {@code customerVersion} grows with every change, {@code generationId} is new each time.
 */
public record Certificate(String id, String pem, CertificateStatus status, Optional<String> caCertificateId,
                          String mode, Instant creationDate, Instant lastModifiedDate, int customerVersion,
                          String generationId, Instant notBefore, Instant notAfter) {

    Certificate withStatus(CertificateStatus newStatus, Instant now, String newGeneration) {
        return new Certificate(id, pem, newStatus, caCertificateId, mode, creationDate, now, customerVersion + 1,
                newGeneration, notBefore, notAfter);
    }
}
