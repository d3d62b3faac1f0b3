package io.fleetline.blobs.object;

import java.util.Optional;

/** One object of a DeleteObjects request, as sent (validated when its turn comes, so one bad key fails alone). */
public record ObjectIdentifier(String key, Optional<String> versionId) {
}
