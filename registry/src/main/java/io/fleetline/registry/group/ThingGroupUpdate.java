package io.fleetline.registry.group;

import java.util.Map;
import java.util.Optional;

/** What UpdateThingGroup asks for; absent parts leave the group as it is. */
public record ThingGroupUpdate(Optional<String> description, Optional<Map<String, String>> attributes, boolean merge,
                               Optional<Long> expectedVersion) {
}
