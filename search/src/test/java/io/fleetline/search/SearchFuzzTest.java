package io.fleetline.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.search.query.FleetQuery;
import io.fleetline.search.query.InvalidQueryException;
import io.fleetline.search.query.QueryParser;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing (Jazzer) of SearchIndex's query string: any text is either refused with an
 * {@link InvalidQueryException} whose position lies within the query, or parsed into a query the index runs, whose
 * page is sorted by name and no larger than its count. Nothing else escapes (no Lucene exception, no stack
 * overflow). Every build replays the queries below; {@code mvn verify} also fuzzes them.
 */
class SearchFuzzTest {
    private static final FleetIndex INDEX = fleet();

    private static FleetIndex fleet() {
        FleetIndex index = FleetIndex.inMemory();
        index.put(ThingDocument.builder("sensor-1", "id-1").thingTypeName("sensor").thingGroupNames(List.of("g1"))
                .attribute("floor", "1").attribute("serial", "abcd").reported("firmwareVersion", "2.0")
                .named("config", "desired", "mode", "eco").connectivity(Connectivity.connected(1000)).build());
        index.put(ThingDocument.builder("tv-2", "id-2").attribute("floor", "Two").reported("temp", "-3.5", "4")
                .connectivity(Connectivity.disconnected(2000, "CLIENT_ERROR")).build());
        return index;
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                "*",
                "thingName:sensor-1",
                "thingName:(tv* AND -plasma)",
                "attributes.floor:[1 TO 2} OR attributes.serial:[\"abcd\" TO *]",
                "attributes.attr1:abc AND attributes.attr2<5 NOT attributes.attr3>10",
                "shadow.reported.firmwareVersion < 2.1 AND connectivity.connected:true",
                "shadow.name.config.desired.mode:eco",
                "connectivity.timestamp >= 1500 -connectivity.disconnectReason:client*",
                "thingName:*-1",
                "\"two words\" thingName:a\\*b\\:c",
                "((a OR b) AND NOT (c OR -d))",
                "attributes.x:a???????*a???????*a???????*a???????*a???????*a???????*a???????*",
                "thingName:(a",
                "attributes.x:[1 TO abc]")
                .map(text -> Arguments.of((Object) text.getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("queries")
    @FuzzTest(maxDuration = "10s")
    void every_query_is_answered_or_refused_with_a_position_inside_it(byte[] input) {
        String query = new String(input, StandardCharsets.UTF_8);
        FleetQuery parsed;
        try {
            parsed = QueryParser.parse(query);
        } catch (InvalidQueryException refused) {
            assertThat(refused.problem()).isNotBlank();
            assertThat(refused.position()).isBetween(0, query.length());
            return;
        }
        Page<ThingDocument> page = INDEX.search(parsed, new PageRequest(100, Optional.empty()));
        assertThat(page.items()).isSortedAccordingTo(Comparator.comparing(ThingDocument::thingName));
        assertThat(INDEX.count(query)).isGreaterThanOrEqualTo(page.items().size());
        assertThat(QueryParser.parse(query)).isEqualTo(parsed);
    }
}
