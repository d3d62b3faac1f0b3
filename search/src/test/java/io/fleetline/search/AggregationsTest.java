package io.fleetline.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GetStatistics, GetCardinality, GetPercentiles and GetBucketsAggregation over a fleet of five. */
class AggregationsTest {
    private FleetIndex index;

    @BeforeEach
    void fleet() {
        index = FleetIndex.inMemory();
        index.put(thing("t1", "sensor", "10", true));
        index.put(thing("t2", "sensor", "20", true));
        index.put(thing("t3", "sensor", "30", false));
        index.put(thing("t4", "camera", "40", true));
        index.put(thing("t5", "camera", "50", false));
        index.put(ThingDocument.builder("t6", "id-t6").attribute("battery", "low").build());
    }

    @AfterEach
    void close() {
        index.close();
    }

    private static ThingDocument thing(String name, String type, String battery, boolean connected) {
        return ThingDocument.builder(name, "id-" + name).thingTypeName(type).attribute("battery", battery)
                .reported("readings", battery, "5")
                .connectivity(connected ? Connectivity.connected(1) : Connectivity.disconnected(1, "")).build();
    }

    @Test
    void statistics_of_a_numeric_field_over_the_matching_things() {
        Statistics stats = index.statistics("thingTypeName:sensor", "attributes.battery");
        assertThat(stats.numeric()).isTrue();
        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats.sum()).isEqualTo(60);
        assertThat(stats.average()).isEqualTo(20);
        assertThat(stats.minimum()).isEqualTo(10);
        assertThat(stats.maximum()).isEqualTo(30);
        assertThat(stats.sumOfSquares()).isEqualTo(1400);
        assertThat(stats.variance()).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(stats.stdDeviation()).isCloseTo(Math.sqrt(200.0 / 3), within(1e-9));
    }

    @Test
    void statistics_count_each_element_of_an_array() {
        Statistics stats = index.statistics("thingName:t1", "shadow.reported.readings");
        assertThat(stats.count()).isEqualTo(2);
        assertThat(stats.sum()).isEqualTo(15);
    }

    @Test
    void statistics_of_a_text_field_give_the_count_alone() {
        Statistics stats = index.statistics("*", "thingTypeName");
        assertThat(stats.numeric()).isFalse();
        assertThat(stats.count()).isEqualTo(5);
        assertThat(index.statistics("thingName:nothing", "attributes.battery"))
                .isEqualTo(new Statistics(0, false, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void a_deleted_thing_leaves_the_aggregations() {
        index.delete("t5");
        assertThat(index.statistics("*", "attributes.battery").maximum()).isEqualTo(40);
        assertThat(index.buckets("*", "thingTypeName", 10)).containsExactly(new Bucket("sensor", 3),
                new Bucket("camera", 1));
    }

    @Test
    void cardinality_counts_distinct_values() {
        assertThat(index.cardinality("*", "thingTypeName")).isEqualTo(2);
        assertThat(index.cardinality("*", "attributes.battery")).isEqualTo(6);
        assertThat(index.cardinality("thingTypeName:camera", "connectivity.connected")).isEqualTo(2);
        assertThat(index.cardinality("thingName:nothing", "thingTypeName")).isZero();
    }

    @Test
    void percentiles_are_read_at_the_ranks_of_the_sorted_values() {
        assertThat(index.percentiles("*", "attributes.battery", List.of(0.0, 25.0, 50.0, 75.0, 100.0)))
                .containsExactly(new Percentile(0, 10), new Percentile(25, 20), new Percentile(50, 30),
                        new Percentile(75, 40), new Percentile(100, 50));
        assertThat(index.percentiles("*", "thingTypeName", List.of(50.0))).isEmpty();
    }

    @Test
    void buckets_rank_values_by_how_many_things_hold_them() {
        assertThat(index.buckets("*", "thingTypeName", 10)).containsExactly(new Bucket("sensor", 3),
                new Bucket("camera", 2));
        assertThat(index.buckets("*", "thingTypeName", 1)).containsExactly(new Bucket("sensor", 3));
        assertThat(index.buckets("*", "connectivity.connected", 10)).containsExactly(new Bucket("true", 3),
                new Bucket("false", 2));
    }

    @Test
    void buckets_keep_the_case_values_were_written_in() {
        index.put(ThingDocument.builder("t7", "id-t7").thingTypeName("Sensor").build());
        assertThat(index.buckets("thingTypeName:sensor", "thingTypeName", 10))
                .containsExactly(new Bucket("sensor", 3), new Bucket("Sensor", 1));
    }

    @Test
    void refuses_a_field_no_query_could_name_and_percents_out_of_range() {
        assertThatThrownBy(() -> index.statistics("*", "battery")).isInstanceOf(InvalidAggregationException.class)
                .hasMessage("Cannot aggregate on field 'battery'");
        assertThatThrownBy(() -> index.percentiles("*", "attributes.battery", List.of(101.0)))
                .isInstanceOf(InvalidAggregationException.class);
        assertThatThrownBy(() -> index.buckets("*", "thingTypeName", 0))
                .isInstanceOf(InvalidAggregationException.class);
    }
}
