package io.fleetline.storage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.thing.ThingUpdate;
import io.fleetline.registry.type.ThingType;
import io.fleetline.registry.type.ThingTypeProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Thing types: the behaviour every store must show. */
abstract class ThingTypeContract extends RegistryContract {
    private static final ThingTypeProperties LIGHT = new ThingTypeProperties(Optional.of("light bulb type"),
            List.of("wattage", "model"));

    @Test
    void created_type_is_described_with_properties_and_not_deprecated() {
        registry.types().create("LightBulb", LIGHT, Map.of("team", "home"));

        ThingType type = registry.types().describe("LightBulb");

        assertThat(type.description()).contains("light bulb type");
        assertThat(type.searchableAttributes()).containsExactly("wattage", "model");
        assertThat(type.deprecated()).isFalse();
        assertThat(type.creationDate()).isEqualTo(T0);
        assertThat(registry.tags().list(registry.types().arnOf("LightBulb"))).containsEntry("team", "home");
    }

    @Test
    void creating_the_same_type_twice_is_idempotent_and_with_other_properties_is_refused() {
        ThingType first = registry.types().create("LightBulb", LIGHT, Map.of());
        assertThat(registry.types().create("LightBulb", LIGHT, Map.of()).id()).isEqualTo(first.id());
        assertFails(() -> registry.types().create("LightBulb", ThingTypeProperties.NONE, Map.of()),
                ErrorCode.RESOURCE_ALREADY_EXISTS);
    }

    @Test
    void a_type_is_deleted_only_after_being_deprecated_for_five_minutes_and_unused() {
        registry.types().create("LightBulb", LIGHT, Map.of());
        registry.things().create("bulb", Optional.of("LightBulb"), Map.of());

        assertFails(() -> registry.types().delete("LightBulb"), ErrorCode.INVALID_REQUEST).hasMessageContaining("deprecated");
        registry.types().deprecate("LightBulb", false);
        assertThat(registry.types().describe("LightBulb").deprecationDate()).contains(T0);
        assertFails(() -> registry.types().delete("LightBulb"), ErrorCode.INVALID_REQUEST).hasMessageContaining("minutes");

        var later = registryAt(T0.plusSeconds(301));
        assertFails(() -> later.types().delete("LightBulb"), ErrorCode.INVALID_REQUEST).hasMessageContaining("things");
        later.things().update("bulb", new ThingUpdate(Optional.empty(), true, Optional.empty(), false, Optional.empty()));
        later.types().delete("LightBulb");

        assertFails(() -> registry.types().describe("LightBulb"), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void undoing_a_deprecation_clears_its_date() {
        registry.types().create("LightBulb", LIGHT, Map.of());
        registry.types().deprecate("LightBulb", false);
        registry.types().deprecate("LightBulb", true);

        assertThat(registry.types().describe("LightBulb").deprecationDate()).isEmpty();
        assertFails(() -> registry.types().deprecate("missing", false), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void update_changes_the_description_and_only_adds_searchable_attributes() {
        registry.types().create("LightBulb", LIGHT, Map.of());

        ThingType updated = registry.types().update("LightBulb",
                new ThingTypeProperties(Optional.of("new"), List.of("colour")));

        assertThat(updated.description()).contains("new");
        assertThat(updated.searchableAttributes()).containsExactly("wattage", "model", "colour");
        assertFails(() -> registry.types().update("LightBulb", new ThingTypeProperties(Optional.empty(), List.of("x"))),
                ErrorCode.INVALID_REQUEST);
    }

    @Test
    void list_can_be_narrowed_to_one_name() {
        registry.types().create("a", ThingTypeProperties.NONE, Map.of());
        registry.types().create("b", ThingTypeProperties.NONE, Map.of());

        assertThat(registry.types().list(Optional.empty(), new PageRequest(10, Optional.empty())).items())
                .extracting(ThingType::name).containsExactly("a", "b");
        assertThat(registry.types().list(Optional.of("b"), new PageRequest(10, Optional.empty())).items())
                .extracting(ThingType::name).containsExactly("b");
    }
}
