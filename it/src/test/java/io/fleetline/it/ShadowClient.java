package io.fleetline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An MQTT 5 client over mutual TLS (HiveMQ's client) that keeps what it receives in order: {@link #next} waits for the
 * next message on a topic, so tests wait for what they expect instead of sleeping.
 */
final class ShadowClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Mqtt5AsyncClient client;
    private final BlockingQueue<Received> arriving = new LinkedBlockingQueue<>();
    private final List<Received> received = new ArrayList<>();
    private final java.util.Set<Integer> taken = new java.util.HashSet<>();

    /** A message as it arrived. */
    record Received(String topic, byte[] payload) {
        JsonNode json() {
            try {
                return JSON.readTree(payload);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON on " + topic + ": " + new String(payload, StandardCharsets.UTF_8));
            }
        }
    }

    private ShadowClient(Mqtt5AsyncClient client) {
        this.client = client;
    }

    /** Connects as {@code clientId} and subscribes to each filter at QoS 1. */
    static ShadowClient connect(TestServer server, DeviceIdentity identity, String clientId, String... filters)
            throws Exception {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig().buildAsync();
        ShadowClient shadowClient = new ShadowClient(client);
        client.publishes(MqttGlobalPublishFilter.ALL, p -> shadowClient.arriving.add(
                new Received(p.getTopic().toString(), p.getPayloadAsBytes())));
        client.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);
        for (String filter : filters) {
            var ack = client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send()
                    .get(30, TimeUnit.SECONDS);
            if (ack.getReasonCodes().stream().anyMatch(code -> code.isError())) {
                throw new AssertionError("subscription to " + filter + " refused: " + ack.getReasonCodes());
            }
        }
        return shadowClient;
    }

    /** Publishes at QoS 1 and waits for the acknowledgement; the result tells whether the broker refused it. */
    Mqtt5PublishResult publish(String topic, String payload) {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    Mqtt5PublishResult publish(String topic, byte[] payload) {
        return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().join();
    }

    /** The first message on {@code topic} not taken before, waiting up to ten seconds for it. */
    JsonNode next(String topic) throws InterruptedException {
        return nextMessage(topic).json();
    }

    Received nextMessage(String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            for (int i = 0; i < received.size(); i++) {
                if (received.get(i).topic().equals(topic) && taken.add(i)) {
                    return received.get(i);
                }
            }
            Received message = arriving.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("nothing on " + topic + "; received " + topics());
            }
            received.add(message);
        }
    }

    /** Every topic received so far, in order. */
    List<String> topics() {
        arriving.drainTo(received);
        return received.stream().map(Received::topic).toList();
    }

    @Override
    public void close() {
        client.disconnect().exceptionally(e -> null).join();
    }
}
