package io.fleetline.storage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.group.ThingGroup;
import io.fleetline.registry.group.ThingGroupUpdate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Thing groups and membership: the behaviour every store must show. */
abstract class ThingGroupContract extends RegistryContract {
    private static final PageRequest ALL = new PageRequest(250, Optional.empty());

    private ThingGroup group(String name, String parent) {
        return registry.groups().create(name, Optional.ofNullable(parent), Optional.empty(), Map.of(), Map.of());
    }

    private void thing(String name) {
        registry.things().create(name, Optional.empty(), Map.of());
    }

    @Test
    void a_child_group_knows_its_parent_and_the_path_from_the_root() {
        group("LightBulbs", null);
        group("RedLights", "LightBulbs");
        ThingGroup dim = group("DimRed", "RedLights");

        assertThat(dim.parentName()).contains("RedLights");
        assertThat(registry.groups().describe("DimRed").ancestors()).containsExactly("LightBulbs", "RedLights");
        assertFails(() -> group("Orphan", "Missing"), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void hierarchies_stop_at_seven_levels() {
        String parent = null;
        for (int level = 1; level <= 7; level++) {
            group("g" + level, parent);
            parent = "g" + level;
        }
        assertFails(() -> group("g8", "g7"), ErrorCode.INVALID_REQUEST).hasMessageContaining("7");
    }

    @Test
    void a_group_with_children_cannot_be_deleted_but_one_with_things_can() {
        group("LightBulbs", null);
        group("RedLights", "LightBulbs");
        thing("bulb");
        registry.membership().add("RedLights", "bulb");

        assertFails(() -> registry.groups().delete("LightBulbs", Optional.empty()), ErrorCode.INVALID_REQUEST)
                .hasMessage("Cannot delete thing group : LightBulbs when there are still child groups attached to it.");
        registry.groups().delete("RedLights", Optional.empty());
        registry.groups().delete("LightBulbs", Optional.empty());
        registry.groups().delete("LightBulbs", Optional.empty());

        assertThat(registry.membership().groups("bulb", ALL).items()).isEmpty();
    }

    @Test
    void update_merges_attributes_and_checks_the_expected_version() {
        registry.groups().create("g", Optional.empty(), Optional.of("first"), Map.of("a", "1"), Map.of());

        long version = registry.groups().update("g", new ThingGroupUpdate(Optional.of("second"),
                Optional.of(Map.of("b", "2")), true, Optional.of(1L)));

        assertThat(version).isEqualTo(2);
        ThingGroup g = registry.groups().describe("g");
        assertThat(g.description()).contains("second");
        assertThat(g.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
        assertFails(() -> registry.groups().update("g", new ThingGroupUpdate(Optional.empty(), Optional.empty(), false,
                Optional.of(1L))), ErrorCode.VERSION_CONFLICT);
    }

    @Test
    void listing_without_parent_is_every_group_or_only_the_roots_when_not_recursive() {
        group("Lights", null);
        group("Red", "Lights");
        group("Other", null);
        group("Red_Dim", "Red");

        assertThat(names(registry.groups().list(Optional.empty(), "", true, ALL).items()))
                .containsExactly("Lights", "Other", "Red", "Red_Dim");
        assertThat(names(registry.groups().list(Optional.empty(), "", false, ALL).items()))
                .containsExactly("Lights", "Other");
        assertThat(names(registry.groups().list(Optional.empty(), "Red", false, ALL).items())).isEmpty();
        assertThat(names(registry.groups().list(Optional.empty(), "O", false, ALL).items())).containsExactly("Other");
    }

    @Test
    void listing_by_parent_is_direct_children_or_every_descendant_when_recursive() {
        group("Lights", null);
        group("Red", "Lights");
        group("Red_Dim", "Red");
        group("Green", "Lights");
        group("Other", null);

        assertThat(names(registry.groups().list(Optional.empty(), "", true, ALL).items()))
                .containsExactly("Green", "Lights", "Other", "Red", "Red_Dim");
        assertThat(names(registry.groups().list(Optional.of("Lights"), "", false, ALL).items()))
                .containsExactly("Green", "Red");
        assertThat(names(registry.groups().list(Optional.of("Lights"), "", true, ALL).items()))
                .containsExactly("Green", "Red", "Red_Dim");
        assertThat(names(registry.groups().list(Optional.empty(), "Red", true, ALL).items()))
                .containsExactly("Red", "Red_Dim");
        assertThat(names(registry.groups().list(Optional.empty(), "Red%", true, ALL).items())).isEmpty();
    }

    @Test
    void things_in_a_group_recursively_include_those_of_child_groups_once() {
        group("Lights", null);
        group("Red", "Lights");
        group("Annex", null);
        thing("a");
        thing("b");
        thing("c");
        registry.membership().add("Lights", "a");
        registry.membership().add("Red", "b");
        registry.membership().add("Annex", "b");

        assertThat(registry.membership().things("Lights", false, ALL).items()).containsExactly("a");
        assertThat(registry.membership().things("Lights", true, ALL).items()).containsExactly("a", "b");
        assertThat(names(registry.membership().groups("b", ALL).items())).containsExactly("Annex", "Lights", "Red");
    }

    @Test
    void a_thing_joins_at_most_ten_groups_and_one_per_hierarchy() {
        thing("t");
        for (int i = 0; i < 10; i++) {
            group("g" + i, null);
            registry.membership().add("g" + i, "t");
        }
        group("g10", null);
        assertFails(() -> registry.membership().add("g10", "t"), ErrorCode.INVALID_REQUEST).hasMessageContaining("10");

        group("child", "g0");
        thing("u");
        registry.membership().add("g0", "u");
        assertFails(() -> registry.membership().add("child", "u"), ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("hierarchy");
        registry.membership().add("g0", "u");
    }

    @Test
    void update_groups_for_thing_applies_all_or_nothing() {
        group("a", null);
        group("b", null);
        thing("t");
        registry.membership().add("a", "t");

        assertFails(() -> registry.membership().update("t", List.of("missing"), List.of("a")),
                ErrorCode.RESOURCE_NOT_FOUND);
        assertThat(names(registry.membership().groups("t", ALL).items())).containsExactly("a");

        registry.membership().update("t", List.of("b"), List.of("a"));
        assertThat(names(registry.membership().groups("t", ALL).items())).containsExactly("b");
    }

    @Test
    void membership_needs_both_the_group_and_the_thing() {
        group("g", null);
        assertFails(() -> registry.membership().add("g", "ghost"), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> registry.membership().add("ghost", "ghost"), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> registry.membership().things("ghost", false, ALL), ErrorCode.RESOURCE_NOT_FOUND);
    }

    private static List<String> names(List<ThingGroup> groups) {
        return groups.stream().map(ThingGroup::name).toList();
    }
}
