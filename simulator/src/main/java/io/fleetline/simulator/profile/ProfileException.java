package io.fleetline.simulator.profile;

/** A fault profile that cannot be used; the message says where it is wrong and how. */
public final class ProfileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ProfileException(String message) {
        super(message);
    }
}
