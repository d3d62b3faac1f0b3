package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * The Device Shadow service over MQTT with mutual TLS, classic and named shadows: a device publishes requests on its
 * shadow's topics and it, and an application watching the shadow, get the answers AWS publishes (accepted, rejected,
 * delta, documents) with AWS's payloads, versions, metadata timestamps, client tokens and error rows.
 */
class ShadowProtocolIT {
    static final String THING_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "arn:aws:iot:us-east-1:000000000000:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"}
            ]}""";
    static final String APP_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["iot:Connect", "iot:Publish", "iot:Subscribe", "iot:Receive"],
               "Resource": "*"}]}""";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LAMP = "$aws/things/lamp/shadow/";

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    TestServer server;
    IotClient iot;
    DeviceIdentity lamp;
    DeviceIdentity app;

    Store store() {
        return Store.SQLITE;
    }

    @BeforeEach
    void start() {
        server = TestServer.start(store(), dir, clock, c -> c.withMqtt(m -> m.withPort(0)));
        iot = Sdk.iot(server);
        iot.createPolicy(r -> r.policyName("shadow-thing").policyDocument(THING_POLICY));
        iot.createPolicy(r -> r.policyName("shadow-app").policyDocument(APP_POLICY));
        lamp = Sdk.thingDevice(iot, "lamp", "shadow-thing");
        Sdk.thingDevice(iot, "fan", "shadow-thing");
        app = identity("shadow-app");
    }

    @AfterEach
    void stop() {
        iot.close();
        server.close();
    }

    DeviceIdentity identity(String policy) {
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName(policy).target(keys.certificateArn()));
        return new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void an_update_is_accepted_with_its_metadata_version_and_token_and_watchers_get_documents_and_delta()
            throws Exception {
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "#");
             ShadowClient watcher = ShadowClient.connect(server, app, "watcher", LAMP + "update/+")) {
            device.publish(LAMP + "update", "{\"state\":{\"reported\":{\"color\":\"red\",\"on\":true}},"
                    + "\"clientToken\":\"c-1\"}");
            JsonNode accepted = device.next(LAMP + "update/accepted");
            assertThat(accepted.get("state")).isEqualTo(json("{'reported':{'color':'red','on':true}}"));
            assertThat(accepted.get("metadata")).isEqualTo(json("{'reported':{'color':{'timestamp':" + now()
                    + "},'on':{'timestamp':" + now() + "}}}"));
            assertThat(accepted.get("version").asLong()).isEqualTo(1);
            assertThat(accepted.get("timestamp").asLong()).isEqualTo(now());
            assertThat(accepted.get("clientToken").asText()).isEqualTo("c-1");
            JsonNode first = watcher.next(LAMP + "update/documents");
            assertThat(first.get("previous").isNull()).isTrue();
            assertThat(first.at("/current/state")).isEqualTo(json("{'reported':{'color':'red','on':true}}"));
            assertThat(first.at("/current/version").asLong()).isEqualTo(1);
            assertThat(first.get("clientToken").asText()).isEqualTo("c-1");

            clock.advance(Duration.ofSeconds(30));
            device.publish(LAMP + "update", "{\"state\":{\"desired\":{\"color\":\"green\",\"on\":true}}}");
            JsonNode delta = watcher.next(LAMP + "update/delta");
            assertThat(delta.get("state")).isEqualTo(json("{'color':'green'}"));
            assertThat(delta.get("metadata")).isEqualTo(json("{'color':{'timestamp':" + now() + "}}"));
            assertThat(delta.get("version").asLong()).isEqualTo(2);
            assertThat(delta.has("clientToken")).isFalse();
            assertThat(device.next(LAMP + "update/delta").get("version").asLong()).isEqualTo(2);
            JsonNode second = watcher.next(LAMP + "update/documents");
            assertThat(second.get("previous")).isEqualTo(first.get("current"));
            assertThat(second.at("/current/state/desired")).isEqualTo(json("{'color':'green','on':true}"));
            assertThat(second.at("/current/metadata/reported/on/timestamp").asLong()).isEqualTo(now() - 30);
        }
    }

    @Test
    void a_get_answers_the_whole_document_with_its_delta_and_a_missing_shadow_404() throws Exception {
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "#")) {
            device.publish(LAMP + "get", "");
            JsonNode missing = device.next(LAMP + "get/rejected");
            assertThat(missing.get("code").asInt()).isEqualTo(404);
            assertThat(missing.get("message").asText()).isEqualTo("No shadow exists with name: 'lamp'");

            device.publish(LAMP + "update", "{\"state\":{\"desired\":{\"a\":{\"b\":1,\"c\":[1,2]}},"
                    + "\"reported\":{\"a\":{\"b\":1,\"c\":[1]},\"x\":0}}}");
            device.next(LAMP + "update/accepted");
            device.publish(LAMP + "get", "{\"clientToken\":\"g\"}");
            JsonNode got = device.next(LAMP + "get/accepted");
            assertThat(got.at("/state/delta")).isEqualTo(json("{'a':{'c':[1,2]}}"));
            assertThat(got.at("/state/reported")).isEqualTo(json("{'a':{'b':1,'c':[1]},'x':0}"));
            assertThat(got.at("/metadata/desired/a/c")).isEqualTo(json("[{'timestamp':" + now() + "},{'timestamp':"
                    + now() + "}]"));
            assertThat(got.get("version").asLong()).isEqualTo(1);
            assertThat(got.get("clientToken").asText()).isEqualTo("g");
        }
    }

    @Test
    void partial_updates_merge_null_deletes_and_arrays_are_replaced_whole() throws Exception {
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "#")) {
            device.publish(LAMP + "update", "{\"state\":{\"reported\":{\"cfg\":{\"mode\":\"eco\",\"temp\":20},"
                    + "\"list\":[1,2,3],\"gone\":true}}}");
            device.next(LAMP + "update/accepted");
            device.publish(LAMP + "update", "{\"state\":{\"reported\":{\"cfg\":{\"temp\":21},\"list\":[9],"
                    + "\"gone\":null}}}");
            JsonNode accepted = device.next(LAMP + "update/accepted");
            assertThat(accepted.at("/state/reported/gone").isNull()).isTrue();
            device.publish(LAMP + "get", "");
            assertThat(device.next(LAMP + "get/accepted").get("state"))
                    .isEqualTo(json("{'reported':{'cfg':{'mode':'eco','temp':21},'list':[9]}}"));

            device.publish(LAMP + "update", "{\"state\":{\"reported\":null}}");
            device.next(LAMP + "update/accepted");
            device.publish(LAMP + "get", "");
            JsonNode empty = device.next(LAMP + "get/accepted");
            assertThat(empty.get("state")).isEqualTo(json("{}"));
            assertThat(empty.get("version").asLong()).isEqualTo(3);
        }
    }

    @Test
    void the_delta_holds_every_differing_desired_field_and_is_sent_only_for_desired_updates() throws Exception {
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "#")) {
            device.publish(LAMP + "update", "{\"state\":{\"desired\":{\"a\":1,\"n\":{\"x\":1,\"y\":2}}}}");
            assertThat(device.next(LAMP + "update/accepted").get("version").asLong()).isEqualTo(1);
            assertThat(device.next(LAMP + "update/delta").get("state"))
                    .isEqualTo(json("{'a':1,'n':{'x':1,'y':2}}"));
            // reported catches up on a: no delta of its own (version 2 sends none)
            device.publish(LAMP + "update", "{\"state\":{\"reported\":{\"a\":1,\"n\":{\"x\":1},\"extra\":5}}}");
            assertThat(device.next(LAMP + "update/accepted").get("version").asLong()).isEqualTo(2);
            // a desired change of one field: the delta holds every field still differing, with its full path
            device.publish(LAMP + "update", "{\"state\":{\"desired\":{\"b\":true}}}");
            JsonNode delta = device.next(LAMP + "update/delta");
            assertThat(delta.get("version").asLong()).isEqualTo(3);
            assertThat(delta.get("state")).isEqualTo(json("{'n':{'y':2},'b':true}"));
            assertThat(device.next(LAMP + "update/accepted").get("version").asLong()).isEqualTo(3);
            // desired equal to reported: accepted, and no delta
            device.publish(LAMP + "update", "{\"state\":{\"desired\":{\"b\":null,\"n\":{\"y\":null}}},"
                    + "\"clientToken\":\"same\"}");
            assertThat(device.next(LAMP + "update/accepted").get("clientToken").asText()).isEqualTo("same");
            device.publish(LAMP + "update", "{\"state\":{\"desired\":{\"z\":1}}}");
            assertThat(device.next(LAMP + "update/delta").get("version").asLong()).isEqualTo(5);
        }
    }

    @Test
    void a_request_with_another_version_is_rejected_409_and_changes_nothing() throws Exception {
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "#")) {
            device.publish(LAMP + "update", "{\"state\":{\"reported\":{\"v\":1}}}");
            device.next(LAMP + "update/accepted");
            device.publish(LAMP + "update", "{\"state\":{\"reported\":{\"v\":2}},\"version\":5,"
                    + "\"clientToken\":\"stale\"}");
            JsonNode rejected = device.next(LAMP + "update/rejected");
            assertThat(rejected.get("code").asInt()).isEqualTo(409);
            assertThat(rejected.get("message").asText()).isEqualTo("Version conflict");
            assertThat(rejected.get("clientToken").asText()).isEqualTo("stale");
            assertThat(rejected.get("timestamp").asLong()).isEqualTo(now());
            device.publish(LAMP + "update", "{\"state\":{\"reported\":{\"v\":3}},\"version\":1}");
            assertThat(device.next(LAMP + "update/accepted").get("version").asLong()).isEqualTo(2);
            device.publish(LAMP + "get", "");
            assertThat(device.next(LAMP + "get/accepted").at("/state/reported/v").asInt()).isEqualTo(3);
        }
    }

    /** Each row: the request, then AWS's message for it (all 400). */
    static final String[][] DOCUMENT_RULES = {
        {"not json", "Invalid JSON"},
        {"{'clientToken':'t'}", "Missing required node: state"},
        {"{'state':[],'clientToken':'t'}", "State node must be an object"},
        {"{'state':{'desired':1},'clientToken':'t'}", "Desired node must be an object"},
        {"{'state':{'reported':'x'},'clientToken':'t'}", "Reported node must be an object"},
        {"{'state':{},'version':'2','clientToken':'t'}", "Invalid version"},
        {"{'state':{},'clientToken':{'a':1}}", "Invalid clientToken"},
        {"{'state':{'desired':{'a':{'b':{'c':{'d':{'e':{'f':{'g':1}}}}}}}},'clientToken':'t'}",
            "JSON contains too many levels of nesting; maximum is 6"},
        {"{'state':{'delta':{}},'clientToken':'t'}", "State contains an invalid node: 'delta'"},
        {"{'state':{'reported':{'list':[1,null]}},'clientToken':'t'}",
            "State contains an invalid node: arrays can't have null values"},
    };

    @Test
    void a_request_breaking_a_document_rule_is_rejected_400_with_awss_message_and_its_token() throws Exception {
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "update/rejected")) {
            for (String[] row : DOCUMENT_RULES) {
                String request = row[0].replace('\'', '"');
                device.publish(LAMP + "update", request);
                JsonNode rejected = device.next(LAMP + "update/rejected");
                assertThat(rejected.get("code").asInt()).as(request).isEqualTo(400);
                assertThat(rejected.get("message").asText()).as(request).isEqualTo(row[1]);
                assertThat(rejected.path("clientToken").asText()).as(request)
                        .isEqualTo(request.contains("\"clientToken\":\"t\"") ? "t" : "");
            }
        }
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "get/rejected")) {
            device.publish(LAMP + "get", "");
            assertThat(device.next(LAMP + "get/rejected").get("code").asInt()).as("nothing was stored").isEqualTo(404);
        }
    }

    @Test
    void a_state_over_8_kb_is_413_and_a_payload_not_utf8_415() throws Exception {
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "update/rejected")) {
            device.publish(LAMP + "update", "{\"state\":{\"reported\":{\"blob\":\"" + "x".repeat(8200)
                    + "\"}},\"clientToken\":\"big\"}");
            JsonNode tooLarge = device.next(LAMP + "update/rejected");
            assertThat(tooLarge.get("code").asInt()).isEqualTo(413);
            assertThat(tooLarge.get("message").asText()).isEqualTo("The payload exceeds the maximum size allowed");
            assertThat(tooLarge.get("clientToken").asText()).isEqualTo("big");

            device.publish(LAMP + "update", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
            JsonNode encoding = device.next(LAMP + "update/rejected");
            assertThat(encoding.get("code").asInt()).isEqualTo(415);
            assertThat(encoding.get("message").asText())
                    .isEqualTo("Unsupported documented encoding; supported encoding is UTF-8");
        }
    }

    @Test
    void a_shadow_of_an_unknown_thing_is_404_and_another_things_shadow_is_refused_by_the_policy() throws Exception {
        try (ShadowClient watcher = ShadowClient.connect(server, app, "app", "$aws/things/ghost/shadow/#");
             ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "#")) {
            watcher.publish("$aws/things/ghost/shadow/update", "{\"state\":{\"reported\":{\"a\":1}}}");
            JsonNode rejected = watcher.next("$aws/things/ghost/shadow/update/rejected");
            assertThat(rejected.get("code").asInt()).isEqualTo(404);
            assertThat(rejected.get("message").asText()).isEqualTo("Thing not found");

            // the lamp's policy covers its own shadow only: the broker refuses the publish (403 on AWS's table)
            // nobody speaks for the service: a message on an answer topic is dropped, not delivered
            watcher.publish("$aws/things/ghost/shadow/update/accepted", "{\"version\":99}");
            watcher.publish("$aws/things/ghost/shadow/get", "");
            watcher.next("$aws/things/ghost/shadow/get/rejected");
            assertThat(watcher.topics()).doesNotContain("$aws/things/ghost/shadow/update/accepted");

            assertThatThrownBy(() -> device.publish("$aws/things/fan/shadow/update",
                    "{\"state\":{\"reported\":{\"a\":1}}}")).hasCauseInstanceOf(Mqtt5PubAckException.class);
        }
        try (ShadowClient app2 = ShadowClient.connect(server, app, "app2", "$aws/things/fan/shadow/get/+")) {
            app2.publish("$aws/things/fan/shadow/get", "");
            assertThat(app2.next("$aws/things/fan/shadow/get/rejected").get("code").asInt()).isEqualTo(404);
        }
    }

    @Test
    void delete_answers_the_version_deleted_then_get_is_404_and_an_update_recreates_it_at_the_next_version()
            throws Exception {
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "#")) {
            device.publish(LAMP + "delete", "");
            assertThat(device.next(LAMP + "delete/rejected").get("code").asInt()).isEqualTo(404);
            device.publish(LAMP + "update", "{\"state\":{\"reported\":{\"a\":1}}}");
            device.publish(LAMP + "update", "{\"state\":{\"reported\":{\"a\":2}}}");
            device.publish(LAMP + "delete", "{\"clientToken\":\"del\"}");
            JsonNode deleted = device.next(LAMP + "delete/accepted");
            assertThat(deleted.get("version").asLong()).isEqualTo(2);
            assertThat(deleted.get("timestamp").asLong()).isEqualTo(now());
            assertThat(deleted.get("clientToken").asText()).isEqualTo("del");
            device.publish(LAMP + "get", "");
            assertThat(device.next(LAMP + "get/rejected").get("code").asInt()).isEqualTo(404);
            device.publish(LAMP + "update", "{\"state\":{\"reported\":{\"b\":1}}}");
            device.next(LAMP + "update/accepted");
            device.next(LAMP + "update/accepted");
            JsonNode recreated = device.next(LAMP + "update/accepted");
            assertThat(recreated.get("version").asLong()).isEqualTo(3);
            assertThat(device.next(LAMP + "update/documents").get("previous").isNull()).isTrue();
            assertThat(device.next(LAMP + "update/documents").at("/previous/version").asLong()).isEqualTo(1);
            JsonNode afterDelete = device.next(LAMP + "update/documents");
            assertThat(afterDelete.get("previous").isNull()).as("created anew").isTrue();
            assertThat(afterDelete.at("/current/version").asLong()).isEqualTo(3);
        }
    }

    @Test
    void named_shadows_live_beside_the_classic_one_on_their_own_topics() throws Exception {
        String config = LAMP + "name/config/";
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "#")) {
            device.publish(config + "update", "{\"state\":{\"desired\":{\"rate\":5}},\"clientToken\":\"n\"}");
            JsonNode accepted = device.next(config + "update/accepted");
            assertThat(accepted.get("version").asLong()).isEqualTo(1);
            assertThat(device.next(config + "update/delta").get("state")).isEqualTo(json("{'rate':5}"));
            device.publish(LAMP + "get", "");
            assertThat(device.next(LAMP + "get/rejected").get("code").asInt()).isEqualTo(404);
            device.publish(config + "get", "");
            assertThat(device.next(config + "get/accepted").at("/state/desired/rate").asInt()).isEqualTo(5);
            device.publish(LAMP + "name/other/get", "");
            assertThat(device.next(LAMP + "name/other/get/rejected").get("message").asText())
                    .isEqualTo("No shadow exists with name: 'other'");
            device.publish(config + "delete", "");
            assertThat(device.next(config + "delete/accepted").get("version").asLong()).isEqualTo(1);
        }
    }

    @Test
    void shadows_survive_a_restart_and_go_with_their_thing() throws Exception {
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "#")) {
            device.publish(LAMP + "update", "{\"state\":{\"reported\":{\"kept\":true}}}");
            device.next(LAMP + "update/accepted");
        }
        server = server.restart();
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "#")) {
            device.publish(LAMP + "get", "");
            assertThat(device.next(LAMP + "get/accepted").at("/state/reported/kept").asBoolean()).isTrue();
        }
        iot.close();
        iot = Sdk.iot(server);
        iot.detachThingPrincipal(r -> r.thingName("lamp").principal(lamp.certificateArn()));
        iot.deleteThing(r -> r.thingName("lamp"));
        iot.createThing(r -> r.thingName("lamp"));
        iot.attachThingPrincipal(r -> r.thingName("lamp").principal(lamp.certificateArn()));
        try (ShadowClient device = ShadowClient.connect(server, lamp, "lamp", LAMP + "#")) {
            device.publish(LAMP + "get", "");
            assertThat(device.next(LAMP + "get/rejected").get("code").asInt()).isEqualTo(404);
        }
    }
}
