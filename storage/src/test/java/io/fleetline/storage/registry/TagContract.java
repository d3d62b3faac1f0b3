package io.fleetline.storage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
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
}
