package io.fleetline.storage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.billing.BillingGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Billing groups and their membership: the behaviour every store must show. */
abstract class BillingGroupContract extends RegistryContract {
    private static final PageRequest ALL = new PageRequest(250, Optional.empty());

    private BillingGroup group(String name) {
        return registry.billing().create(name, Optional.empty(), Map.of());
    }

    private void thing(String name) {
        registry.things().create(name, Optional.empty(), Map.of());
    }

    @Test
    void a_created_billing_group_is_described_with_its_description_version_and_creation_date_after_a_restart() {
        registry = registryAt(Instant.parse("2026-11-22T10:15:30.123456Z"));
        BillingGroup created = registry.billing().create("Tenant-A", Optional.of("floor 1"), Map.of("cost", "a"));

        reopen();
        BillingGroup described = registry.billing().describe("Tenant-A");
        assertThat(described).isEqualTo(created);
        assertThat(described.description()).contains("floor 1");
        assertThat(described.version()).isEqualTo(1);
        assertThat(described.creationDate()).isEqualTo(Instant.parse("2026-11-22T10:15:30.123Z"));
        assertThat(registry.billing().arnOf("Tenant-A"))
                .isEqualTo("arn:aws:iot:us-east-1:123456789012:billinggroup/Tenant-A");
        assertThat(registry.tags().list(registry.billing().arnOf("Tenant-A"))).containsExactly(Map.entry("cost", "a"));
    }

    @Test
    void creating_again_answers_the_same_group_but_other_properties_are_refused() {
        BillingGroup first = registry.billing().create("g", Optional.of("d"), Map.of());

        assertThat(registry.billing().create("g", Optional.of("d"), Map.of()).id()).isEqualTo(first.id());
        assertFails(() -> registry.billing().create("g", Optional.of("other"), Map.of()),
                ErrorCode.RESOURCE_ALREADY_EXISTS);
        assertFails(() -> registry.billing().create("bad name", Optional.empty(), Map.of()),
                ErrorCode.INVALID_REQUEST);
        assertFails(() -> registry.billing().describe("missing"), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void update_changes_the_description_and_checks_the_expected_version() {
        registry.billing().create("g", Optional.of("first"), Map.of());

        assertThat(registry.billing().update("g", Optional.of("second"), Optional.of(1L))).isEqualTo(2);
        assertThat(registry.billing().update("g", Optional.empty(), Optional.empty())).isEqualTo(3);

        assertThat(registry.billing().describe("g").description()).contains("second");
        assertFails(() -> registry.billing().update("g", Optional.of("x"), Optional.of(2L)),
                ErrorCode.VERSION_CONFLICT);
        assertFails(() -> registry.billing().update("missing", Optional.of("x"), Optional.empty()),
                ErrorCode.RESOURCE_NOT_FOUND);
        assertThat(registry.billing().describe("g").version()).isEqualTo(3);
    }

    @Test
    void a_thing_is_in_one_billing_group_at_most_and_adding_it_to_another_moves_it() {
        group("A");
        group("B");
        thing("t");

        registry.billing().addThing("A", "t");
        registry.billing().addThing("A", "t");
        assertThat(registry.billing().groupOf("t")).contains("A");
        registry.billing().addThing("B", "t");

        assertThat(registry.billing().groupOf("t")).contains("B");
        assertThat(registry.billing().things("A", ALL).items()).isEmpty();
        assertThat(registry.billing().things("B", ALL).items()).containsExactly("t");
        registry.billing().removeThing("A", "t");
        assertThat(registry.billing().groupOf("t")).contains("B");
        registry.billing().removeThing("B", "t");
        assertThat(registry.billing().groupOf("t")).isEmpty();
    }

    @Test
    void membership_needs_both_the_billing_group_and_the_thing() {
        group("g");
        thing("t");

        assertFails(() -> registry.billing().addThing("g", "ghost"), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> registry.billing().addThing("ghost", "t"), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> registry.billing().removeThing("ghost", "t"), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> registry.billing().things("ghost", ALL), ErrorCode.RESOURCE_NOT_FOUND);
        assertThat(registry.billing().groupOf("t")).isEmpty();
    }

    @Test
    void deleting_a_billing_group_with_things_in_it_frees_them_and_its_tags() {
        registry.billing().create("g", Optional.empty(), Map.of("k", "v"));
        thing("t");
        registry.billing().addThing("g", "t");

        assertFails(() -> registry.billing().delete("g", Optional.of(7L)), ErrorCode.VERSION_CONFLICT);
        registry.billing().delete("g", Optional.of(1L));
        registry.billing().delete("g", Optional.empty());

        assertThat(registry.billing().groupOf("t")).isEmpty();
        assertFails(() -> registry.billing().describe("g"), ErrorCode.RESOURCE_NOT_FOUND);
        group("g");
        assertThat(registry.billing().things("g", ALL).items()).isEmpty();
        assertThat(registry.tags().list(registry.billing().arnOf("g"))).isEmpty();
    }

    @Test
    void deleting_a_thing_takes_it_out_of_its_billing_group() {
        group("g");
        thing("t");
        registry.billing().addThing("g", "t");

        registry.things().delete("t", Optional.empty());
        thing("t");

        assertThat(registry.billing().things("g", ALL).items()).isEmpty();
        assertThat(registry.billing().groupOf("t")).isEmpty();
    }

    @Test
    void a_thing_created_in_a_billing_group_is_in_it_and_the_group_must_exist() {
        group("g");

        registry.things().create("t", Optional.empty(), Map.of(), Optional.of("g"));

        assertThat(registry.billing().groupOf("t")).contains("g");
        assertThat(registry.things().create("t", Optional.empty(), Map.of(), Optional.of("g")).name()).isEqualTo("t");
        group("other");
        assertFails(() -> registry.things().create("t", Optional.empty(), Map.of(), Optional.of("other")),
                ErrorCode.RESOURCE_ALREADY_EXISTS);
        assertFails(() -> registry.things().create("u", Optional.empty(), Map.of(), Optional.of("missing")),
                ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> registry.things().describe("u"), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void listing_filters_by_a_literal_name_prefix_and_pages_through_every_group_once() {
        for (String name : List.of("red_1", "redA2", "red_3", "blue", "redX")) {
            group(name);
        }
        thing("t1");
        thing("t2");
        thing("t3");
        for (String t : List.of("t3", "t1", "t2")) {
            registry.billing().addThing("blue", t);
        }

        assertThat(names(registry.billing().list("red_", ALL).items())).containsExactly("red_1", "red_3");
        // every group once across pages, whatever order the database's collation gives
        assertThat(pagedNames(2)).containsExactlyInAnyOrder("blue", "redA2", "redX", "red_1", "red_3");
        Page<String> first = registry.billing().things("blue", new PageRequest(2, Optional.empty()));
        assertThat(first.items()).containsExactly("t1", "t2");
        assertThat(registry.billing().things("blue", PageRequest.of(2, first.nextToken().orElseThrow(), 50))
                .items()).containsExactly("t3");
    }

    private List<String> pagedNames(int size) {
        List<String> all = new ArrayList<>();
        Page<BillingGroup> page = registry.billing().list("", new PageRequest(size, Optional.empty()));
        all.addAll(names(page.items()));
        while (page.nextToken().isPresent()) {
            page = registry.billing().list("", PageRequest.of(size, page.nextToken().get(), 50));
            all.addAll(names(page.items()));
        }
        return all;
    }

    private static List<String> names(List<BillingGroup> groups) {
        return groups.stream().map(BillingGroup::name).toList();
    }
}
