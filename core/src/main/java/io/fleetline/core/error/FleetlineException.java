package io.fleetline.core.error;

import java.util.Map;

/**
 * The one exception root: a failure the client is told about, with its code and a message fit to show.
 * {@link #extra()} holds modeled error members such as {@code resourceId} and {@code resourceArn}.
 */
public class FleetlineException extends RuntimeException {
    private final ErrorCode code;
    private final transient Map<String, String> extra;

    public FleetlineException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public FleetlineException(ErrorCode code, String message, Map<String, String> extra) {
        super(message);
        this.code = code;
        this.extra = Map.copyOf(extra);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, String> extra() {
        return extra;
    }

    public static FleetlineException invalid(String message) {
        return new FleetlineException(ErrorCode.INVALID_REQUEST, message);
    }

    public static FleetlineException notFound(String message) {
        return new FleetlineException(ErrorCode.RESOURCE_NOT_FOUND, message);
    }

    public static FleetlineException versionConflict(String message) {
        return new FleetlineException(ErrorCode.VERSION_CONFLICT, message);
    }

    public static FleetlineException invalidTransition(String message) {
        return new FleetlineException(ErrorCode.INVALID_STATE_TRANSITION, message);
    }

    public static FleetlineException limitExceeded(String message) {
        return new FleetlineException(ErrorCode.LIMIT_EXCEEDED, message);
    }

    public static FleetlineException alreadyExists(String message, String resourceId, String resourceArn) {
        return new FleetlineException(ErrorCode.RESOURCE_ALREADY_EXISTS, message,
                Map.of("resourceId", resourceId, "resourceArn", resourceArn));
    }
}
