package io.fleetline.blobs;

import java.util.List;
import java.util.Optional;

/**
 * A page of a listing: objects in key order (by UTF-8 bytes), the common prefixes the delimiter rolled keys up into,
 * and when more follow, the opaque token of the next page.
 */
public record BlobPage(List<BlobSummary> objects, List<String> commonPrefixes, Optional<String> nextToken) {
    public BlobPage {
        objects = List.copyOf(objects);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
