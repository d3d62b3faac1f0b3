package io.fleetline.security.cert;

import java.time.Instant;

/** A registered CA certificate: device certificates it signed can be registered, and connect while it is ACTIVE. */
public record CaCertificate(String id, String pem, String status, String autoRegistrationStatus, String mode,
                            Instant creationDate, Instant lastModifiedDate, int customerVersion, String generationId,
                            Instant notBefore, Instant notAfter) {
    public boolean active() {
        return "ACTIVE".equals(status);
    }

    /** Whether unknown device certificates it signed are registered when they connect (just-in-time registration). */
    public boolean autoRegistering() {
        return active() && "ENABLE".equals(autoRegistrationStatus);
    }

    CaCertificate updated(String newStatus, String newAutoRegistration, Instant now, String newGeneration) {
        return new CaCertificate(id, pem, newStatus, newAutoRegistration, mode, creationDate, now, customerVersion + 1,
                newGeneration, notBefore, notAfter);
    }
}
