package io.fleetline.shadow;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;

/**
 * A shadow request refused with one of the rows of AWS's error table: the HTTP status the MQTT error document carries
 * as its {@code code}, the message, and the error code the HTTP API answers with.
 */
public final class ShadowRejection extends FleetlineException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ShadowRejection(int status, ErrorCode code, String message) {
        super(code, message);
        this.status = status;
    }

    static ShadowRejection badRequest(String message) {
        return new ShadowRejection(400, ErrorCode.INVALID_REQUEST, message);
    }

    static ShadowRejection missing(String message) {
        return new ShadowRejection(404, ErrorCode.RESOURCE_NOT_FOUND, message);
    }

    static ShadowRejection conflict() {
        return new ShadowRejection(409, ErrorCode.CONFLICT, "Version conflict");
    }

    static ShadowRejection tooLarge() {
        return new ShadowRejection(413, ErrorCode.REQUEST_TOO_LARGE, "The payload exceeds the maximum size allowed");
    }

    static ShadowRejection throttled() {
        return new ShadowRejection(429, ErrorCode.THROTTLING, "Rate exceeded");
    }

    /** A payload that is not UTF-8 (415): the adapters find this when they read the bytes. */
    public static ShadowRejection unsupportedEncoding() {
        return new ShadowRejection(415, ErrorCode.UNSUPPORTED_DOCUMENT_ENCODING,
                "Unsupported documented encoding; supported encoding is UTF-8");
    }

    /** A payload that is not one JSON object (400). */
    public static ShadowRejection invalidJson() {
        return badRequest("Invalid JSON");
    }

    /** A payload larger than any shadow request (413), refused before it is read. */
    public static ShadowRejection payloadTooLarge() {
        return tooLarge();
    }

    /** The HTTP status of the row: the {@code code} of the MQTT error document. */
    public int status() {
        return status;
    }
}
