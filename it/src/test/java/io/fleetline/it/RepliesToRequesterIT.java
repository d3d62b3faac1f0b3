package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.iotdataplane.model.InvalidRequestException;

/**
 * AWS answers a device's jobs requests ({@code /accepted} and {@code /rejected} of get, {@code $next/get},
 * start-next, describe and update) to the client that sent them, whether or not it subscribed, and to no one else.
 * AWS's OTA agent relies on it: it subscribes to {@code notify-next} only, publishes {@code $next/get} and waits.
 * Each test waits for the answers the requester must get; that nothing else arrived is told by a message sent after
 * anything that must not arrive would have been, to the same client, so no test sleeps.
 */
class RepliesToRequesterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPICS = "arn:aws:iot:us-east-1:000000000000:topic/$aws/things/";
    /** The fleet policy, but answers to GetPendingJobExecutions may not be received. */
    private static final String NO_PENDING_LIST = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "%1$s${iot:Connection.Thing.ThingName}/jobs/*"},
              {"Effect": "Deny", "Action": "iot:Receive",
               "Resource": "%1$s${iot:Connection.Thing.ThingName}/jobs/get/*"}
            ]}""".formatted(TOPICS);
    private static final String WATCH_EVERYTHING = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["iot:Connect", "iot:Subscribe", "iot:Receive"], "Resource": "*"}]}""";

    @TempDir
    static Path dir;
    static final ManualClock clock = new ManualClock(Instant.now());
    static TestServer server;
    static IotClient iot;
    static List<DeviceIdentity> fleet;

    @BeforeAll
    static void start() {
        server = TestServer.start(Store.SQLITE, dir, clock, c -> c.withMqtt(m -> m.withPort(0)));
        iot = Sdk.iot(server);
        fleet = JobsFleetIT.fleet(iot, "Answered", 3);
    }

    @AfterAll
    static void stop() {
        iot.close();
        server.close();
    }

    private static void job(String jobId, String thing) {
        iot.createJob(r -> r.jobId(jobId).document("{\"operation\":\"" + jobId + "\"}")
                .targets(JobsFleetIT.arnOf(thing)));
        server.tickJobs();
    }

    /** A certificate with {@code policy} (created here), for a client that is not one of the things. */
    private static DeviceIdentity identity(String policyName, String policy) {
        iot.createPolicy(r -> r.policyName(policyName).policyDocument(policy));
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName(policyName).target(keys.certificateArn()));
        return new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
    }

    @Test
    void a_device_subscribed_to_nothing_gets_the_answers_to_its_requests_and_a_watcher_of_its_topics_none()
            throws Exception {
        String thing = JobsFleetIT.thingName(0);
        String jobs = "$aws/things/" + thing + "/jobs/";
        job("answered-1", thing);
        try (Device agent = Device.mqtt3(fleet.get(0), thing);
             Device watcher = Device.mqtt5(identity("watch-everything", WATCH_EVERYTHING), "watcher",
                     jobs + "#")) {
            // as AWS's OTA agent: MQTT 3.1.1, no subscription to any answer
            agent.publish(jobs + "$next/get", "{\"clientToken\": \"next\"}");
            JsonNode next = agent.next(jobs + "$next/get/accepted");
            assertThat(next.path("clientToken").asText()).isEqualTo("next");
            assertThat(next.path("execution").path("jobId").asText()).isEqualTo("answered-1");
            assertThat(next.path("execution").path("jobDocument").path("operation").asText()).isEqualTo("answered-1");

            agent.publish(jobs + "start-next", "{\"statusDetails\": {\"step\": \"download\"}}");
            JsonNode started = agent.next(jobs + "start-next/accepted").path("execution");
            assertThat(started.path("status").asText()).isEqualTo("IN_PROGRESS");
            agent.publish(jobs + "answered-1/update", "{\"status\": \"SUCCEEDED\", \"expectedVersion\": "
                    + started.path("versionNumber").asLong() + ", \"includeJobExecutionState\": true}");
            assertThat(agent.next(jobs + "answered-1/update/accepted").path("executionState").path("status").asText())
                    .isEqualTo("SUCCEEDED");
            agent.publish(jobs + "answered-1/update", "{\"status\": \"IN_PROGRESS\"}");
            assertThat(agent.next(jobs + "answered-1/update/rejected").path("code").asText())
                    .isEqualTo("InvalidStateTransition");
            agent.publish(jobs + "get", "");
            assertThat(agent.next(jobs + "get/accepted").path("queuedJobs")).isEmpty();

            // published after every answer was sent: what the watcher got before it is all it got
            job("after-answers", thing);
            while (!watcher.next(jobs + "notify-next").path("execution").path("jobId").asText().equals("after-answers")) {
                // the notifications the requests caused come first
            }
            assertThat(watcher.topics()).as("the thing's broadcasts only").isNotEmpty()
                    .allMatch(topic -> topic.equals(jobs + "notify") || topic.equals(jobs + "notify-next"));
            assertThat(agent.topics()).as("no broadcast reaches a device that did not subscribe").allMatch(topic ->
                    topic.endsWith("/accepted") || topic.endsWith("/rejected"));
        }
    }

    @Test
    void a_device_subscribed_to_its_answers_gets_each_once() throws Exception {
        String thing = JobsFleetIT.thingName(1);
        String jobs = "$aws/things/" + thing + "/jobs/";
        try (Device device = Device.mqtt5(fleet.get(0), thing, jobs + "get/accepted",
                jobs + "+/get/accepted")) {
            device.publish(jobs + "get", "{\"clientToken\": \"one\"}");
            device.publish(jobs + "$next/get", "{\"clientToken\": \"two\"}");
            device.publish(jobs + "get", "{\"clientToken\": \"three\"}");
            assertThat(device.next(jobs + "get/accepted").path("clientToken").asText()).isEqualTo("one");
            assertThat(device.next(jobs + "$next/get/accepted").path("clientToken").asText()).isEqualTo("two");
            assertThat(device.next(jobs + "get/accepted").path("clientToken").asText()).isEqualTo("three");
            assertThat(device.topics()).as("its own subscription and the broker's merge into one delivery")
                    .containsExactly(jobs + "get/accepted", jobs + "$next/get/accepted", jobs + "get/accepted");
        }
    }

    @Test
    void an_answer_the_requesters_policy_does_not_let_it_receive_is_not_sent() throws Exception {
        String thing = JobsFleetIT.thingName(2);
        String jobs = "$aws/things/" + thing + "/jobs/";
        DeviceIdentity denied = identity("no-pending-list", NO_PENDING_LIST);
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(denied.certificateArn()));
        job("denied-1", thing);
        try (Device device = Device.mqtt5(denied, thing)) {
            device.publish(jobs + "get", "{\"clientToken\": \"refused\"}");
            device.publish(jobs + "start-next", "{\"clientToken\": \"allowed\"}");
            // one thing's requests are answered in order: the answer to get would have come first
            assertThat(device.next(jobs + "start-next/accepted").path("clientToken").asText()).isEqualTo("allowed");
            assertThat(device.topics()).containsExactly(jobs + "start-next/accepted");
        }
    }

    @Test
    void iot_data_publish_cannot_reach_a_things_jobs_topics_which_are_served_to_mqtt_clients() throws Exception {
        String thing = JobsFleetIT.thingName(1);
        String jobs = "$aws/things/" + thing + "/jobs/";
        try (IotDataPlaneClient data = Sdk.data(server);
             Device watcher = Device.mqtt5(identity("watch-all-things", WATCH_EVERYTHING), "watcher-2",
                     "$aws/things/" + thing + "/#")) {
            for (String topic : List.of(jobs + "get", jobs + "get/accepted", jobs + "notify-next",
                    "$aws/things/" + thing + "/streams/s-1/get/json")) {
                assertThatThrownBy(() -> data.publish(r -> r.topic(topic).qos(1).payload(SdkBytes.fromUtf8String("{}"))))
                        .as(topic).isInstanceOf(InvalidRequestException.class).hasMessageContaining("reserved topic");
            }
            // a thing's other topics are published to their subscribers, as before
            data.publish(r -> r.topic("$aws/things/" + thing + "/shadow/update").qos(1)
                    .payload(SdkBytes.fromUtf8String("{}")));
            watcher.next("$aws/things/" + thing + "/shadow/update");
            assertThat(watcher.topics()).containsExactly("$aws/things/" + thing + "/shadow/update");
        }
    }

    /** A message a client received. */
    private record Received(String topic, byte[] payload) {
    }

    /**
     * A device client over mutual TLS and what it received, in order; {@link #next} waits for a message on a topic,
     * keeping the others. MQTT 3.1.1 (as AWS's OTA agent) or MQTT 5, which only connecting tells apart.
     */
    private static final class Device implements AutoCloseable {
        private final BlockingQueue<Received> arriving = new LinkedBlockingQueue<>();
        private final List<Received> received = new ArrayList<>();
        private final BiConsumer<String, byte[]> publisher;
        private final Runnable disconnect;
        private int taken;

        private Device(BiConsumer<String, byte[]> publisher, Runnable disconnect) {
            this.publisher = publisher;
            this.disconnect = disconnect;
        }

        static Device mqtt3(DeviceIdentity identity, String clientId) throws Exception {
            Mqtt3AsyncClient client = overTls(identity, clientId).useMqttVersion3().buildAsync();
            Device device = new Device((topic, payload) -> client.publishWith().topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().join(),
                    () -> client.disconnect().exceptionally(e -> null).join());
            client.publishes(MqttGlobalPublishFilter.ALL, p -> device.arriving.add(new Received(
                    p.getTopic().toString(), p.getPayloadAsBytes())));
            client.connect().get(30, TimeUnit.SECONDS);
            return device;
        }

        static Device mqtt5(DeviceIdentity identity, String clientId, String... filters) throws Exception {
            Mqtt5AsyncClient client = overTls(identity, clientId).useMqttVersion5().buildAsync();
            Device device = new Device((topic, payload) -> client.publishWith().topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().join(),
                    () -> client.disconnect().exceptionally(e -> null).join());
            client.publishes(MqttGlobalPublishFilter.ALL, p -> device.arriving.add(new Received(
                    p.getTopic().toString(), p.getPayloadAsBytes())));
            client.connect().get(30, TimeUnit.SECONDS);
            for (String filter : filters) {
                var ack = client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send()
                        .get(30, TimeUnit.SECONDS);
                assertThat(ack.getReasonCodes()).as(filter).allMatch(code -> !code.isError());
            }
            return device;
        }

        private static MqttClientBuilder overTls(DeviceIdentity identity, String clientId) throws Exception {
            return MqttClient.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(server.mqttsPort())
                    .sslConfig().keyManagerFactory(identity.keyManagers())
                    .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig();
        }

        void publish(String topic, String payload) {
            publisher.accept(topic, payload.getBytes(StandardCharsets.UTF_8));
        }

        /** The first message on {@code topic} after those taken before, waiting up to ten seconds for it. */
        JsonNode next(String topic) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                for (int i = taken; i < received.size(); i++) {
                    if (received.get(i).topic().equals(topic)) {
                        taken = i + 1;
                        return JSON.readTree(received.get(i).payload());
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
            disconnect.run();
        }
    }
}
