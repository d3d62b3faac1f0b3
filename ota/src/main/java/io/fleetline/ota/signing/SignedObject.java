package io.fleetline.ota.signing;

import java.util.Optional;

/**
 * Where a signing job put its signed object: {@code <prefix><jobId>} in the destination bucket, and the version id
 * it got there (none in a bucket that was never versioned).
 */
public record SignedObject(String bucket, String key, Optional<String> versionId) {
}
