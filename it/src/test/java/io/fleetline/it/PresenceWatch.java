package io.fleetline.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An application watching its devices come and go on {@code $aws/events/presence/+/+} over mutual-TLS MQTT, noting
 * when each event arrived. The server tells fleet indexing of a connection before it publishes the event, so the
 * arrival is when the change is acknowledged: a search that starts after it must see it.
 */
final class PresenceWatch implements AutoCloseable {
    private static final String EVENTS = "$aws/events/presence/";
    private final Mqtt5AsyncClient client;
    private final Map<String, BlockingQueue<Arrival>> arrivals = new ConcurrentHashMap<>();

    /** An event as it arrived: {@code connected} or {@code disconnected}, at a {@link System#nanoTime()}. */
    private record Arrival(String eventType, long at) {
    }

    private PresenceWatch(Mqtt5AsyncClient client) {
        this.client = client;
    }

    static PresenceWatch connect(TestServer server, DeviceIdentity identity, String clientId) throws Exception {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig().buildAsync();
        PresenceWatch watch = new PresenceWatch(client);
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> watch.arrived(publish.getTopic().toString()));
        client.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);
        var ack = client.subscribeWith().topicFilter(EVENTS + "+/+").qos(MqttQos.AT_LEAST_ONCE).send()
                .get(30, TimeUnit.SECONDS);
        if (ack.getReasonCodes().stream().anyMatch(code -> code.isError())) {
            throw new AssertionError("presence subscription refused: " + ack.getReasonCodes());
        }
        return watch;
    }

    private void arrived(String topic) {
        long at = System.nanoTime();
        String[] levels = topic.substring(EVENTS.length()).split("/", 2);
        queue(levels[1]).add(new Arrival(levels[0], at));
    }

    private BlockingQueue<Arrival> queue(String clientId) {
        return arrivals.computeIfAbsent(clientId, id -> new LinkedBlockingQueue<>());
    }

    /**
     * Waits up to 20 seconds for the client's next event, which must be {@code eventType}, and answers when it
     * arrived.
     */
    long await(String clientId, String eventType) throws InterruptedException {
        Arrival next = queue(clientId).poll(20, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no presence event " + eventType + " for " + clientId);
        }
        if (!next.eventType().equals(eventType)) {
            throw new AssertionError(clientId + ": presence event " + next.eventType() + " where " + eventType
                    + " was due");
        }
        return next.at();
    }

    @Override
    public void close() {
        client.disconnect().exceptionally(e -> null).join();
    }
}
