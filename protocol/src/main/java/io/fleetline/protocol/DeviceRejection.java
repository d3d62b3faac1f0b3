package io.fleetline.protocol;

/**
 * A device request refused with a {@link RejectionCode}: raised by a codec or a service, answered on the request's
 * {@code /rejected} topic in the request's format. No stack trace: any device can cause one as often as it likes.
 */
public final class DeviceRejection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RejectionCode code;

    public DeviceRejection(RejectionCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public RejectionCode code() {
        return code;
    }
}
