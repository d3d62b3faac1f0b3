package io.fleetline.security.cert;

import java.time.Instant;
import java.util.Optional;

/**
 * What is known of a certificate's transfer between accounts, as DescribeCertificate shows it in
 * {@code transferData}: the account it was offered to, the offer's message and date, and how it ended.
 */
public record TransferData(String targetAccount, Optional<String> message, Instant transferDate,
                           Optional<Instant> acceptDate, Optional<Instant> rejectDate, Optional<String> rejectReason) {

    static TransferData offered(String targetAccount, Optional<String> message, Instant now) {
        return new TransferData(targetAccount, message, now, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether the target has accepted (the certificate may still be on its way out of the source). */
    public boolean accepted() {
        return acceptDate.isPresent();
    }

    TransferData acceptedAt(Instant now) {
        return new TransferData(targetAccount, message, transferDate, Optional.of(now), rejectDate, rejectReason);
    }

    TransferData rejectedAt(Instant now, Optional<String> reason) {
        return new TransferData(targetAccount, message, transferDate, acceptDate, Optional.of(now), reason);
    }
}
