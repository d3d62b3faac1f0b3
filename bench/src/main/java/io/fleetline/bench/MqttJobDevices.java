package io.fleetline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Devices running jobs over MQTT as an agent does: on {@code notify-next} they {@code start-next}, report
 * IN_PROGRESS, then SUCCEEDED, each step on the previous one's {@code /accepted}. They record when each
 * {@code notify-next} with an execution arrived, for the notify latency. A connection may carry several things, as
 * a gateway's does: the open-file limit here caps connections, not things.
 */
final class MqttJobDevices implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Mqtt5AsyncClient> clients = new ArrayList<>();
    /** Thing name → when its notify-next arrived (epoch millis), for the executions it announced. */
    final ConcurrentHashMap<String, Long> notifiedAt = new ConcurrentHashMap<>();
    private final IntConsumer completed;

    /** @param completed told the device index when a device's execution succeeded */
    MqttJobDevices(IntConsumer completed) {
        this.completed = completed;
    }

    /**
     * Connects {@code count} things, {@code dev-0000000} on, {@code perConnection} on each connection (client id
     * {@code dev-conn-N}), each thing subscribed to its jobs topics.
     */
    void connect(LoadClients load, BrokerUnderTest broker, int count, int perConnection, int parallel) throws Exception {
        Semaphore slots = new Semaphore(parallel);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int first = 0, connection = 0; first < count; first += perConnection, connection++) {
            slots.acquire();
            Mqtt5AsyncClient client = load.client(broker, String.format("dev-conn-%06d", connection), connection);
            clients.add(client);
            int from = first;
            int to = Math.min(count, first + perConnection);
            List<Mqtt5Subscription> subscriptions = new ArrayList<>();
            for (int i = from; i < to; i++) {
                String jobs = "$aws/things/" + FleetRows.thing(i) + "/jobs/";
                for (String topic : List.of("notify-next", "start-next/accepted", "+/update/accepted")) {
                    subscriptions.add(Mqtt5Subscription.builder().topicFilter(jobs + topic).qos(MqttQos.AT_LEAST_ONCE).build());
                }
            }
            CompletableFuture<?> subscribed = LoadClients.connect(client).thenCompose(ack -> client.subscribeWith()
                    .addSubscriptions(subscriptions).callback(message -> on(client, message)).send());
            pending.add(subscribed.whenComplete((r, e) -> slots.release()));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
    }

    private void on(Mqtt5AsyncClient client, Mqtt5Publish message) {
        String topic = message.getTopic().toString();
        int thingEnd = topic.indexOf('/', "$aws/things/".length());
        String thing = topic.substring("$aws/things/".length(), thingEnd);
        String jobs = topic.substring(0, thingEnd) + "/jobs/";
        int index = Integer.parseInt(thing.substring("dev-".length()));
        JsonNode payload;
        try {
            payload = JSON.readTree(message.getPayloadAsBytes());
        } catch (java.io.IOException e) {
            return;
        }
        JsonNode execution = payload.path("execution");
        if (topic.endsWith("/notify-next") && "QUEUED".equals(execution.path("status").asText())) {
            notifiedAt.putIfAbsent(thing, System.currentTimeMillis());
            publish(client, jobs + "start-next", "{}");
        } else if (topic.endsWith("/start-next/accepted") && execution.has("jobId")) {
            publish(client, jobs + execution.path("jobId").asText() + "/update", "{\"status\":\"IN_PROGRESS\","
                    + "\"statusDetails\":{\"step\":\"installing\"},\"clientToken\":\"i\"}");
        } else if (topic.endsWith("/update/accepted")) {
            String jobId = topic.substring(jobs.length(), topic.length() - "/update/accepted".length());
            if ("i".equals(payload.path("clientToken").asText())) {
                publish(client, jobs + jobId + "/update", "{\"status\":\"SUCCEEDED\",\"clientToken\":\"s\"}");
            } else if ("s".equals(payload.path("clientToken").asText())) {
                completed.accept(index);
            }
        }
    }

    private static void publish(Mqtt5AsyncClient client, String topic, String payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    @Override
    public void close() {
        LoadClients.disconnectAll(clients);
    }
}
