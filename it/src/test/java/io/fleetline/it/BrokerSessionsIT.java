package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;

/** Sessions and message retention: persistent sessions, retained messages, client-id takeover. */
class BrokerSessionsIT {

    @TempDir
    static Path dir;
    static TestServer server;
    static IotClient iot;
    static DeviceIdentity identity;

    @BeforeAll
    static void start() {
        server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(), c -> c.withMqtt(m -> m.withPort(0)));
        iot = Sdk.iot(server);
        iot.createPolicy(r -> r.policyName("open-fleet").policyDocument(RetainedMessagesIT.POLICY));
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName("open-fleet").target(keys.certificateArn()));
        identity = new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
    }

    @AfterAll
    static void stop() {
        iot.close();
        server.close();
    }

    static Mqtt5BlockingClient client(String id) throws Exception {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig().buildBlocking();
    }

    @Test
    void a_persistent_session_gets_every_qos_1_message_sent_while_it_was_away() throws Exception {
        Mqtt5BlockingClient device = client("sleepy");
        device.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        device.subscribeWith().topicFilter("fleet/sleepy/#").qos(MqttQos.AT_LEAST_ONCE).send();
        device.disconnect();

        int burst = 2_000;
        Mqtt5BlockingClient sender = client("sender");
        sender.connect();
        for (int i = 0; i < burst; i++) {
            sender.publishWith().topic("fleet/sleepy/cmd").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).send();
        }
        sender.disconnect();

        Mqtt5BlockingClient back = client("sleepy");
        Set<String> received = new HashSet<>();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = back.publishes(MqttGlobalPublishFilter.ALL)) {
            back.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
            for (Optional<Mqtt5Publish> m = publishes.receive(10, TimeUnit.SECONDS); m.isPresent();
                 m = received.size() == burst ? Optional.empty() : publishes.receive(10, TimeUnit.SECONDS)) {
                received.add(new String(m.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            back.disconnect();
        }
        assertThat(received).as("every acknowledged QoS 1 message arrives").hasSize(burst);
    }

    @Test
    void a_retained_message_reaches_a_later_subscriber() throws Exception {
        Mqtt5BlockingClient publisher = client("retainer");
        publisher.connect();
        publisher.publishWith().topic("fleet/config").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("v2".getBytes(StandardCharsets.UTF_8)).send();
        publisher.disconnect();

        Mqtt5BlockingClient late = client("late");
        late.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = late.publishes(MqttGlobalPublishFilter.ALL)) {
            late.subscribeWith().topicFilter("fleet/config").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish retained = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(retained.isRetain()).isTrue();
            assertThat(new String(retained.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("v2");
        } finally {
            late.disconnect();
        }
    }

    @Test
    void a_second_connection_with_the_same_client_id_takes_over() throws Exception {
        CompletableFuture<Throwable> firstDropped = new CompletableFuture<>();
        Mqtt5BlockingClient first = MqttClient.builder().useMqttVersion5().identifier("twin")
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig()
                .addDisconnectedListener(ctx -> firstDropped.complete(ctx.getCause())).buildBlocking();
        first.connect();

        Mqtt5BlockingClient second = client("twin");
        second.connect();

        assertThat(firstDropped.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(second.getState().isConnected()).isTrue();
        second.disconnect();
    }
}
