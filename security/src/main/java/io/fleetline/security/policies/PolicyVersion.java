package io.fleetline.security.policies;

import java.time.Instant;

/** One version of a policy's document. */
public record PolicyVersion(String policyName, int versionId, String document, Instant createDate) {
}
