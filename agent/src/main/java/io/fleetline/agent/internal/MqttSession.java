package io.fleetline.agent.internal;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The agent's MQTT 5 connection: mutual TLS, the thing name as client id, reconnecting by itself with exponential
 * back-off (one second, doubling, at most two minutes; the client library spreads each delay by up to a quarter either
 * way, so a fleet that lost its server at once does not come back in step). Every message it receives goes to the
 * consumer registered for its exact topic, else to the fallback. The client library shares one Netty event loop group
 * among all the clients of a JVM that name no executor of their own (it counts their references), so thousands of
 * agents in one JVM share its threads; no thread is the agent's own here.
 */
final class MqttSession implements AutoCloseable {
    private static final long MAX_BACKOFF_SECONDS = 120;
    /**
     * The largest packet the agent takes, announced in its CONNECT: AWS IoT's own maximum (146 KiB, room for a payload
     * of 128 KiB with its topic and properties), which the server keeps to as well. A job document (32 KiB at most)
     * and a stream answer (at most 128 KiB of blocks) fit; a server that sends more is cut off by the client, not
     * buffered.
     */
    static final int MAX_PACKET_BYTES = 146 * 1024;

    private final Mqtt5AsyncClient client;
    private final Map<String, Consumer<Mqtt5Publish>> byTopic = new ConcurrentHashMap<>();
    private final Consumer<Mqtt5Publish> fallback;
    private final Object lock = new Object();
    private boolean connected;
    private boolean closed;

    /**
     * @param onConnected called on the client's thread after each (re)connection, before waiting callers resume
     */
    MqttSession(AgentSettings settings, Consumer<Mqtt5Publish> fallback, Runnable onConnected,
                Consumer<Boolean> onConnection) {
        this.fallback = fallback;
        this.client = MqttClient.builder().useMqttVersion5().identifier(settings.thingName())
                .serverHost(settings.host()).serverPort(settings.port())
                .sslConfig().keyManagerFactory(settings.keys()).trustManagerFactory(settings.trust()).applySslConfig()
                .automaticReconnect().initialDelay(1, TimeUnit.SECONDS).maxDelay(MAX_BACKOFF_SECONDS, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> {
                    onConnected.run();
                    state(true);
                    onConnection.accept(true);
                })
                .addDisconnectedListener(context -> {
                    if (isClosed()) {
                        context.getReconnector().reconnect(false);
                    }
                    if (state(false)) {
                        onConnection.accept(false);
                    }
                })
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::route);
    }

    /** Starts connecting; the client keeps trying until it is connected or closed. */
    void connect() {
        client.connectWith().cleanStart(true)
                .restrictions().maximumPacketSize(MAX_PACKET_BYTES).applyRestrictions()
                .send().exceptionally(e -> null);
    }

    /** Whether it was connected before. */
    private boolean state(boolean now) {
        synchronized (lock) {
            boolean was = connected;
            connected = now && !closed;
            lock.notifyAll();
            return was;
        }
    }

    /** Waits until connected, at most {@code millis}; false when it is not (or closed). */
    boolean awaitConnected(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (lock) {
            while (!connected && !closed) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                lock.wait(left);
            }
            return connected;
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    CompletableFuture<?> subscribe(String filter) {
        return client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    CompletableFuture<?> unsubscribe(String filter) {
        return client.unsubscribeWith().topicFilter(filter).send();
    }

    /** Publishes at QoS 1; the future completes when the server acknowledged it. */
    CompletableFuture<?> publish(String topic, byte[] payload) {
        return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }

    /** Sends the messages of {@code topic} to {@code consumer} until {@link #forget} (one consumer a topic). */
    void on(String topic, Consumer<Mqtt5Publish> consumer) {
        byTopic.put(topic, Objects.requireNonNull(consumer));
    }

    void forget(String topic) {
        byTopic.remove(topic);
    }

    private void route(Mqtt5Publish message) {
        Consumer<Mqtt5Publish> consumer = byTopic.get(message.getTopic().toString());
        (consumer != null ? consumer : fallback).accept(message);
    }

    /** Disconnects (cleanly when it can) and stops reconnecting. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            connected = false;
            lock.notifyAll();
        }
        client.disconnect().exceptionally(e -> null);
    }
}
