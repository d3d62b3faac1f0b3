package io.fleetline.security.cert;

import java.time.Instant;
import java.util.Optional;

/**
 * A registered device certificate. The private key is never kept: CreateKeysAndCertificate hands it out
 * once. {@code customerVersion} grows with every change, {@code generationId} is new each time.
 * {@code transfer} is present once the certificate was offered to another account; {@code previousOwner} names
 * the account it came from when it was transferred into this one.
 */
public record Certificate(String id, String pem, CertificateStatus status, Optional<String> caCertificateId,
                          String mode, Instant creationDate, Instant lastModifiedDate, int customerVersion,
                          String generationId, Instant notBefore, Instant notAfter, Optional<TransferData> transfer,
                          Optional<String> previousOwner) {

    /** A certificate that was never transferred. */
    public Certificate(String id, String pem, CertificateStatus status, Optional<String> caCertificateId, String mode,
                       Instant creationDate, Instant lastModifiedDate, int customerVersion, String generationId,
                       Instant notBefore, Instant notAfter) {
        this(id, pem, status, caCertificateId, mode, creationDate, lastModifiedDate, customerVersion, generationId,
                notBefore, notAfter, Optional.empty(), Optional.empty());
    }

    Certificate withStatus(CertificateStatus newStatus, Instant now, String newGeneration) {
        return withTransfer(newStatus, transfer, now, newGeneration);
    }

    Certificate withTransfer(CertificateStatus newStatus, Optional<TransferData> newTransfer, Instant now,
                             String newGeneration) {
        return new Certificate(id, pem, newStatus, caCertificateId, mode, creationDate, now, customerVersion + 1,
                newGeneration, notBefore, notAfter, newTransfer, previousOwner);
    }

    /** The copy the target account keeps once it accepted the transfer from {@code source}. */
    Certificate acceptedFrom(String source, CertificateStatus newStatus, TransferData accepted, Instant now,
                             String newGeneration) {
        return new Certificate(id, pem, newStatus, caCertificateId, mode, creationDate, now, customerVersion + 1,
                newGeneration, notBefore, notAfter, Optional.of(accepted), Optional.of(source));
    }

    /** Offered to another account and not yet accepted, rejected or cancelled. */
    public boolean offered() {
        return status == CertificateStatus.PENDING_TRANSFER && transfer.filter(t -> !t.accepted()).isPresent();
    }
}
