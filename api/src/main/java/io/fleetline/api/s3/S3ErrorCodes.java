package io.fleetline.api.s3;

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
        String awsType = e.code().awsType();
        if (STATUS.containsKey(awsType)) {
            return Optional.of(new S3Exception(awsType, e.getMessage(), e.extra()));
        }
        return s3Code(e.code()).map(code -> new S3Exception(code, e.getMessage(), e.extra()));
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
