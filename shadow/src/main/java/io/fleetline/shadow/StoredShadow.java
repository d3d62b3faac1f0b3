package io.fleetline.shadow;

import java.time.Instant;
import java.util.Optional;

/**
 * A shadow as its store keeps it. A deleted shadow keeps its row without a document, so that its version goes on
 * from where it was when the shadow is created again, as AWS's does.
 *
 * @param document empty once the shadow is deleted
 * @param version  the version of the last update (or of the document deleted)
 */
public record StoredShadow(ShadowKey key, Optional<ShadowDocument> document, long version, Instant updatedAt) {
}
