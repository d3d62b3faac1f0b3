package io.fleetline.blobs;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.util.Map;

/**
 * The object store's errors, worded as S3 words them. {@link FleetlineException#extra()} carries the members S3
 * puts in its error documents ({@code BucketName}, {@code Key}, {@code VersionId}, {@code UploadId}, ...) and, where
 * S3 answers with headers instead, what they need ({@code DeleteMarker}).
 */
public final class BlobErrors {
    private BlobErrors() {
    }

    public static FleetlineException noSuchBucket(String bucket) {
        return new FleetlineException(ErrorCode.NO_SUCH_BUCKET, "The specified bucket does not exist",
                Map.of("BucketName", bucket));
    }

    public static FleetlineException noSuchKey(String key) {
        return new FleetlineException(ErrorCode.NO_SUCH_KEY, "The specified key does not exist.", Map.of("Key", key));
    }

    /** The key's current version is a delete marker: S3 answers 404 with {@code x-amz-delete-marker: true}. */
    public static FleetlineException deletedKey(String key, String versionId) {
        return new FleetlineException(ErrorCode.NO_SUCH_KEY, "The specified key does not exist.",
                Map.of("Key", key, "DeleteMarker", "true", "VersionId", versionId));
    }

    public static FleetlineException noSuchVersion(String key, String versionId) {
        return new FleetlineException(ErrorCode.NO_SUCH_VERSION, "The specified version does not exist.",
                Map.of("Key", key, "VersionId", versionId));
    }

    /** A delete marker asked for by its version id: S3 answers 405 with {@code x-amz-delete-marker: true}. */
    public static FleetlineException deleteMarkerVersion(String key, String versionId) {
        return new FleetlineException(ErrorCode.METHOD_NOT_ALLOWED,
                "The specified method is not allowed against this resource.",
                Map.of("Key", key, "DeleteMarker", "true", "VersionId", versionId, "Method", "GET",
                        "ResourceType", "DeleteMarker"));
    }

    public static FleetlineException noSuchUpload(String uploadId) {
        return new FleetlineException(ErrorCode.NO_SUCH_UPLOAD, "The specified upload does not exist. The upload ID "
                + "may be invalid, or the upload may have been aborted or completed.", Map.of("UploadId", uploadId));
    }

    public static FleetlineException invalidArgument(String message, String name, String value) {
        return new FleetlineException(ErrorCode.INVALID_ARGUMENT, message,
                Map.of("ArgumentName", name, "ArgumentValue", value));
    }

    public static FleetlineException malformedXml() {
        return new FleetlineException(ErrorCode.MALFORMED_XML,
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    public static FleetlineException entityTooLarge(long proposed, long max) {
        return new FleetlineException(ErrorCode.ENTITY_TOO_LARGE,
                "Your proposed upload exceeds the maximum allowed object size.",
                Map.of("ProposedSize", Long.toString(proposed), "MaxSizeAllowed", Long.toString(max)));
    }

    public static FleetlineException preconditionFailed(String condition) {
        return new FleetlineException(ErrorCode.PRECONDITION_FAILED,
                "At least one of the pre-conditions you specified did not hold", Map.of("Condition", condition));
    }

    public static FleetlineException incompleteBody(long declared, long received) {
        return new FleetlineException(ErrorCode.INCOMPLETE_BODY, "You did not provide the number of bytes specified "
                + "by the Content-Length HTTP header (" + declared + " declared, " + received + " received)");
    }

    public static FleetlineException unavailable(String why) {
        return new FleetlineException(ErrorCode.S3_SERVICE_UNAVAILABLE, why + "; nothing was stored. Retry later.");
    }
}
