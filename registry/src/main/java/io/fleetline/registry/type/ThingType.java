package io.fleetline.registry.type;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A thing type as DescribeThingType shows it. */
public record ThingType(String name, String id, Optional<String> description, List<String> searchableAttributes,
                        Instant creationDate, Optional<Instant> deprecationDate) {
    public ThingType {
        searchableAttributes = List.copyOf(searchableAttributes);
    }

    public boolean deprecated() {
        return deprecationDate.isPresent();
    }

    ThingType withDeprecation(Optional<Instant> date) {
        return new ThingType(name, id, description, searchableAttributes, creationDate, date);
    }

    ThingType withProperties(Optional<String> newDescription, List<String> newSearchable) {
        return new ThingType(name, id, newDescription, newSearchable, creationDate, deprecationDate);
    }
}
