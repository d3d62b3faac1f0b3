package io.fleetline.api.auth;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;

/**
 * A streamed request body that cannot be taken as sent: too large, too slow, cut short, or framed wrongly. Thrown by
 * the body's stream, before it signals its end, so that whoever stored what it read so far discards it. The code and
 * message are what the IoT API answers; the reason is for protocols that word their errors otherwise (S3's
 * {@code EntityTooLarge}, {@code RequestTimeout}, {@code IncompleteBody}, {@code MalformedTrailerError}, ...).
 */
public final class BodyException extends FleetlineException {
    private final Reason reason;

    public BodyException(Reason reason, String message) {
        super(reason.code, message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Why a body was refused. */
    public enum Reason {
        /** Longer than the route takes: refused from its declared length before a byte is read, else as it grows. */
        TOO_LARGE(ErrorCode.REQUEST_TOO_LARGE),
        /** No byte of it arrived within the body timeout. */
        TIMEOUT(ErrorCode.REQUEST_TIMEOUT),
        /** It ended (the client closed or reset the connection) before all it announced arrived. */
        INCOMPLETE(ErrorCode.INVALID_REQUEST),
        /** Its {@code aws-chunked} framing is broken: a chunk header, a size, a line ending, data after the end. */
        MALFORMED(ErrorCode.INVALID_REQUEST),
        /** Its decoded length is not the {@code x-amz-decoded-content-length} the head declared. */
        LENGTH_MISMATCH(ErrorCode.INVALID_REQUEST),
        /** Its trailing headers are not those {@code x-amz-trailer} announced, or not well formed. */
        TRAILER_MALFORMED(ErrorCode.INVALID_REQUEST);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }
    }
}
