package io.fleetline.registry.thing;

import java.util.Optional;

/**
 * ListThings filters: an attribute name with a value (exact, or a prefix when {@code valuePrefix}),
 * and a thing type.
 */
public record ThingFilter(Optional<String> attributeName, Optional<String> attributeValue, boolean valuePrefix,
                          Optional<String> typeName) {
    public static final ThingFilter NONE = new ThingFilter(Optional.empty(), Optional.empty(), false, Optional.empty());
}
