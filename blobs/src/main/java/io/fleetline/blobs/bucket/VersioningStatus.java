package io.fleetline.blobs.bucket;

import io.fleetline.blobs.BlobErrors;
import java.util.Optional;

/**
 * A bucket's versioning. A bucket starts {@link #UNVERSIONED} and, once versioning was enabled, is never unversioned
 * again: it can only be suspended (new writes then make the {@code null} version, and existing versions stay).
 */
public enum VersioningStatus {
    /** Versioning was never enabled: GetBucketVersioning shows no status. */
    UNVERSIONED,
    ENABLED,
    SUSPENDED;

    /** The status as S3 writes it ({@code Enabled}, {@code Suspended}); none for a bucket never versioned. */
    public Optional<String> s3Name() {
        return switch (this) {
            case UNVERSIONED -> Optional.empty();
            case ENABLED -> Optional.of("Enabled");
            case SUSPENDED -> Optional.of("Suspended");
        };
    }

    /** What PutBucketVersioning may ask for: {@code Enabled} or {@code Suspended}; anything else is MalformedXML. */
    public static VersioningStatus requested(String status) {
        return switch (String.valueOf(status)) {
            case "Enabled" -> ENABLED;
            case "Suspended" -> SUSPENDED;
            default -> throw BlobErrors.malformedXml();
        };
    }
}
