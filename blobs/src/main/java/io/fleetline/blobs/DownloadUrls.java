package io.fleetline.blobs;

import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import java.net.URI;
import java.time.Duration;

/**
 * Download URLs that carry their own authorisation (S3 presigned GET URLs), for devices that hold no other credential
 * for the store: the embedded store points them at Fleetline's device-facing HTTPS listener, an external store at its
 * own endpoint. A URL serves {@code Range} requests and stops working once it expires.
 */
public interface DownloadUrls {
    /** The longest an S3 presigned URL may live. */
    Duration MAX_EXPIRY = Duration.ofDays(7);

    /**
     * A URL from which the current object {@code key} of {@code bucket} can be downloaded until {@code expiry} from now
     * (1 second to {@link #MAX_EXPIRY}).
     */
    default URI presignGet(BucketName bucket, ObjectKey key, Duration expiry) {
        return presignGet(bucket, key, java.util.Optional.empty(), expiry);
    }

    /**
     * A URL for one version of the object, or for its current version when {@code versionId} is empty: an OTA
     * update's devices download the very version that was signed, whatever was uploaded since.
     */
    URI presignGet(BucketName bucket, ObjectKey key, java.util.Optional<String> versionId, Duration expiry);
}
