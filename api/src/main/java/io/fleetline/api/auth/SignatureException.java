package io.fleetline.api.auth;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.util.Map;

/**
 * A request refused by its signature, with the reason. The code and message are what the IoT API answers; the reason
 * lets a protocol that words its errors otherwise (S3's XML errors: {@code SignatureDoesNotMatch},
 * {@code RequestTimeTooSkewed}, {@code XAmzContentSHA256Mismatch}, ...) tell an expired signature from a wrong one.
 */
public final class SignatureException extends FleetlineException {
    private final Reason reason;
    private final transient Map<String, String> details;

    SignatureException(Reason reason, ErrorCode code, String message) {
        this(reason, code, message, Map.of());
    }

    SignatureException(Reason reason, ErrorCode code, String message, Map<String, String> details) {
        super(code, message);
        this.reason = reason;
        this.details = Map.copyOf(details);
    }

    public Reason reason() {
        return reason;
    }

    /**
     * What S3 tells a client about this refusal in its error document, named as S3 names the elements
     * ({@code AWSAccessKeyId}, {@code X-Amz-Expires}, {@code Expires}, {@code ServerTime}, {@code RequestTime},
     * {@code StringToSign}, {@code CanonicalRequest}, ...). Kept apart from {@link #extra()}: the IoT API's JSON errors
     * carry none of them.
     */
    public Map<String, String> details() {
        return details;
    }

    /** Why a signature refused a request. */
    public enum Reason {
        /** The request carries no signature at all. */
        MISSING,
        /** The signature cannot be read: algorithm, credential scope, signed headers, date or expiry malformed. */
        MALFORMED,
        /** The credential scope names another region than the server's. */
        WRONG_REGION,
        /** The credential scope's date is not the date of the request's time. */
        WRONG_DATE,
        /** Signed for a time later than the server's clock allows. */
        NOT_YET_VALID,
        /** Signed too long ago, or a presigned URL past its expiry. */
        EXPIRED,
        /** The access key is not one the server keeps. */
        UNKNOWN_KEY,
        /** The signature over the request's head is not the one computed with the key. */
        MISMATCH,
        /** {@code x-amz-content-sha256} is neither a SHA-256 in hex nor a payload form SigV4 defines. */
        PAYLOAD_HASH_INVALID,
        /**
         * A body to be streamed whose signature covers the body's hash without the head declaring it
         * ({@code x-amz-content-sha256}): it could be checked only once the whole body is in memory.
         */
        PAYLOAD_HASH_MISSING,
        /** The body's SHA-256 is not the one the head declared and the signature covered. */
        PAYLOAD_HASH_MISMATCH,
        /** A chunk of an {@code aws-chunked} body does not carry the signature chained from the seed signature. */
        CHUNK_MISMATCH,
        /** The trailing headers of an {@code aws-chunked} body do not carry the signature chained to them. */
        TRAILER_MISMATCH
    }
}
