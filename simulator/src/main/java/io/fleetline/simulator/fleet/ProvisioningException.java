package io.fleetline.simulator.fleet;

/** The fleet could not be provisioned; the message says which call failed and why. */
public final class ProvisioningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
