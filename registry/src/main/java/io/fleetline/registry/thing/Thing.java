package io.fleetline.registry.thing;

import java.util.Map;
import java.util.Optional;

/** A registered device, as DescribeThing shows it. {@code version} starts at 1 and grows with each update. */
public record Thing(String name, String id, Optional<String> typeName, Map<String, String> attributes, long version) {
    public Thing {
        attributes = Map.copyOf(attributes);
    }

    Thing updated(Optional<String> newType, Map<String, String> newAttributes) {
        return new Thing(name, id, newType, newAttributes, version + 1);
    }
}
