package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Retained messages are state: acknowledged ones survive a restart of the server, cleared ones stay cleared, and so
 * do those a device's will retained or cleared when the broker published it.
 */
class RetainedMessagesIT {
    /** Connect as anyone; publish (retained too), subscribe and receive under {@code fleet/}. */
    static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:us-east-1:000000000000:client/*"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive", "iot:RetainPublish"],
               "Resource": "arn:aws:iot:us-east-1:000000000000:topic/fleet/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/fleet/*"}
            ]}""";

    @TempDir
    Path dir;

    static Mqtt5BlockingClient client(TestServer server, DeviceIdentity identity, String id) throws Exception {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig().buildBlocking();
    }

    /** A device whose certificate has {@link #POLICY} attached. */
    private static DeviceIdentity fleetDevice(TestServer server) {
        try (IotClient iot = Sdk.iot(server)) {
            iot.createPolicy(r -> r.policyName("fleet").policyDocument(POLICY));
            var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
            iot.attachPolicy(r -> r.policyName("fleet").target(keys.certificateArn()));
            return new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                    keys.keyPair().privateKey());
        }
    }

    /**
     * The payload by topic of what a new subscriber to {@code fleet/+} is sent, each message flagged retained (no one
     * else publishes meanwhile, so all it gets are the retained ones).
     */
    private static Map<String, String> retainedFor(TestServer server, DeviceIdentity identity) throws Exception {
        Mqtt5BlockingClient late = client(server, identity, "late");
        late.connect();
        Map<String, String> retained = new HashMap<>();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = late.publishes(MqttGlobalPublishFilter.ALL)) {
            late.subscribeWith().topicFilter("fleet/+").qos(MqttQos.AT_LEAST_ONCE).send();
            for (Optional<Mqtt5Publish> m = publishes.receive(10, TimeUnit.SECONDS); m.isPresent();
                 m = publishes.receive(1, TimeUnit.SECONDS)) {
                assertThat(m.get().isRetain()).isTrue();
                retained.put(m.get().getTopic().toString(), new String(m.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            late.disconnect();
        }
        return retained;
    }

    @Test
    void retained_messages_survive_a_restart() throws Exception {
        TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withMqtt(m -> m.withPort(0)));
        try {
            DeviceIdentity identity = fleetDevice(server);
            Mqtt5BlockingClient publisher = client(server, identity, "retainer");
            publisher.connect();
            publisher.publishWith().topic("fleet/config").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("v1".getBytes(StandardCharsets.UTF_8)).send();
            publisher.publishWith().topic("fleet/config").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("v2".getBytes(StandardCharsets.UTF_8)).send();
            publisher.publishWith().topic("fleet/gone").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("x".getBytes(StandardCharsets.UTF_8)).send();
            publisher.publishWith().topic("fleet/gone").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(new byte[0]).send();
            publisher.publishWith().topic("fleet/plain").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("not retained".getBytes(StandardCharsets.UTF_8)).send();
            publisher.disconnect();
            try (var data = Sdk.data(server)) {
                data.publish(r -> r.topic("fleet/from-http").qos(1).retain(true).payload(SdkBytes.fromUtf8String("h")));
            }

            server = server.restart();

            assertThat(retainedFor(server, identity))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("fleet/config", "v2", "fleet/from-http", "h"));
        } finally {
            server.close();
        }
    }

    @Test
    void a_retained_will_survives_a_restart_and_an_empty_one_stays_cleared() throws Exception {
        TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withMqtt(m -> m.withPort(0)));
        try {
            DeviceIdentity identity = fleetDevice(server);
            Mqtt5BlockingClient watcher = client(server, identity, "watcher");
            watcher.connect();
            watcher.publishWith().topic("fleet/lamp").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("on".getBytes(StandardCharsets.UTF_8)).send();
            Map<String, String> wills = new HashMap<>();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
                watcher.subscribeWith().topicFilter("fleet/+").qos(MqttQos.AT_LEAST_ONCE).send();
                assertThat(publishes.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString())
                        .isEqualTo("fleet/lamp");

                // MQTT 5: the device asks for its will as it leaves
                Mqtt5BlockingClient sensor = client(server, identity, "sensor");
                sensor.connectWith().willPublish().topic("fleet/sensor").payload("offline".getBytes(StandardCharsets.UTF_8))
                        .qos(MqttQos.AT_LEAST_ONCE).retain(true).applyWillPublish().send();
                sensor.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
                // MQTT 3.1.1: the server cuts the device off; its will is empty and clears the lamp's retained message
                Mqtt3BlockingClient lamp = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion3().identifier("lamp")
                        .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                        .sslConfig().keyManagerFactory(identity.keyManagers())
                        .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig().buildBlocking();
                lamp.connectWith().willPublish().topic("fleet/lamp").payload(new byte[0]).qos(MqttQos.AT_LEAST_ONCE)
                        .retain(true).applyWillPublish().send();
                assertThatThrownBy(() -> lamp.publishWith().topic("elsewhere/x").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(new byte[] {1}).send()).isInstanceOf(RuntimeException.class);
                // a normal DISCONNECT: no will
                Mqtt5BlockingClient polite = client(server, identity, "polite");
                polite.connectWith().willPublish().topic("fleet/polite").payload("gone".getBytes(StandardCharsets.UTF_8))
                        .retain(true).applyWillPublish().send();
                polite.disconnect();

                while (wills.size() < 2) {
                    Mqtt5Publish will = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
                    wills.put(will.getTopic().toString(), new String(will.getPayloadAsBytes(), StandardCharsets.UTF_8));
                }
            } finally {
                watcher.disconnect();
            }
            assertThat(wills).containsExactlyInAnyOrderEntriesOf(Map.of("fleet/sensor", "offline", "fleet/lamp", ""));

            server = server.restart();

            assertThat(retainedFor(server, identity)).containsExactlyInAnyOrderEntriesOf(Map.of("fleet/sensor", "offline"));
        } finally {
            server.close();
        }
    }
}
