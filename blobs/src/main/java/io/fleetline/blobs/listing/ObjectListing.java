package io.fleetline.blobs.listing;

import io.fleetline.blobs.object.ObjectVersion;
import java.util.List;
import java.util.Optional;

/**
 * A page of ListObjects or ListObjectsV2: current objects and common prefixes (together at most {@code max-keys}),
 * and when truncated where the next page starts: {@code nextMarker} (the last key or common prefix listed; S3 shows it
 * in v1 when a delimiter was given) and {@code nextContinuationToken} (v2).
 */
public record ObjectListing(List<ObjectVersion> objects, List<String> commonPrefixes, boolean truncated,
                            Optional<String> nextMarker, Optional<String> nextContinuationToken) {
    public int keyCount() {
        return objects.size() + commonPrefixes.size();
    }
}
