package io.fleetline.api.s3;

import io.fleetline.api.auth.BodyException;
import io.fleetline.api.auth.SignatureException;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * S3's error codes and the status each is answered with (S3 API reference, "Error responses"), and how the errors
 * Fleetline's shared layers raise (SigV4, body limits) read in S3's vocabulary. When core's {@code ErrorCode} names
 * S3's codes, this table becomes its statuses.
 */
final class S3ErrorCodes {
    private static final Map<String, Integer> STATUS = Map.ofEntries(
            Map.entry("NotModified", 304),
            Map.entry("AuthorizationHeaderMalformed", 400),
            Map.entry("AuthorizationQueryParametersError", 400),
            Map.entry("BadDigest", 400),
            Map.entry("EntityTooLarge", 400),
            Map.entry("EntityTooSmall", 400),
            Map.entry("ExpiredToken", 400),
            Map.entry("IllegalLocationConstraintException", 400),
            Map.entry("IllegalVersioningConfigurationException", 400),
            Map.entry("IncompleteBody", 400),
            Map.entry("InvalidArgument", 400),
            Map.entry("InvalidBucketName", 400),
            Map.entry("InvalidDigest", 400),
            Map.entry("InvalidEncryptionAlgorithmError", 400),
            Map.entry("InvalidLocationConstraint", 400),
            Map.entry("InvalidPart", 400),
            Map.entry("InvalidPartOrder", 400),
            Map.entry("InvalidRequest", 400),
            Map.entry("InvalidStorageClass", 400),
            Map.entry("InvalidTag", 400),
            Map.entry("InvalidURI", 400),
            Map.entry("InvalidWriteOffset", 400),
            Map.entry("KeyTooLongError", 400),
            Map.entry("MalformedXML", 400),
            Map.entry("MalformedTrailerError", 400),
            Map.entry("MaxMessageLengthExceeded", 400),
            Map.entry("MetadataTooLarge", 400),
            Map.entry("MissingRequestBodyError", 400),
            Map.entry("MissingSecurityHeader", 400),
            Map.entry("RequestTimeout", 400),
            Map.entry("TooManyBuckets", 400),
            Map.entry("TooManyParts", 400),
            Map.entry("UnexpectedContent", 400),
            Map.entry("XAmzContentSHA256Mismatch", 400),
            Map.entry("AccessDenied", 403),
            Map.entry("InvalidAccessKeyId", 403),
            Map.entry("InvalidObjectState", 403),
            Map.entry("RequestTimeTooSkewed", 403),
            Map.entry("SignatureDoesNotMatch", 403),
            Map.entry("NoSuchBucket", 404),
            Map.entry("NoSuchKey", 404),
            Map.entry("NoSuchUpload", 404),
            Map.entry("NoSuchVersion", 404),
            Map.entry("MethodNotAllowed", 405),
            Map.entry("BucketAlreadyExists", 409),
            Map.entry("BucketAlreadyOwnedByYou", 409),
            Map.entry("BucketNotEmpty", 409),
            Map.entry("ConditionalRequestConflict", 409),
            Map.entry("InvalidBucketState", 409),
            Map.entry("OperationAborted", 409),
            Map.entry("MissingContentLength", 411),
            Map.entry("PreconditionFailed", 412),
            Map.entry("InvalidRange", 416),
            Map.entry("InternalError", 500),
            Map.entry("NotImplemented", 501),
            Map.entry("ServiceUnavailable", 503),
            Map.entry("SlowDown", 503));

    private S3ErrorCodes() {
    }

    static OptionalInt status(String code) {
        Integer status = STATUS.get(code);
        return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /**
     * The S3 error a {@code FleetlineException} stands for: its own code when that is one of S3's (as the S3 codes core
     * will name are), else the S3 code for what the shared layers mean. Empty for an error S3 has no word for, which
     * only a bug raises on this path.
     */
    static Optional<S3Exception> of(FleetlineException e) {
        return of(e, Optional.empty());
    }

    /**
     * As {@link #of(FleetlineException)}, with the request's head to tell a presigned URL's refusals from a signed
     * header's, as S3 words them differently: an expired URL is {@code AccessDenied} "Request has expired" (with
     * {@code X-Amz-Expires}, {@code Expires}, {@code ServerTime}), an expired header signature
     * {@code RequestTimeTooSkewed}; a malformed one {@code AuthorizationQueryParametersError} or
     * {@code AuthorizationHeaderMalformed}.
     */
    static Optional<S3Exception> of(FleetlineException e, RawRequest head) {
        return of(e, Optional.of(head));
    }

    private static Optional<S3Exception> of(FleetlineException e, Optional<RawRequest> head) {
        if (e instanceof SignatureException refused) {
            return Optional.of(signature(refused, head.map(S3ErrorCodes::presigned).orElse(false)));
        }
        if (e instanceof BodyException refused) {
            return Optional.of(body(refused));
        }
        String awsType = e.code().awsType();
        if (STATUS.containsKey(awsType)) {
            return Optional.of(new S3Exception(awsType, e.getMessage(), e.extra()));
        }
        return s3Code(e.code()).map(code -> new S3Exception(code, e.getMessage(), e.extra()));
    }

    /** Signed in its query (a presigned URL, SigV4 or S3's legacy SigV2) rather than in a header. */
    private static boolean presigned(RawRequest head) {
        return head.header("authorization").isEmpty() && (head.hasQueryParameter("X-Amz-Signature")
                || head.hasQueryParameter("X-Amz-Credential") || head.hasQueryParameter("Signature"));
    }

    private static S3Exception signature(SignatureException e, boolean presigned) {
        Map<String, String> details = e.details();
        return switch (e.reason()) {
            case MISSING -> new S3Exception("AccessDenied", "Access Denied");
            case MALFORMED, WRONG_REGION, WRONG_DATE -> new S3Exception(presigned
                    ? "AuthorizationQueryParametersError" : "AuthorizationHeaderMalformed", e.getMessage());
            case NOT_YET_VALID -> presigned ? new S3Exception("AccessDenied", "Request is not valid yet", details)
                    : new S3Exception("RequestTimeTooSkewed",
                            "The difference between the request time and the current time is too large.", details);
            case EXPIRED -> presigned ? new S3Exception("AccessDenied", "Request has expired", details)
                    : new S3Exception("RequestTimeTooSkewed",
                            "The difference between the request time and the current time is too large.", details);
            case UNKNOWN_KEY -> new S3Exception("InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.", details);
            case MISMATCH, CHUNK_MISMATCH, TRAILER_MISMATCH -> new S3Exception("SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. Check your key "
                    + "and signing method.", details);
            case PAYLOAD_HASH_INVALID -> new S3Exception("InvalidArgument", e.getMessage(),
                    Map.of("ArgumentName", "x-amz-content-sha256"));
            case PAYLOAD_HASH_MISSING -> new S3Exception("InvalidRequest",
                    "Missing required header for this request: x-amz-content-sha256");
            case PAYLOAD_HASH_MISMATCH -> new S3Exception("XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        };
    }

    private static S3Exception body(BodyException e) {
        return switch (e.reason()) {
            case TOO_LARGE -> new S3Exception("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
            case TIMEOUT -> new S3Exception("RequestTimeout", "Your socket connection to the server was not read from "
                    + "or written to within the timeout period. Idle connections will be closed.");
            case INCOMPLETE, LENGTH_MISMATCH -> new S3Exception("IncompleteBody",
                    "You did not provide the number of bytes specified by the Content-Length HTTP header: "
                    + e.getMessage());
            case MALFORMED -> new S3Exception("InvalidRequest", e.getMessage());
            case TRAILER_MALFORMED -> new S3Exception("MalformedTrailerError", "The request contained trailing data "
                    + "that was not well-formed or did not conform to our published schema: " + e.getMessage());
        };
    }

    private static Optional<String> s3Code(ErrorCode code) {
        String s3 = switch (code) {
            case INVALID_REQUEST -> "InvalidRequest";
            case MISSING_AUTHENTICATION_TOKEN -> "AccessDenied";
            case INCOMPLETE_SIGNATURE -> "AuthorizationHeaderMalformed";
            case INVALID_SIGNATURE -> "SignatureDoesNotMatch";
            case UNRECOGNIZED_CLIENT -> "InvalidAccessKeyId";
            case REQUEST_TOO_LARGE -> "EntityTooLarge";
            case REQUEST_TIMEOUT -> "RequestTimeout";
            case SERVICE_UNAVAILABLE -> "ServiceUnavailable";
            case INTERNAL_FAILURE -> "InternalError";
            default -> null;
        };
        return Optional.ofNullable(s3);
    }
}
