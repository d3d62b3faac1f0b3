package io.fleetline.blobs.object;

import java.util.Optional;

/**
 * What a delete did, as S3 reports it: the version id it made (a delete marker's) or removed, if any, and whether
 * that version is a delete marker ({@code x-amz-delete-marker}).
 */
public record DeleteResult(Optional<VersionId> versionId, boolean deleteMarker) {
}
