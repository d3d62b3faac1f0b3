package io.fleetline.storage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.registry.type.ThingTypeProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tags on registry resources: the behaviour every store must show. */
abstract class TagContract extends RegistryContract {

    @Test
    void tags_are_added_replaced_and_removed_by_key() {
        registry.things().create("t", Optional.empty(), Map.of());
        String arn = registry.things().arnOf("t");

        registry.tags().tag(arn, Map.of("env", "prod", "team", "a"));
        registry.tags().tag(arn, Map.of("team", "b"));
        registry.tags().untag(arn, List.of("env", "not-there"));

        assertThat(registry.tags().list(arn)).containsExactlyEntriesOf(Map.of("team", "b"));
    }

    @Test
    void tagging_a_missing_resource_or_a_foreign_arn_is_refused() {
        assertFails(() -> registry.tags().tag(registry.things().arnOf("ghost"), Map.of("k", "v")),
                ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> registry.tags().list("arn:aws:iot:eu-west-1:999999999999:thing/x"),
                ErrorCode.INVALID_REQUEST);
    }

    @Test
    void a_resource_holds_at_most_fifty_tags() {
        registry.groups().create("g", Optional.empty(), Optional.empty(), Map.of(), Map.of());
        String arn = registry.groups().arnOf("g");
        Map<String, String> fifty = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("k" + i, "v");
        }
        registry.tags().tag(arn, fifty);

        assertFails(() -> registry.tags().tag(arn, Map.of("one-more", "v")), ErrorCode.LIMIT_EXCEEDED);
        assertThat(registry.tags().list(arn)).hasSize(50);
    }

    @Test
    void deleting_a_thing_a_group_or_a_type_takes_its_tags_with_it() {
        registry.things().create("t", Optional.empty(), Map.of());
        registry.groups().create("g", Optional.empty(), Optional.empty(), Map.of(), Map.of("k", "v"));
        registry.types().create("y", ThingTypeProperties.NONE, Map.of("k", "v"));
        registry.tags().tag(registry.things().arnOf("t"), Map.of("k", "v"));

        registry.things().delete("t", Optional.empty());
        registry.groups().delete("g", Optional.empty());
        registry.types().deprecate("y", false);
        registryAt(T0.plus(Duration.ofMinutes(6))).types().delete("y");

        registry.things().create("t", Optional.empty(), Map.of());
        registry.groups().create("g", Optional.empty(), Optional.empty(), Map.of(), Map.of());
        registry.types().create("y", ThingTypeProperties.NONE, Map.of());
        assertThat(registry.tags().list(registry.things().arnOf("t"))).isEmpty();
        assertThat(registry.tags().list(registry.groups().arnOf("g"))).isEmpty();
        assertThat(registry.tags().list(registry.types().arnOf("y"))).isEmpty();
    }
}
