package io.fleetline.server.config;

import java.time.Duration;

/**
 * How the registry behaves.
 *
 * @param typeDeletionDelay how long a thing type must be deprecated before it may be deleted
 *                          ({@code --thing-type-deletion-delay})
 */
public record RegistrySettings(Duration typeDeletionDelay) {
    /** As AWS: five minutes. */
    public static final Duration DEFAULT_TYPE_DELETION_DELAY = Duration.ofMinutes(5);

    public RegistrySettings {
        Bounds.requireNotNegative("--thing-type-deletion-delay", typeDeletionDelay);
    }

    public static RegistrySettings defaults() {
        return new RegistrySettings(DEFAULT_TYPE_DELETION_DELAY);
    }

    public RegistrySettings withTypeDeletionDelay(Duration delay) {
        return new RegistrySettings(delay);
    }
}
