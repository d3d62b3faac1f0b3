package io.fleetline.ota.signing;

import java.util.Optional;

/** A signing profile's status, with AWS Signer's names. Only an active profile starts signing jobs. */
public enum ProfileStatus {
    ACTIVE("Active"),
    CANCELED("Canceled"),
    REVOKED("Revoked");

    private final String wire;

    ProfileStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ProfileStatus> ofWire(String wire) {
        for (ProfileStatus status : values()) {
            if (status.wire.equals(wire)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
