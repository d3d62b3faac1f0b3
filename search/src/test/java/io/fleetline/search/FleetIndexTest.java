package io.fleetline.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.search.query.InvalidQueryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The index over a small fleet: each construct of the syntax finds exactly the things it should. */
class FleetIndexTest {
    private static final ThingDocument SENSOR_1 = ThingDocument.builder("sensor-1", "id-s1")
            .thingTypeName("sensor").thingGroupNames(List.of("floor-1", "eu"))
            .attribute("location", "floor-1").attribute("serial", "abcd").attribute("weight", "75")
            .reported("firmwareVersion", "2.0").reported("temp", "21.5").desired("mode", "eco")
            .classic("delta", "mode", "eco").classic("metadata", "reported.temp.timestamp", "1700000000")
            .hasDelta(true)
            .shadowJson("{\"reported\":{\"firmwareVersion\":\"2.0\",\"temp\":21.5},\"desired\":{\"mode\":\"eco\"}}")
            .connectivity(Connectivity.connected(1000)).build();
    private static final ThingDocument SENSOR_2 = ThingDocument.builder("sensor-2", "id-s2")
            .thingTypeName("sensor").thingGroupNames(List.of("floor-2"))
            .attribute("location", "floor-2").attribute("serial", "abce").attribute("weight", "80")
            .reported("firmwareVersion", "2.1").reported("temp", "-3")
            .connectivity(Connectivity.disconnected(2000, "CLIENT_INITIATED_DISCONNECT")).build();
    private static final ThingDocument SENSOR_3 = ThingDocument.builder("sensor-3", "id-s3")
            .thingTypeName("sensor")
            .attribute("location", "Floor-1").attribute("serial", "abcz").attribute("weight", "75.0")
            .reported("firmwareVersion", "1.9").reported("tags", "red", "blue")
            .named("config", "reported", "mode", "turbo").hasDelta("config", false)
            .connectivity(Connectivity.connected(3000)).build();
    private static final ThingDocument CAMERA_1 = ThingDocument.builder("camera-1", "id-c1")
            .thingTypeName("camera").thingGroupNames(List.of("floor-1"))
            .attribute("location", "lobby").reported("firmwareVersion", "3.0").build();
    private static final ThingDocument TV_PLASMA = ThingDocument.builder("tv-plasma", "id-t1")
            .attribute("model", "plasma").build();
    private static final ThingDocument TV_OLED = ThingDocument.builder("tv-oled", "id-t2")
            .attribute("model", "oled").build();

    private FleetIndex index;

    @BeforeEach
    void fleet() {
        index = FleetIndex.inMemory();
        List.of(SENSOR_1, SENSOR_2, SENSOR_3, CAMERA_1, TV_PLASMA, TV_OLED).forEach(index::put);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private List<String> names(String query) {
        return index.search(query, new PageRequest(100, Optional.empty())).items().stream()
                .map(ThingDocument::thingName).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            * => camera-1 sensor-1 sensor-2 sensor-3 tv-oled tv-plasma
            thingName:sensor-1 => sensor-1
            thingName:SENSOR-1 => sensor-1
            thingName:sensor* => sensor-1 sensor-2 sensor-3
            thingName:sensor-? => sensor-1 sensor-2 sensor-3
            thingName:*-1 => camera-1 sensor-1
            thingName:(tv* AND -tv-plasma) => tv-oled
            thingId:id-c1 => camera-1
            thingTypeName:sensor => sensor-1 sensor-2 sensor-3
            thingTypeName:* => camera-1 sensor-1 sensor-2 sensor-3
            NOT thingTypeName:* => tv-oled tv-plasma
            thingGroupNames:floor-1 => camera-1 sensor-1
            thingGroupNames:floor* => camera-1 sensor-1 sensor-2
            attributes.location:floor-1 => sensor-1 sensor-3
            attributes.location:"Floor-1" => sensor-1 sensor-3
            attributes.weight:75 => sensor-1 sensor-3
            attributes.weight:75.0 => sensor-1 sensor-3
            attributes.weight:[75 TO 80] => sensor-1 sensor-2 sensor-3
            attributes.weight:{75 TO 80] => sensor-2
            attributes.weight:[75 TO 80} => sensor-1 sensor-3
            attributes.weight > 75 => sensor-2
            attributes.weight >= 80 => sensor-2
            attributes.weight < 80 => sensor-1 sensor-3
            attributes.weight <= 75 => sensor-1 sensor-3
            attributes.weight:[* TO *] => sensor-1 sensor-2 sensor-3
            attributes.serial:["abcd" TO "abcf"] => sensor-1 sensor-2
            attributes.serial > abce => sensor-3
            attributes.serial:ab?z => sensor-3
            attributes.model:p*a => tv-plasma
            shadow.reported.firmwareVersion < 2.1 => sensor-1 sensor-3
            shadow.reported.firmwareVersion:2.1 => sensor-2
            shadow.reported.temp < 0 => sensor-2
            shadow.reported.temp:[-5 TO 25] => sensor-1 sensor-2
            shadow.reported.tags:blue => sensor-3
            shadow.desired.mode:eco => sensor-1
            shadow.reported.mode:turbo => none
            shadow.name.config.reported.mode:turbo => sensor-3
            connectivity.connected:true => sensor-1 sensor-3
            connectivity.connected:false => sensor-2
            connectivity.timestamp > 1500 => sensor-2 sensor-3
            connectivity.disconnectReason:client_initiated_disconnect => sensor-2
            NOT connectivity.connected:* => camera-1 tv-oled tv-plasma
            floor-1 => camera-1 sensor-1 sensor-3
            eco => sensor-1
            plas* => tv-plasma
            turbo => sensor-3
            client_initiated_disconnect => none
            shadow.hasDelta:true => sensor-1
            shadow.name.config.hasDelta:false => sensor-3
            shadow.delta.mode:eco => sensor-1
            shadow.metadata.reported.temp.timestamp > 1600000000 => sensor-1
            thingTypeName:sensor AND attributes.weight:75 => sensor-1 sensor-3
            thingTypeName:camera OR attributes.model:oled => camera-1 tv-oled
            thingTypeName:sensor -connectivity.connected:true => sensor-2
            attributes.weight:75 NOT shadow.desired.mode:eco => sensor-3
            (thingTypeName:camera OR thingTypeName:sensor) AND thingGroupNames:floor-1 => camera-1 sensor-1
            attributes.location:floor-1 AND shadow.reported.firmwareVersion < 2.1 AND connectivity.connected:true => \
            sensor-1 sensor-3
            """)
    void finds_exactly_the_things_each_construct_names(String query, String expected) {
        List<String> things = expected.equals("none") ? List.of() : Arrays.asList(expected.split(" "));
        assertThat(names(query)).isEqualTo(things);
    }

    @Test
    void answers_with_the_thing_as_it_was_put() {
        Page<ThingDocument> page = index.search("thingName:sensor-1 OR thingName:sensor-3",
                new PageRequest(10, Optional.empty()));
        assertThat(page.items()).containsExactly(SENSOR_1, SENSOR_3);
        assertThat(page.items().get(0).shadowJson()).contains(
                "{\"reported\":{\"firmwareVersion\":\"2.0\",\"temp\":21.5},\"desired\":{\"mode\":\"eco\"}}");
        assertThat(page.items().get(1).connectivity()).contains(Connectivity.connected(3000));
    }

    @Test
    void counts_the_things_a_query_matches() {
        assertThat(index.count("thingTypeName:sensor")).isEqualTo(3);
        assertThat(index.count("*")).isEqualTo(6);
        assertThat(index.count("thingName:nothing")).isZero();
    }

    @Test
    void an_update_moves_a_thing_into_and_out_of_the_results() {
        String stale = "shadow.reported.firmwareVersion < 2.1";
        assertThat(names(stale)).containsExactly("sensor-1", "sensor-3");

        index.put(ThingDocument.builder("sensor-2", "id-s2").thingTypeName("sensor")
                .reported("firmwareVersion", "2.0").build());
        assertThat(names(stale)).containsExactly("sensor-1", "sensor-2", "sensor-3");

        index.put(ThingDocument.builder("sensor-1", "id-s1").reported("firmwareVersion", "2.2").build());
        assertThat(names(stale)).containsExactly("sensor-2", "sensor-3");
        assertThat(names("thingTypeName:sensor")).containsExactly("sensor-2", "sensor-3");
        assertThat(index.count("*")).isEqualTo(6);
    }

    @Test
    void a_delete_removes_the_thing_from_every_result() {
        index.delete("sensor-3");
        assertThat(names("thingTypeName:sensor")).containsExactly("sensor-1", "sensor-2");
        assertThat(names("turbo")).isEmpty();
        assertThat(index.count("*")).isEqualTo(5);
        index.delete("no-such-thing");
        assertThat(index.count("*")).isEqualTo(5);
    }

    @Test
    void delete_all_empties_the_index() {
        index.deleteAll();
        assertThat(index.count("*")).isZero();
    }

    @Test
    void pages_through_every_match_once_in_name_order_while_things_come_and_go() {
        index.deleteAll();
        IntStream.range(0, 25).forEach(i -> index.put(thing(i)));
        List<String> seen = new ArrayList<>();
        Page<ThingDocument> page = index.search("thingTypeName:bulk", new PageRequest(10, Optional.empty()));
        seen.addAll(page.items().stream().map(ThingDocument::thingName).toList());
        assertThat(seen).hasSize(10).startsWith("bulk-00").endsWith("bulk-09");

        index.put(thing(-1));             // sorts before the cursor: not on a later page
        index.delete("bulk-15");          // ahead of the cursor: gone from a later page
        while (page.nextToken().isPresent()) {
            page = index.search("thingTypeName:bulk", PageRequest.of(10, page.nextToken().get(), 10));
            seen.addAll(page.items().stream().map(ThingDocument::thingName).toList());
        }
        List<String> expected = IntStream.range(0, 25).filter(i -> i != 15).mapToObj(FleetIndexTest::name).toList();
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void a_last_page_that_is_full_has_no_next_token() {
        index.deleteAll();
        IntStream.range(0, 4).forEach(i -> index.put(thing(i)));
        Page<ThingDocument> page = index.search("*", new PageRequest(4, Optional.empty()));
        assertThat(page.items()).hasSize(4);
        assertThat(page.nextToken()).isEmpty();
    }

    @Test
    void refuses_a_query_the_syntax_refuses() {
        assertThatThrownBy(() -> index.search("thingName:(a", new PageRequest(10, Optional.empty())))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("Missing ')'");
        assertThatThrownBy(() -> index.count("nosuchfield:x")).isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void indexes_but_does_not_fail_on_a_value_too_long_to_index() {
        String huge = "x".repeat(ThingFields.MAX_INDEXED_BYTES + 1);
        index.put(ThingDocument.builder("big", "id-big").attribute("blob", huge).attribute("small", "y").build());
        assertThat(names("attributes.small:y")).containsExactly("big");
        assertThat(names("attributes.blob:x*")).isEmpty();
        assertThat(index.search("thingName:big", new PageRequest(1, Optional.empty())).items().get(0)
                .attributes()).containsEntry("blob", huge);
    }

    private static ThingDocument thing(int i) {
        return ThingDocument.builder(name(i), "id-" + i).thingTypeName("bulk").build();
    }

    private static String name(int i) {
        return i < 0 ? "bulk-" + i : String.format("bulk-%02d", i);
    }
}
