package io.fleetline.blobs.object;

import io.fleetline.blobs.bucket.VersioningStatus;
import java.util.Optional;

/** A version just written, and whether its bucket reports version ids ({@code x-amz-version-id}). */
public record ObjectWrite(ObjectVersion version, VersioningStatus versioning) {
    /** The version id S3 reports for the write: none in a bucket that was never versioned. */
    public Optional<VersionId> reportedVersionId() {
        return versioning == VersioningStatus.UNVERSIONED ? Optional.empty() : Optional.of(version.versionId());
    }
}
