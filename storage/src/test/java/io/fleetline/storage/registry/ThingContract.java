package io.fleetline.storage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.thing.Thing;
import io.fleetline.registry.thing.ThingFilter;
import io.fleetline.registry.thing.ThingUpdate;
import io.fleetline.registry.type.ThingTypeProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Things: the behaviour every store must show. */
abstract class ThingContract extends RegistryContract {

    @Test
    void created_thing_is_described_with_its_type_attributes_and_version_1() {
        registry.types().create("sensor", ThingTypeProperties.NONE, Map.of());
        Thing created = registry.things().create("dev-1", Optional.of("sensor"), Map.of("fw", "v2.0.0", "loc", "floor-1"));

        Thing described = registry.things().describe("dev-1");

        assertThat(described).isEqualTo(created);
        assertThat(described.typeName()).contains("sensor");
        assertThat(described.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("fw", "v2.0.0", "loc", "floor-1"));
        assertThat(described.version()).isEqualTo(1);
        assertThat(registry.things().arnOf("dev-1")).isEqualTo("arn:aws:iot:us-east-1:123456789012:thing/dev-1");
    }

    @Test
    void creating_the_same_thing_again_answers_the_existing_one_but_different_input_is_refused() {
        Thing first = registry.things().create("dev-1", Optional.empty(), Map.of("a", "1"));

        assertThat(registry.things().create("dev-1", Optional.empty(), Map.of("a", "1")).id()).isEqualTo(first.id());
        assertFails(() -> registry.things().create("dev-1", Optional.empty(), Map.of("a", "2")),
                ErrorCode.RESOURCE_ALREADY_EXISTS)
                .satisfies(e -> assertThat(((FleetlineException) e).extra())
                        .containsEntry("resourceId", first.id())
                        .containsEntry("resourceArn", registry.things().arnOf("dev-1")));
    }

    @Test
    void a_thing_cannot_use_a_missing_or_deprecated_type() {
        assertFails(() -> registry.things().create("dev-1", Optional.of("nope"), Map.of()), ErrorCode.RESOURCE_NOT_FOUND);
        registry.types().create("old", ThingTypeProperties.NONE, Map.of());
        registry.types().deprecate("old", false);

        assertFails(() -> registry.things().create("dev-1", Optional.of("old"), Map.of()), ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("deprecated");

        registry.types().deprecate("old", true);
        assertThat(registry.things().create("dev-1", Optional.of("old"), Map.of()).typeName()).contains("old");
    }

    @Test
    void update_replaces_attributes_unless_merging_and_an_empty_value_removes_one() {
        registry.things().create("dev-1", Optional.empty(), Map.of("a", "1", "b", "2"));

        Thing merged = registry.things().update("dev-1", attributes(Map.of("c", "3", "a", ""), true));
        assertThat(merged.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("b", "2", "c", "3"));
        assertThat(merged.version()).isEqualTo(2);

        Thing replaced = registry.things().update("dev-1", attributes(Map.of("z", "9"), false));
        assertThat(replaced.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("z", "9"));
        assertThat(registry.things().describe("dev-1").version()).isEqualTo(3);
    }

    @Test
    void update_and_delete_with_a_stale_expected_version_are_refused() {
        registry.things().create("dev-1", Optional.empty(), Map.of());
        registry.things().update("dev-1", attributes(Map.of("a", "1"), true));

        assertFails(() -> registry.things().update("dev-1", new ThingUpdate(Optional.empty(), false,
                Optional.of(Map.of("a", "2")), true, Optional.of(1L))), ErrorCode.VERSION_CONFLICT);
        assertFails(() -> registry.things().delete("dev-1", Optional.of(1L)), ErrorCode.VERSION_CONFLICT);
        assertThat(registry.things().describe("dev-1").attributes()).containsEntry("a", "1");

        registry.things().delete("dev-1", Optional.of(2L));
        assertFails(() -> registry.things().describe("dev-1"), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void the_type_can_be_changed_or_removed_but_not_both_at_once() {
        registry.types().create("a", ThingTypeProperties.NONE, Map.of());
        registry.types().create("b", ThingTypeProperties.NONE, Map.of());
        registry.things().create("dev-1", Optional.of("a"), Map.of());

        assertThat(registry.things().update("dev-1", new ThingUpdate(Optional.of("b"), false, Optional.empty(), false,
                Optional.empty())).typeName()).contains("b");
        assertFails(() -> registry.things().update("dev-1", new ThingUpdate(Optional.of("a"), true, Optional.empty(),
                false, Optional.empty())), ErrorCode.INVALID_REQUEST);
        assertThat(registry.things().update("dev-1", new ThingUpdate(Optional.empty(), true, Optional.empty(), false,
                Optional.empty())).typeName()).isEmpty();
    }

    @Test
    void deleting_a_missing_thing_succeeds_and_deleting_a_thing_leaves_its_groups_and_tags() {
        registry.things().delete("never-was", Optional.empty());
        registry.things().create("dev-1", Optional.empty(), Map.of());
        registry.groups().create("g", Optional.empty(), Optional.empty(), Map.of(), Map.of());
        registry.membership().add("g", "dev-1");
        registry.tags().tag(registry.things().arnOf("dev-1"), Map.of("k", "v"));

        registry.things().delete("dev-1", Optional.empty());
        registry.things().create("dev-1", Optional.empty(), Map.of());

        assertThat(registry.membership().things("g", false, new PageRequest(10, Optional.empty())).items()).isEmpty();
        assertThat(registry.tags().list(registry.things().arnOf("dev-1"))).isEmpty();
    }

    @Test
    void list_filters_by_attribute_value_exactly_or_by_prefix_and_by_type() {
        registry.types().create("sensor", ThingTypeProperties.NONE, Map.of());
        registry.things().create("a", Optional.of("sensor"), Map.of("fw", "v1_0"));
        registry.things().create("b", Optional.empty(), Map.of("fw", "v1x0"));
        registry.things().create("c", Optional.empty(), Map.of("fw", "v2"));
        registry.things().create("d", Optional.empty(), Map.of("other", "v1_0"));

        assertThat(names(new ThingFilter(Optional.of("fw"), Optional.of("v1_0"), false, Optional.empty())))
                .containsExactly("a");
        // "_" is a plain character, not a wildcard
        assertThat(names(new ThingFilter(Optional.of("fw"), Optional.of("v1_"), true, Optional.empty())))
                .containsExactly("a");
        assertThat(names(new ThingFilter(Optional.of("fw"), Optional.of("v1"), true, Optional.empty())))
                .containsExactly("a", "b");
        assertThat(names(new ThingFilter(Optional.empty(), Optional.empty(), false, Optional.of("sensor"))))
                .containsExactly("a");
        assertThat(names(ThingFilter.NONE)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void paging_returns_every_thing_once_even_when_things_are_added_between_pages() {
        for (int i = 0; i < 120; i++) {
            registry.things().create(String.format("t%03d", i * 2), Optional.empty(), Map.of());
        }
        List<String> seen = new ArrayList<>();
        Page<Thing> page = registry.things().list(ThingFilter.NONE, new PageRequest(50, Optional.empty()));
        seen.addAll(page.items().stream().map(Thing::name).toList());
        // one added before the cursor (not seen, never repeats), one after it (seen on a later page)
        registry.things().create("t001", Optional.empty(), Map.of());
        registry.things().create("t201", Optional.empty(), Map.of());
        while (page.nextToken().isPresent()) {
            page = registry.things().list(ThingFilter.NONE, PageRequest.of(50, page.nextToken().get(), 50));
            seen.addAll(page.items().stream().map(Thing::name).toList());
        }

        assertThat(seen).doesNotHaveDuplicates().hasSize(121).contains("t201").doesNotContain("t001");
        assertThat(seen).isSorted();
    }

    @Test
    void a_made_up_next_token_is_refused() {
        assertFails(() -> PageRequest.of(10, "not-a-token!", 50), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void concurrent_updates_lose_none() throws Exception {
        registry.things().create("hot", Optional.empty(), Map.of());
        int threads = 8;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        registry.things().update("hot", attributes(Map.of("t" + thread, Integer.toString(i)), true));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Thing hot = registry.things().describe("hot");
        assertThat(hot.version()).isEqualTo(1 + threads * each);
        assertThat(hot.attributes()).hasSize(threads).containsEntry("t0", Integer.toString(each - 1));
    }

    @Test
    void what_was_written_is_there_after_the_database_is_reopened() {
        registry.things().create("dev-1", Optional.empty(), Map.of("a", "1"));
        registry.things().update("dev-1", attributes(Map.of("b", "2"), true));

        reopen();

        assertThat(registry.things().describe("dev-1").attributes()).containsOnlyKeys("a", "b");
        assertThat(registry.things().describe("dev-1").version()).isEqualTo(2);
    }

    private List<String> names(ThingFilter filter) {
        return registry.things().list(filter, new PageRequest(100, Optional.empty())).items().stream()
                .map(Thing::name).toList();
    }

    private static ThingUpdate attributes(Map<String, String> attributes, boolean merge) {
        return new ThingUpdate(Optional.empty(), false, Optional.of(attributes), merge, Optional.empty());
    }
}
