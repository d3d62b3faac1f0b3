package io.fleetline.registry.thing;

import java.util.Map;
import java.util.Optional;

/** What UpdateThing asks for; absent parts leave the thing as it is. */
public record ThingUpdate(Optional<String> typeName, boolean removeType, Optional<Map<String, String>> attributes,
                          boolean merge, Optional<Long> expectedVersion) {
}
