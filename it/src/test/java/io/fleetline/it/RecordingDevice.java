package io.fleetline.it;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.TestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A device that subscribes to the filters it is given and keeps, in order, everything it receives. */
final class RecordingDevice implements AutoCloseable {
    private final Mqtt5BlockingClient client;
    private final BlockingQueue<Mqtt5Publish> received = new LinkedBlockingQueue<>();
    private final Set<String> subscribed = new HashSet<>();

    RecordingDevice(TestServer server, DeviceIdentity identity, String clientId, String... filters) throws Exception {
        client = RetainedMessagesIT.client(server, identity, clientId);
        client.connect();
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, received::add);
        subscribe(filters);
    }

    /** The device's connection, for tests that publish or subscribe on it themselves. */
    Mqtt5BlockingClient client() {
        return client;
    }

    /** Subscribes to each of {@code filters} not subscribed to yet: subscribing again would resend retained messages. */
    void subscribe(String... filters) {
        for (String filter : filters) {
            if (subscribed.add(filter)) {
                client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
            }
        }
    }

    /** Waits until a message arrived on each of {@code topics}. */
    void awaitTopics(String... topics) throws InterruptedException {
        Set<String> missing = new HashSet<>(Arrays.asList(topics));
        List<String> got = new ArrayList<>();
        while (!missing.isEmpty()) {
            Mqtt5Publish message = received.poll(20, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("never received " + missing + "; got " + got);
            }
            got.add(message.getTopic().toString());
            missing.remove(message.getTopic().toString());
        }
    }

    /** Publishes a marker to itself and answers the topics of everything received before it. */
    List<String> topicsUntilMarker(String marker) throws InterruptedException {
        // under # the marker comes already; a second filter matching it would bring a copy (MQTT 5 delivers one per
        // matching subscription), and that copy would show among the next call's topics
        if (!subscribed.contains("#")) {
            subscribe("marker/#");
        }
        client.publishWith().topic("marker/" + marker).qos(MqttQos.AT_LEAST_ONCE).send();
        List<String> topics = new ArrayList<>();
        for (Mqtt5Publish m = received.poll(20, TimeUnit.SECONDS); m != null; m = received.poll(20, TimeUnit.SECONDS)) {
            String topic = m.getTopic().toString();
            if (topic.equals("marker/" + marker)) {
                return topics;
            }
            topics.add(topic);
        }
        throw new AssertionError("the marker never came back; got " + topics);
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }
}
