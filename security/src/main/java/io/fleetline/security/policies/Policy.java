package io.fleetline.security.policies;

import java.time.Instant;

/** A policy: its default version and the number the next version gets. */
public record Policy(String name, int defaultVersion, int nextVersion, Instant creationDate, Instant lastModifiedDate,
                     String generationId) {
}
