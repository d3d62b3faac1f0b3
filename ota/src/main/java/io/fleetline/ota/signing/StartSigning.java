package io.fleetline.ota.signing;

import java.util.Optional;

/**
 * What StartSigningJob asks for: the profile (and the account that owns it, which must be this one), the source
 * version, the destination bucket and key prefix of the signed object, the client's idempotency token, and the
 * principal asking (recorded as the job's {@code requestedBy}).
 */
public record StartSigning(String profileName, Optional<String> profileOwner, SourceObject source,
                           String destinationBucket, String destinationPrefix, String clientRequestToken,
                           String requestedBy) {
}
