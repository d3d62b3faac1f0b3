package io.fleetline.s3store;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The store's refusals and failures as the domain's errors. Those that say something of the caller's request
 * (a bucket or key that is not there, a bucket not empty or another's, a range or key too long) keep S3's code; every
 * other one (the store's own failures, throttling, a store that cannot be reached, and refusals of Fleetline's
 * credentials or settings, which the caller cannot mend) is {@code ServiceUnavailable}, worded for the operator.
 */
final class StoreErrors {
    private StoreErrors() {
    }

    /** The S3 error code the store answered with, if it answered one. */
    static Optional<String> code(SdkException e) {
        if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
            return Optional.ofNullable(s3.awsErrorDetails().errorCode());
        }
        return Optional.empty();
    }

    static int status(SdkException e) {
        return e instanceof S3Exception s3 ? s3.statusCode() : 0;
    }

    /** A 404 without a body (a HEAD's answer) says no more than "not there". */
    static boolean notFound(SdkException e) {
        return status(e) == 404;
    }

    /**
     * The domain's error for a failure of the store on {@code bucket}/{@code key} (either may be empty), where
     * {@code missingBucket} is what the store's {@code NoSuchBucket} means there.
     */
    static FleetlineException translate(SdkException e, String bucket, String key, FleetlineException missingBucket) {
        String code = code(e).orElse("");
        return switch (code) {
            case "NoSuchBucket" -> missingBucket;
            case "NoSuchKey" -> BlobErrors.noSuchKey(key);
            case "BucketNotEmpty" -> new FleetlineException(ErrorCode.BUCKET_NOT_EMPTY,
                    "The bucket you tried to delete is not empty", Map.of("BucketName", bucket));
            case "BucketAlreadyExists" -> new FleetlineException(ErrorCode.BUCKET_ALREADY_EXISTS,
                    "The requested bucket name is not available. The bucket namespace is shared by all users of the "
                            + "system. Please select a different name and try again.", Map.of("BucketName", bucket));
            case "InvalidBucketName" -> new FleetlineException(ErrorCode.INVALID_BUCKET_NAME,
                    "The specified bucket is not valid.", Map.of("BucketName", bucket));
            case "KeyTooLongError" -> new FleetlineException(ErrorCode.KEY_TOO_LONG,
                    "Your key is too long (with the blob store's prefix)", Map.of("Key", key));
            case "EntityTooLarge" -> new FleetlineException(ErrorCode.ENTITY_TOO_LARGE,
                    "Your proposed upload exceeds the maximum allowed object size.");
            default -> unavailable(e);
        };
    }

    /** The store failed or refused Fleetline itself: the message names what it said, for the operator. */
    static FleetlineException unavailable(RuntimeException e) {
        String said = e instanceof S3Exception s3
                ? "answered " + s3.statusCode() + code(s3).map(c -> " " + c).orElse("")
                        + Optional.ofNullable(s3.requestId()).map(id -> " (request " + id + ")").orElse("")
                : "could not be reached (" + rootMessage(e) + ")";
        return new FleetlineException(ErrorCode.S3_SERVICE_UNAVAILABLE, "The blob store " + said + "; retry later");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
