package io.fleetline.registry.type;

import java.util.List;
import java.util.Optional;

/** The description and searchable attributes a thing type is created or updated with. */
public record ThingTypeProperties(Optional<String> description, List<String> searchableAttributes) {
    public static final ThingTypeProperties NONE = new ThingTypeProperties(Optional.empty(), List.of());

    public ThingTypeProperties {
        searchableAttributes = List.copyOf(searchableAttributes);
    }
}
