package io.fleetline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A device running jobs over MQTT the way seed 002's agent does: it listens on {@code notify-next}, starts the
 * execution with {@code start-next}, reports IN_PROGRESS and then its outcome, each step waiting for the
 * previous one's {@code /accepted}. Every message it receives is kept, for tests that look at the protocol.
 */
final class JobDevice implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the device does with a job. */
    enum Behaviour {
        SUCCEED, FAIL, REJECT,
        /** Starts it and never reports again: its timers run out. */
        HANG
    }

    /** A job the device finished (or, for HANG, started), with the status it reported. */
    record Outcome(String thingName, String jobId, String status) {
    }

    private final String thing;
    private final Behaviour behaviour;
    private final Consumer<Outcome> outcomes;
    private final Mqtt5AsyncClient client;
    private final BlockingQueue<Mqtt5Publish> received = new LinkedBlockingQueue<>();
    /** Messages moved out of {@link #received} that no {@link #next} call asked for yet. */
    private final List<Mqtt5Publish> taken = new java.util.ArrayList<>();

    JobDevice(TestServer server, DeviceIdentity identity, String thing, Behaviour behaviour, Consumer<Outcome> outcomes)
            throws Exception {
        this.thing = thing;
        this.behaviour = behaviour;
        this.outcomes = outcomes;
        this.client = MqttClient.builder().useMqttVersion5().identifier(thing)
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig()
                .buildAsync();
        client.connect().get(30, TimeUnit.SECONDS);
        // no two filters match one topic: MQTT 5 would deliver a copy for each
        for (String topic : List.of("notify-next", "notify", "start-next/accepted", "start-next/rejected", "+/update/accepted",
                "+/get/accepted", "get/accepted", "get/rejected", "+/+/rejected")) {
            client.subscribeWith().topicFilter(jobs() + topic).qos(MqttQos.AT_LEAST_ONCE).callback(this::on).send()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    String thingName() {
        return thing;
    }

    private String jobs() {
        return "$aws/things/" + thing + "/jobs/";
    }

    /** Publishes a raw request on {@code $aws/things/{thing}/jobs/{suffix}}. */
    void publish(String suffix, String payload) {
        client.publishWith().topic(jobs() + suffix).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send().join();
    }

    /** Publishes on any topic (a shadow report, say) from this device's connection. */
    void publishTo(String topic, String payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send().join();
    }

    /**
     * The oldest message not yet taken whose topic ends with {@code suffix}, waiting up to ten seconds for it;
     * messages on other topics stay for later calls.
     */
    JsonNode next(String suffix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            for (java.util.Iterator<Mqtt5Publish> it = taken.iterator(); it.hasNext(); ) {
                Mqtt5Publish message = it.next();
                if (message.getTopic().toString().endsWith(suffix)) {
                    it.remove();
                    return JSON.readTree(message.getPayloadAsBytes());
                }
            }
            Mqtt5Publish message = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError(thing + " received nothing on ..." + suffix + "; it has " + topics());
            }
            taken.add(message);
        }
    }

    private List<String> topics() {
        return taken.stream().map(m -> m.getTopic().toString()).toList();
    }

    private void on(Mqtt5Publish message) {
        received.add(message);
        if (behaviour == null) {
            return;  // a passive device: the test drives it
        }
        String topic = message.getTopic().toString();
        JsonNode payload;
        try {
            payload = JSON.readTree(message.getPayloadAsBytes());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        if (topic.endsWith("/notify-next") && payload.has("execution")
                && "QUEUED".equals(payload.path("execution").path("status").asText())) {
            request("start-next", Map.of("statusDetails", Map.of("step", "downloading")));
        } else if (topic.endsWith("/start-next/accepted") && payload.has("execution")) {
            JsonNode execution = payload.get("execution");
            String jobId = execution.path("jobId").asText();
            long version = execution.path("versionNumber").asLong();
            if (behaviour == Behaviour.HANG) {
                outcomes.accept(new Outcome(thing, jobId, "IN_PROGRESS"));
                return;
            }
            request(jobId + "/update", Map.of("status", "IN_PROGRESS", "expectedVersion", version,
                    "statusDetails", Map.of("step", "installing"), "clientToken", "install"));
        } else if (topic.endsWith("/update/accepted") && "install".equals(payload.path("clientToken").asText())) {
            String jobId = topic.substring(jobs().length(), topic.length() - "/update/accepted".length());
            String status = switch (behaviour) {
                case FAIL -> "FAILED";
                case REJECT -> "REJECTED";
                default -> "SUCCEEDED";
            };
            request(jobId + "/update", Map.of("status", status, "statusDetails", Map.of("result", status.toLowerCase()),
                    "clientToken", "done"));
        } else if (topic.endsWith("/update/accepted") && "done".equals(payload.path("clientToken").asText())) {
            String jobId = topic.substring(jobs().length(), topic.length() - "/update/accepted".length());
            outcomes.accept(new Outcome(thing, jobId, switch (behaviour) {
                case FAIL -> "FAILED";
                case REJECT -> "REJECTED";
                default -> "SUCCEEDED";
            }));
        }
    }

    private void request(String suffix, Map<String, Object> body) {
        ObjectNode node = JSON.valueToTree(body);
        client.publishWith().topic(jobs() + suffix).qos(MqttQos.AT_LEAST_ONCE)
                .payload(node.toString().getBytes(StandardCharsets.UTF_8)).send();
    }

    @Override
    public void close() {
        client.disconnect().exceptionally(e -> null).join();
    }
}
