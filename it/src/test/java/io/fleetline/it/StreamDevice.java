package io.fleetline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An MQTT 5 (or 3.1.1) client over mutual TLS that publishes raw bytes to the streams topics and keeps what it receives, in
 * order. It subscribes to nothing unless told: AWS answers a device's streams requests whether or not it subscribed.
 * {@link #next} waits for a message on one topic, keeping the others for later; {@link #until} takes everything up to
 * one; {@link #topics} says everything that arrived, so a test tells "nothing else came" by waiting for a message sent
 * after anything that must not arrive.
 */
final class StreamDevice implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();

    /** A message the device received, and the QoS it came at. */
    record Received(String topic, byte[] payload, MqttQos qos) {
        /** The payload read as the topic's format says ({@code .../json} or {@code .../cbor}). */
        JsonNode tree() {
            try {
                return topic.endsWith("/cbor") ? CBOR.readTree(payload) : JSON.readTree(payload);
            } catch (IOException e) {
                throw new UncheckedIOException(topic + ": not a " + (topic.endsWith("/cbor") ? "CBOR" : "JSON")
                        + " document", e);
            }
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** The client of one MQTT version: publishes and answers the PUBACK's code (MQTT 3 has none: success). */
    private interface Connection {
        CompletableFuture<Mqtt5PubAckReasonCode> publish(String topic, byte[] payload, MqttQos qos);

        boolean connected();

        void close();
    }

    private final String clientId;
    private final Connection client;
    private final BlockingQueue<Received> arriving = new LinkedBlockingQueue<>();
    /** Every message received, in order. */
    private final List<Received> everything = new ArrayList<>();
    /** Those received and not taken yet, in order. */
    private final List<Received> pending = new ArrayList<>();

    private StreamDevice(String clientId, Connection client) {
        this.clientId = clientId;
        this.client = client;
    }

    /** Connects with MQTT 5 as {@code clientId} (a thing's name, for the OTA policy), subscribed to {@code filters}. */
    static StreamDevice connect(TestServer server, DeviceIdentity identity, String clientId, String... filters)
            throws Exception {
        return connect(server, identity, clientId, 268_435_460, filters);
    }

    /**
     * Connects with MQTT 5, announcing the largest packet the device takes ({@code maximumPacketSize}, MQTT's largest
     * by default), subscribed to {@code filters}.
     */
    static StreamDevice connect(TestServer server, DeviceIdentity identity, String clientId, int maximumPacketSize,
                                String... filters) throws Exception {
        Mqtt5AsyncClient mqtt5 = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig()
                .buildAsync();
        StreamDevice device = new StreamDevice(clientId, new Connection() {
            @Override
            public CompletableFuture<Mqtt5PubAckReasonCode> publish(String topic, byte[] payload, MqttQos qos) {
                return mqtt5.publishWith().topic(topic).qos(qos).payload(payload).send().handle((result, failed) -> {
                    if (failed instanceof Mqtt5PubAckException refused) {
                        return refused.getMqttMessage().getReasonCode();
                    }
                    if (failed != null) {
                        throw new IllegalStateException(clientId + ": publish to " + topic + " failed", failed);
                    }
                    return result instanceof Mqtt5PublishResult.Mqtt5Qos1Result acked
                            ? acked.getPubAck().getReasonCode() : Mqtt5PubAckReasonCode.SUCCESS;
                });
            }

            @Override
            public boolean connected() {
                return mqtt5.getState().isConnected();
            }

            @Override
            public void close() {
                mqtt5.disconnect().exceptionally(e -> null).join();
            }
        });
        mqtt5.publishes(MqttGlobalPublishFilter.ALL, p -> device.arriving.add(
                new Received(p.getTopic().toString(), p.getPayloadAsBytes(), p.getQos())));
        mqtt5.connectWith().restrictions().maximumPacketSize(maximumPacketSize).applyRestrictions().send()
                .get(30, TimeUnit.SECONDS);
        for (String filter : filters) {
            mqtt5.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(30, TimeUnit.SECONDS);
        }
        return device;
    }

    /** Connects with MQTT 3.1.1, as AWS's OTA agent (coreMQTT) does, subscribed to nothing. */
    static StreamDevice connect3(TestServer server, DeviceIdentity identity, String clientId) throws Exception {
        Mqtt3AsyncClient mqtt3 = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig()
                .buildAsync();
        StreamDevice device = new StreamDevice(clientId, new Connection() {
            @Override
            public CompletableFuture<Mqtt5PubAckReasonCode> publish(String topic, byte[] payload, MqttQos qos) {
                return mqtt3.publishWith().topic(topic).qos(qos).payload(payload).send()
                        .thenApply(sent -> Mqtt5PubAckReasonCode.SUCCESS);
            }

            @Override
            public boolean connected() {
                return mqtt3.getState().isConnected();
            }

            @Override
            public void close() {
                mqtt3.disconnect().exceptionally(e -> null).join();
            }
        });
        mqtt3.publishes(MqttGlobalPublishFilter.ALL, p -> device.arriving.add(
                new Received(p.getTopic().toString(), p.getPayloadAsBytes(), p.getQos())));
        mqtt3.connect().get(30, TimeUnit.SECONDS);
        return device;
    }

    String thing() {
        return clientId;
    }

    /** {@code $aws/things/<this thing>/streams/<streamId>/<rest>}. */
    String streamTopic(String streamId, String rest) {
        return "$aws/things/" + clientId + "/streams/" + streamId + "/" + rest;
    }

    /** Publishes at QoS 1 and waits for the PUBACK; a refusing PUBACK fails the test. */
    void publish(String topic, byte[] payload) {
        Mqtt5PubAckReasonCode code = publishForCode(topic, payload);
        if (code.isError()) {
            throw new AssertionError(clientId + ": PUBACK " + code + " for " + topic);
        }
    }

    void publish(String topic, String payload) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes at QoS 1 and answers the PUBACK's reason code, refusals included. */
    Mqtt5PubAckReasonCode publishForCode(String topic, byte[] payload) {
        try {
            return client.publish(topic, payload, MqttQos.AT_LEAST_ONCE).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(clientId + ": publish to " + topic + " failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(clientId + ": publish to " + topic + " failed", e);
        }
    }

    /** Publishes at QoS 0, as AWS's OTA agent asks for blocks: nothing comes back but the answers. */
    void publishAtMostOnce(String topic, byte[] payload) {
        client.publish(topic, payload, MqttQos.AT_MOST_ONCE).join();
    }

    boolean connected() {
        return client.connected();
    }

    /** The oldest message on {@code topic} not taken yet, waiting up to 30 seconds for it; others stay. */
    Received next(String topic) {
        List<Received> upTo = until(topic);
        Received found = upTo.remove(upTo.size() - 1);
        pending.addAll(0, upTo);
        return found;
    }

    /** The next {@code count} messages on {@code topic}. */
    List<Received> next(String topic, int count) {
        List<Received> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(next(topic));
        }
        return messages;
    }

    /**
     * Every message not taken yet up to and including the oldest on {@code topic}, waiting up to 30 seconds for it;
     * all of them count as taken.
     */
    List<Received> until(String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Received> taken = new ArrayList<>();
        while (true) {
            Received message = pending.isEmpty() ? arrive(topic, deadline) : pending.remove(0);
            taken.add(message);
            if (message.topic().equals(topic)) {
                return taken;
            }
        }
    }

    private Received arrive(String topic, long deadline) {
        Received message;
        try {
            message = arriving.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (message == null) {
            throw new AssertionError(clientId + ": nothing on " + topic + "; received " + topics());
        }
        everything.add(message);
        return message;
    }

    /** The topics of every message received so far, taken or not, in order. */
    List<String> topics() {
        List<Received> more = new ArrayList<>();
        arriving.drainTo(more);
        everything.addAll(more);
        pending.addAll(more);
        return everything.stream().map(Received::topic).toList();
    }

    @Override
    public void close() {
        client.close();
    }
}
