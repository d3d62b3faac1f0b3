package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Bucket;
import software.amazon.awssdk.services.iot.model.InvalidAggregationException;
import software.amazon.awssdk.services.iot.model.InvalidQueryException;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.SearchIndexResponse;
import software.amazon.awssdk.services.iot.model.ThingDocument;

/**
 * Fleet indexing from the real AWS CLIs (v2, and a pip v1 where there is one) and the SDK for Java v2: the
 * configuration, searches over things made with their attributes and groups, a change visible to the very next
 * search, the aggregations, a device's connectivity over mutual-TLS MQTT, and the same answers after a restart.
 */
class FleetIndexingIT {
    private static final String ALL = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:*", "Resource": "*"}]}""";
    @TempDir
    Path dir;
    TestServer server;

    static Stream<AwsCli> clis() {
        return RegistryCliIT.clis();
    }

    /** The database the server keeps its state in; {@link PostgresFleetIndexingIT} runs the suite on PostgreSQL. */
    Store store() {
        return Store.SQLITE;
    }

    @BeforeEach
    void start() {
        server = TestServer.start(store(), dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** 24 things: {@code t00}..{@code t23}, floor {@code i % 3}, weight {@code i}; the even ones in group east. */
    private static void fleet(IotClient iot) {
        iot.createThingGroup(r -> r.thingGroupName("east"));
        iot.createThingType(r -> r.thingTypeName("sensor"));
        for (int i = 0; i < 24; i++) {
            String name = String.format("t%02d", i);
            int n = i;
            iot.createThing(r -> r.thingName(name).thingTypeName(n % 4 == 0 ? "sensor" : null)
                    .attributePayload(a -> a.attributes(Map.of("floor", String.valueOf(n % 3),
                            "weight", String.valueOf(n), "color", n < 12 ? "red" : "blue"))));
            if (i % 2 == 0) {
                iot.addThingToThingGroup(r -> r.thingGroupName("east").thingName(name));
            }
        }
    }

    private static List<String> names(AwsCli aws, TestServer server, String query) {
        JsonNode answer = aws.run(server, "iot", "search-index", "--query-string", query).json();
        List<String> names = new ArrayList<>();
        answer.path("things").forEach(thing -> names.add(thing.path("thingName").asText()));
        return names;
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void the_cli_configures_indexing_and_searches_with_terms_ranges_booleans_and_pages(AwsCli aws) {
        assertThat(aws.run(server, "iot", "search-index", "--query-string", "*").errorCode())
                .as("no index before indexing is on").isEqualTo("ResourceNotFoundException");
        assertThat(aws.run(server, "iot", "update-indexing-configuration", "--thing-indexing-configuration",
                "thingIndexingMode=REGISTRY,thingConnectivityIndexingMode=STATUS").ok()).isTrue();
        JsonNode configuration = aws.run(server, "iot", "get-indexing-configuration").json()
                .path("thingIndexingConfiguration");
        assertThat(configuration.path("thingIndexingMode").asText()).isEqualTo("REGISTRY");
        assertThat(configuration.path("thingConnectivityIndexingMode").asText()).isEqualTo("STATUS");
        assertThat(aws.run(server, "iot", "list-indices").json().path("indexNames").toString())
                .isEqualTo("[\"AWS_Things\"]");
        JsonNode index = aws.run(server, "iot", "describe-index", "--index-name", "AWS_Things").json();
        assertThat(index.path("indexStatus").asText()).isEqualTo("ACTIVE");
        assertThat(index.path("schema").asText()).isEqualTo("REGISTRY_AND_CONNECTIVITY_STATUS");
        assertThat(aws.run(server, "iot", "describe-index", "--index-name", "Other").errorCode())
                .isEqualTo("ResourceNotFoundException");

        try (IotClient iot = Sdk.iot(server)) {
            fleet(iot);
        }
        assertThat(names(aws, server, "attributes.floor:1"))
                .containsExactly("t01", "t04", "t07", "t10", "t13", "t16", "t19", "t22");
        assertThat(names(aws, server, "attributes.weight:[10 TO 13]")).containsExactly("t10", "t11", "t12", "t13");
        assertThat(names(aws, server, "attributes.weight >= 21")).containsExactly("t21", "t22", "t23");
        assertThat(names(aws, server, "thingGroupNames:east AND NOT attributes.floor:0 AND attributes.color:red"))
                .containsExactly("t02", "t04", "t08", "t10");
        assertThat(names(aws, server, "thingTypeName:sensor OR thingName:t0?"))
                .containsExactly("t00", "t01", "t02", "t03", "t04", "t05", "t06", "t07", "t08", "t09", "t12", "t16",
                        "t20");

        List<String> paged = new ArrayList<>();
        JsonNode page = aws.run(server, "iot", "search-index", "--query-string", "attributes.color:blue",
                "--max-results", "5", "--no-paginate").json();
        int pages = 1;
        page.path("things").forEach(thing -> paged.add(thing.path("thingName").asText()));
        while (page.has("nextToken")) {
            page = aws.run(server, "iot", "search-index", "--query-string", "attributes.color:blue",
                    "--max-results", "5", "--no-paginate", "--next-token", page.path("nextToken").asText()).json();
            page.path("things").forEach(thing -> paged.add(thing.path("thingName").asText()));
            pages++;
        }
        assertThat(paged).containsExactly("t12", "t13", "t14", "t15", "t16", "t17", "t18", "t19", "t20", "t21",
                "t22", "t23");
        assertThat(pages).isEqualTo(3);

        AwsCli.Result bad = aws.run(server, "iot", "search-index", "--query-string", "attributes.floor:(1 OR");
        assertThat(bad.errorCode()).isEqualTo("InvalidQueryException");
        assertThat(bad.stderr()).contains("position");

        // a change is visible to the next search: no wait
        assertThat(aws.run(server, "iot", "update-thing", "--thing-name", "t05", "--attribute-payload",
                "{\"attributes\":{\"floor\":\"9\"},\"merge\":true}").ok()).isTrue();
        assertThat(names(aws, server, "attributes.floor:9")).containsExactly("t05");
        assertThat(aws.run(server, "iot", "delete-thing", "--thing-name", "t05").ok()).isTrue();
        assertThat(names(aws, server, "attributes.floor:9")).isEmpty();

        assertThat(aws.run(server, "iot", "update-indexing-configuration", "--thing-indexing-configuration",
                "thingIndexingMode=OFF").ok()).isTrue();
        assertThat(aws.run(server, "iot", "list-indices").json().path("indexNames")).isEmpty();
        assertThat(aws.run(server, "iot", "search-index", "--query-string", "*").errorCode())
                .isEqualTo("ResourceNotFoundException");
    }

    @Test
    void the_sdk_searches_aggregates_and_gets_the_same_answers_after_a_restart() {
        try (IotClient iot = Sdk.iot(server)) {
            fleet(iot);
            iot.updateIndexingConfiguration(r -> r.thingIndexingConfiguration(c -> c.thingIndexingMode("REGISTRY")));
            assertThat(document(iot, "t04")).satisfies(thing -> {
                assertThat(thing.thingTypeName()).isEqualTo("sensor");
                assertThat(thing.thingGroupNames()).containsExactly("east");
                assertThat(thing.attributes()).isEqualTo(Map.of("floor", "1", "weight", "4", "color", "red"));
                assertThat(thing.thingId()).isEqualTo(iot.describeThing(r -> r.thingName("t04")).thingId());
                assertThat(thing.connectivity()).isNull();
            });
            assertAggregates(iot);
            assertThatThrownBy(() -> iot.searchIndex(r -> r.queryString("nosuchfield:1")))
                    .isInstanceOf(InvalidQueryException.class);
            assertThatThrownBy(() -> iot.getStatistics(r -> r.queryString("*").aggregationField("nosuch")))
                    .isInstanceOf(InvalidAggregationException.class);
        }
        server = server.restart();
        try (IotClient iot = Sdk.iot(server)) {
            assertThat(iot.describeIndex(r -> r.indexName("AWS_Things")).schema()).isEqualTo("REGISTRY");
            assertAggregates(iot);
            // a thing that joins a group, and a group deleted
            iot.addThingToThingGroup(r -> r.thingGroupName("east").thingName("t01"));
            assertThat(document(iot, "t01").thingGroupNames()).containsExactly("east");
            iot.createThingGroup(r -> r.thingGroupName("west"));
            iot.addThingToThingGroup(r -> r.thingGroupName("west").thingName("t03"));
            assertThat(document(iot, "t03").thingGroupNames()).containsExactly("west");
            iot.deleteThingGroup(r -> r.thingGroupName("west"));
            assertThat(document(iot, "t03").thingGroupNames()).isEmpty();
            iot.updateThing(r -> r.thingName("t07").attributePayload(a -> a.attributes(Map.of("weight", "700"))
                    .merge(true)));
            assertThat(iot.searchIndex(r -> r.queryString("attributes.weight > 100")).things())
                    .extracting(ThingDocument::thingName).containsExactly("t07");
        }
    }

    /** The guide's example: every sensor whose reported firmware is older than 2.1, found as devices report. */
    @Test
    void reported_shadows_are_searchable_as_they_change_classic_and_named() throws Exception {
        try (IotClient iot = Sdk.iot(server);
             var data = Sdk.data(server)) {
            fleet(iot);
            iot.updateIndexingConfiguration(r -> r.thingIndexingConfiguration(c -> c
                    .thingIndexingMode("REGISTRY_AND_SHADOW").namedShadowIndexingMode("ON")
                    .filter(f -> f.namedShadowNames("config"))));
            for (String thing : List.of("t00", "t01", "t02")) {
                report(data, thing, null, "{\"state\":{\"reported\":{\"firmwareVersion\":2.0,\"tags\":[\"a\",\"b\"]}}}");
            }
            report(data, "t03", null, "{\"state\":{\"reported\":{\"firmwareVersion\":2.3}}}");
            String stale = "shadow.reported.firmwareVersion < 2.1 AND attributes.floor:0";
            assertThat(names(iot, stale)).containsExactly("t00");
            assertThat(names(iot, "shadow.reported.firmwareVersion < 2.1")).containsExactly("t00", "t01", "t02");
            assertThat(names(iot, "shadow.reported.tags:b AND thingName:t01")).containsExactly("t01");

            // t00 reports the new firmware: out at once; a desired state makes a delta
            report(data, "t00", null, "{\"state\":{\"reported\":{\"firmwareVersion\":2.1}}}");
            assertThat(names(iot, stale)).isEmpty();
            report(data, "t01", null, "{\"state\":{\"desired\":{\"firmwareVersion\":2.1}}}");
            assertThat(names(iot, "shadow.hasDelta:true")).containsExactly("t01");
            assertThat(document(iot, "t01").shadow()).contains("\"desired\"", "\"reported\"", "\"version\":2");

            // a named shadow the filter names is indexed; one it does not name is not
            report(data, "t02", "config", "{\"state\":{\"reported\":{\"mode\":\"eco\"}}}");
            report(data, "t02", "other", "{\"state\":{\"reported\":{\"mode\":\"eco\"}}}");
            assertThat(names(iot, "shadow.name.config.reported.mode:eco")).containsExactly("t02");
            assertThat(names(iot, "shadow.name.other.reported.mode:eco"))
                    .as("a named shadow the configuration leaves out").isEmpty();

            // a deleted shadow leaves the index
            data.deleteThingShadow(r -> r.thingName("t01"));
            assertThat(names(iot, "shadow.reported.firmwareVersion < 2.1")).containsExactly("t02");
        }
        // rebuilt or reopened, the index answers the same
        server = server.restart();
        try (IotClient iot = Sdk.iot(server)) {
            assertThat(names(iot, "shadow.reported.firmwareVersion < 2.1")).containsExactly("t02");
            assertThat(names(iot, "shadow.name.config.reported.mode:eco")).containsExactly("t02");
        }
    }

    private static void report(software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient data, String thing,
                               String shadowName, String document) {
        data.updateThingShadow(r -> r.thingName(thing).shadowName(shadowName)
                .payload(software.amazon.awssdk.core.SdkBytes.fromUtf8String(document)));
    }

    private static List<String> names(IotClient iot, String query) {
        return iot.searchIndex(r -> r.queryString(query)).things().stream().map(ThingDocument::thingName).sorted()
                .toList();
    }

    private static ThingDocument document(IotClient iot, String thing) {
        SearchIndexResponse found = iot.searchIndex(r -> r.queryString("thingName:" + thing));
        assertThat(found.things()).hasSize(1);
        return found.things().get(0);
    }

    private static void assertAggregates(IotClient iot) {
        var statistics = iot.getStatistics(r -> r.queryString("attributes.floor:2").aggregationField(
                "attributes.weight")).statistics();
        assertThat(statistics.count()).isEqualTo(8);
        assertThat(statistics.sum()).isEqualTo(2.0 + 5 + 8 + 11 + 14 + 17 + 20 + 23);
        assertThat(statistics.minimum()).isEqualTo(2.0);
        assertThat(statistics.maximum()).isEqualTo(23.0);
        assertThat(iot.getCardinality(r -> r.queryString("*").aggregationField("attributes.floor")).cardinality())
                .isEqualTo(3);
        assertThat(iot.getPercentiles(r -> r.queryString("*").aggregationField("attributes.weight")
                .percents(0.0, 50.0, 100.0)).percentiles()).extracting(p -> p.value())
                .containsExactly(0.0, 11.5, 23.0);
        var buckets = iot.getBucketsAggregation(r -> r.queryString("thingGroupNames:east")
                .aggregationField("attributes.color").bucketsAggregationType(b -> b.termsAggregation(t -> t
                        .maxBuckets(5))));
        assertThat(buckets.totalCount()).isEqualTo(12);
        assertThat(buckets.buckets()).extracting(Bucket::keyValue, Bucket::count)
                .containsExactly(org.assertj.core.api.Assertions.tuple("blue", 6),
                        org.assertj.core.api.Assertions.tuple("red", 6));
    }

    @Test
    void a_device_connected_over_mutual_tls_is_connected_in_the_index_at_once_and_disconnected_when_it_leaves()
            throws Exception {
        server.close();
        server = TestServer.start(store(), dir.resolve("mqtt"), Clock.systemUTC(),
                c -> c.withMqtt(m -> m.withPort(0)));
        try (IotClient iot = Sdk.iot(server)) {
            iot.updateIndexingConfiguration(r -> r.thingIndexingConfiguration(c -> c.thingIndexingMode("REGISTRY")
                    .thingConnectivityIndexingMode("STATUS")));
            iot.createPolicy(r -> r.policyName("all").policyDocument(ALL));
            DeviceIdentity observerIdentity = Sdk.thingDevice(iot, "observer", "all");
            DeviceIdentity sensorIdentity = Sdk.thingDevice(iot, "sensor-1", "all");
            assertThat(document(iot, "sensor-1").connectivity()).isNull();
            try (RecordingDevice observer = new RecordingDevice(server, observerIdentity, "observer",
                    "$aws/events/presence/+/sensor-1")) {
                RecordingDevice sensor = new RecordingDevice(server, sensorIdentity, "sensor-1");
                // the index has the connection before the broker tells anyone of it
                observer.awaitTopics("$aws/events/presence/connected/sensor-1");
                var connected = document(iot, "sensor-1").connectivity();
                assertThat(connected.connected()).isTrue();
                assertThat(connected.timestamp()).isPositive();
                assertThat(iot.searchIndex(r -> r.queryString("connectivity.connected:true")).things())
                        .extracting(ThingDocument::thingName).containsExactly("observer", "sensor-1");

                sensor.close();
                observer.awaitTopics("$aws/events/presence/disconnected/sensor-1");
                var disconnected = document(iot, "sensor-1").connectivity();
                assertThat(disconnected.connected()).isFalse();
                assertThat(disconnected.disconnectReason()).isEqualTo("CLIENT_INITIATED_DISCONNECT");
                assertThat(iot.searchIndex(r -> r.queryString("connectivity.connected:false")).things())
                        .extracting(ThingDocument::thingName).containsExactly("sensor-1");
            }
        }
    }

    @Test
    void searches_are_refused_in_awss_shapes_for_bad_input_and_unknown_indices() {
        try (IotClient iot = Sdk.iot(server)) {
            iot.updateIndexingConfiguration(r -> r.thingIndexingConfiguration(c -> c.thingIndexingMode("REGISTRY")));
            assertThatThrownBy(() -> iot.searchIndex(r -> r.indexName("AWS_ThingGroups").queryString("*")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> iot.searchIndex(r -> r.queryString("*").maxResults(101)))
                    .hasMessageContaining("maxResults");
            assertThatThrownBy(() -> iot.searchIndex(r -> r.queryString("attributes.a:\"unterminated")))
                    .isInstanceOf(InvalidQueryException.class);
            assertThatThrownBy(() -> iot.getPercentiles(r -> r.queryString("*").aggregationField("attributes.a")
                    .percents(101.0))).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> iot.updateIndexingConfiguration(r -> r.thingIndexingConfiguration(c -> c
                    .thingIndexingMode("OFF").thingConnectivityIndexingMode("STATUS"))))
                    .hasMessageContaining("thingIndexingMode");
            assertThat(iot.getIndexingConfiguration().thingIndexingConfiguration().thingIndexingModeAsString())
                    .isEqualTo("REGISTRY");
        }
    }
}
