package io.fleetline.ota.signing;

import java.util.Optional;

/**
 * A signing job's status, with AWS Signer's names. Fleetline signs while StartSigningJob runs, so a job is stored
 * ended: {@code Succeeded} or {@code Failed}; {@code InProgress} is never seen.
 */
public enum SigningStatus {
    IN_PROGRESS("InProgress"),
    FAILED("Failed"),
    SUCCEEDED("Succeeded");

    private final String wire;

    SigningStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<SigningStatus> ofWire(String wire) {
        for (SigningStatus status : values()) {
            if (status.wire.equals(wire)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
