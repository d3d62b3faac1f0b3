package io.fleetline.blobs.listing;

import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.VersionId;
import java.util.List;
import java.util.Optional;

/**
 * A page of ListObjectVersions: versions and delete markers in key order, each key's newest first (with
 * {@link ObjectVersion#latest()}), common prefixes, and when truncated the markers of the next page.
 */
public record VersionListing(List<ObjectVersion> versions, List<String> commonPrefixes, boolean truncated,
                             Optional<String> nextKeyMarker, Optional<VersionId> nextVersionIdMarker) {
}
