package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.ServerProcess;
import io.fleetline.testkit.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.SearchIndexResponse;

/**
 * The fleet index of a server process: reopened as it was after a clean stop, rebuilt from the database after
 * {@code kill -9}, and either way answering as the database says, changes made just before the kill included (a
 * dynamic group's membership too).
 */
class FleetIndexKillIT {
    @TempDir
    Path dir;

    @Test
    void searches_answer_the_same_after_a_clean_restart_and_after_kill_9() throws Exception {
        Path data = dir.resolve("data");
        String url = Store.SQLITE.newUrl(dir);
        String[] flags = {"--data-dir", data.toString(), "--http-port", "0", "--mqtt-port", "-1", "--mqtt-ws-port",
                "-1", "--device-https-port", "-1", "--db-url", url};
        try {
            List<String> before;
            try (ServerProcess server = ServerProcess.serve(flags); IotClient iot = ServeCommandIT.client(data)) {
                iot.updateIndexingConfiguration(r -> r.thingIndexingConfiguration(c -> c
                        .thingIndexingMode("REGISTRY")));
                iot.createThingGroup(r -> r.thingGroupName("line-a"));
                for (int i = 0; i < 30; i++) {
                    String name = String.format("unit-%02d", i);
                    int n = i;
                    iot.createThing(r -> r.thingName(name).attributePayload(a -> a.attributes(Map.of(
                            "rack", String.valueOf(n % 5)))));
                    if (i % 3 == 0) {
                        iot.addThingToThingGroup(r -> r.thingGroupName("line-a").thingName(name));
                    }
                }
                iot.createDynamicThingGroup(r -> r.thingGroupName("rack-2").queryString("attributes.rack:2"));
                before = names(iot, "attributes.rack:2 OR thingGroupNames:line-a");
                assertThat(before).hasSize(14);
                server.terminate();
                server.waitForExit();
            }
            assertThat(Files.isDirectory(data.resolve("index"))).as("the index lives in the data directory").isTrue();
            try (ServerProcess server = ServerProcess.serve(flags); IotClient iot = ServeCommandIT.client(data)) {
                assertThat(names(iot, "attributes.rack:2 OR thingGroupNames:line-a")).isEqualTo(before);
                iot.updateThing(r -> r.thingName("unit-01").attributePayload(a -> a.attributes(Map.of("rack", "2"))));
                iot.deleteThing(r -> r.thingName("unit-02"));
                server.kill();
                server.waitForExit();
            }
            try (ServerProcess server = ServerProcess.serve(flags); IotClient iot = ServeCommandIT.client(data)) {
                List<String> after = names(iot, "attributes.rack:2 OR thingGroupNames:line-a");
                assertThat(after).contains("unit-01").doesNotContain("unit-02").hasSize(14);
                assertThat(iot.listThingsInThingGroupPaginator(r -> r.thingGroupName("rack-2")).things().stream()
                        .sorted().toList()).as("the dynamic group's membership, changed just before the kill")
                        .isEqualTo(names(iot, "attributes.rack:2")).contains("unit-01");
                assertThat(iot.describeIndex(r -> r.indexName("AWS_Things")).indexStatusAsString())
                        .isEqualTo("ACTIVE");
                assertThat(server.isAlive()).isTrue();
            }
        } finally {
            Store.SQLITE.drop(url);
        }
    }

    /** Every page of ten, following nextToken (the SDK has no paginator for SearchIndex). */
    private static List<String> names(IotClient iot, String query) {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String after = token;
            SearchIndexResponse page = iot.searchIndex(r -> r.queryString(query).maxResults(10).nextToken(after));
            page.things().forEach(thing -> names.add(thing.thingName()));
            token = page.nextToken();
        } while (token != null);
        return names;
    }
}
