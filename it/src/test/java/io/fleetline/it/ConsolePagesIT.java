package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * What the console's pages show of a fleet made through the AWS API: the overview's counts and group tree, a thing's
 * attributes, groups, certificate, executions and shadows, and search by the registry and by the fleet index.
 */
class ConsolePagesIT {
    @TempDir
    Path dir;
    TestServer server;
    IotClient iot;
    ConsoleClient console;
    String session;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(Store.SQLITE, dir);
        iot = Sdk.iot(server);
        iot.createThingType(r -> r.thingTypeName("sensor"));
        iot.createThingGroup(r -> r.thingGroupName("site"));
        iot.createThingGroup(r -> r.thingGroupName("floor-1").parentGroupName("site"));
        for (String name : new String[] {"s-1", "s-2", "lamp"}) {
            iot.createThing(r -> r.thingName(name).thingTypeName(name.startsWith("s-") ? "sensor" : null)
                    .attributePayload(p -> p.attributes(Map.of("model", name.startsWith("s-") ? "X1" : "L2"))));
        }
        iot.addThingToThingGroup(r -> r.thingGroupName("floor-1").thingName("s-1"));
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachThingPrincipal(r -> r.thingName("s-1").principal(keys.certificateArn()));
        try (var data = Sdk.data(server)) {
            data.updateThingShadow(r -> r.thingName("s-1").payload(SdkBytes.fromUtf8String(
                    "{\"state\":{\"reported\":{\"firmware\":\"v2.1.0\"}}}")));
        }
        console = new ConsoleClient(server.endpoint());
        session = console.session(server.accessKeyId(), server.secretKey());
    }

    @AfterEach
    void stop() {
        iot.close();
        server.close();
    }

    private String page(String path) throws Exception {
        var response = console.get(path, Optional.of(session));
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    @Test
    void the_overview_counts_the_fleet_and_nests_groups_under_their_parents() throws Exception {
        String overview = page("/console");
        assertThat(overview).contains("<span class=\"number\" id=\"things-count\">3</span>")
                .contains("<span class=\"number\">2</span> thing groups")
                .contains("<span class=\"number\">1</span> thing types");
        assertThat(Pattern.compile("site</a><ul><li><a [^>]*>floor-1</a></li></ul>").matcher(overview).find())
                .as("floor-1 nested under site").isTrue();
    }

    @Test
    void a_thing_page_shows_attributes_groups_its_certificate_and_its_shadow_but_no_key() throws Exception {
        String thing = page("/console/things/s-1");
        var keys = iot.listCertificates(r -> r.pageSize(10)).certificates().get(0);
        assertThat(thing).contains("<dt>model</dt><dd>X1</dd>").contains("<li>floor-1</li>")
                .contains(keys.certificateId()).contains("ACTIVE").contains("v2.1.0")
                .doesNotContain("PRIVATE KEY").doesNotContain(server.secretKey());
        assertThat(console.get("/console/things/no-such-thing", Optional.of(session)).statusCode()).isEqualTo(404);
    }

    @Test
    void search_uses_the_registry_with_indexing_off_and_the_fleet_index_with_it_on() throws Exception {
        assertThat(page("/console/search?q=model%3DX1")).contains(">s-1</a>").contains(">s-2</a>")
                .doesNotContain(">lamp</a>");
        assertThat(page("/console/search?q=lamp")).contains(">lamp</a>");

        iot.updateIndexingConfiguration(r -> r.thingIndexingConfiguration(c -> c.thingIndexingMode("REGISTRY")));
        String indexed = page("/console/search?q=" + java.net.URLEncoder.encode(
                "attributes.model:X1 AND thingGroupNames:floor-1", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(indexed).contains(">s-1</a>").doesNotContain(">s-2</a>").contains("Fleet index query");
        assertThat(page("/console/search?q=attributes.model%3A%3A")).contains("role=\"alert\"");
    }

    @Test
    void the_jobs_page_lists_ota_updates_with_their_own_status_and_why_one_failed() throws Exception {
        // an image that is not there: the OTA update's creation fails, and it never makes a job
        iot.createOTAUpdate(r -> r.otaUpdateId("fw-missing").targets("arn:aws:iot:us-east-1:000000000000:thing/s-1")
                .protocols(software.amazon.awssdk.services.iot.model.Protocol.MQTT)
                .roleArn("arn:aws:iam::000000000000:role/ota")
                .files(software.amazon.awssdk.services.iot.model.OTAUpdateFile.builder().fileName("/device/app.bin")
                        .fileLocation(l -> l.s3Location(s3 -> s3.bucket("no-such-bucket").key("app.bin").version("1")))
                        .codeSigning(c -> c.awsSignerJobId("no-such-signing-job")).build()));
        for (int tick = 0; tick < 20 && !iot.getOTAUpdate(r -> r.otaUpdateId("fw-missing")).otaUpdateInfo()
                .otaUpdateStatusAsString().equals("CREATE_FAILED"); tick++) {
            server.tickJobs();
        }
        String jobs = page("/console/jobs");
        assertThat(jobs).contains("<table id=\"ota-updates\">").contains("<td>fw-missing</td>")
                .contains("CREATE_FAILED");
        assertThat(Pattern.compile("<td>fw-missing</td>.*?<td>[^<]*\\S[^<]*</td></tr>", Pattern.DOTALL).matcher(jobs)
                .find()).as("the reason it failed is shown").isTrue();
    }
}
