package io.fleetline.blobs.object;

import java.util.Optional;

/** The object a copy reads ({@code x-amz-copy-source}: bucket, key and optionally a version), as sent. */
public record CopySource(String bucket, String key, Optional<VersionId> versionId) {
}
