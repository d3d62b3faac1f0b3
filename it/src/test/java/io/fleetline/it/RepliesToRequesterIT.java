package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
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
        try (Mqtt3Device agent = Mqtt3Device.connect(fleet.get(0), thing);
             Mqtt5Device watcher = Mqtt5Device.connect(identity("watch-everything", WATCH_EVERYTHING), "watcher",
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
        try (Mqtt5Device device = Mqtt5Device.connect(fleet.get(0), thing, jobs + "get/accepted",
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
        try (Mqtt5Device device = Mqtt5Device.connect(denied, thing)) {
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
             Mqtt5Device watcher = Mqtt5Device.connect(identity("watch-all-things", WATCH_EVERYTHING), "watcher-2",
                     "$aws/things/" + thing + "/#")) {
            for (String topic : List.of(jobs + "get", jobs + "get/accepted", jobs + "notify-next",
                    "$aws/things/" + thing + "/streams/s-1/get/json")) {
                assertThatThrownBy(() -> data.publish(r -> r.topic(topic).qos(1).payload(SdkBytes.fromUtf8String("{}"))))
                        .as(topic).isInstanceOf(InvalidRequestException.class).hasMessageContaining("reserved topic");
            }
            // a thing's other topics are published to their subscribers, as before
            data.publish(r -> r.topic("$aws/things/" + thing + "/custom/status").qos(1)
                    .payload(SdkBytes.fromUtf8String("{}")));
            watcher.next("$aws/things/" + thing + "/custom/status");
            // a shadow's request topic is served by the shadow service, whose answers go to the shadow's subscribers
            data.publish(r -> r.topic("$aws/things/" + thing + "/shadow/update").qos(1)
                    .payload(SdkBytes.fromUtf8String("{}")));
            assertThat(watcher.next("$aws/things/" + thing + "/shadow/update/rejected").path("message").asText())
                    .isEqualTo("Missing required node: state");
            assertThat(watcher.topics()).containsExactly("$aws/things/" + thing + "/custom/status",
                    "$aws/things/" + thing + "/shadow/update/rejected");
        }
    }

    @Test
    void an_answer_goes_at_the_qos_of_the_clients_own_subscription_else_at_the_requests() throws Exception {
        String thing = JobsFleetIT.thingName(1);
        String jobs = "$aws/things/" + thing + "/jobs/";
        try (Mqtt5Device device = Mqtt5Device.connect(fleet.get(0), thing, true)) {
            // subscribed to nothing: the request's QoS
            device.publish(jobs + "get", "{\"clientToken\": \"q0\"}", MqttQos.AT_MOST_ONCE);
            assertThat(device.nextMessage(jobs + "get/accepted").qos()).isZero();
            device.publish(jobs + "get", "{\"clientToken\": \"q1\"}", MqttQos.AT_LEAST_ONCE);
            assertThat(device.nextMessage(jobs + "get/accepted").qos()).isEqualTo(1);

            // subscribed at QoS 0, as AWS's OTA agent takes its blocks: QoS 0 whatever the request's
            device.subscribe(jobs + "get/accepted", MqttQos.AT_MOST_ONCE);
            device.publish(jobs + "get", "{\"clientToken\": \"sub0\"}", MqttQos.AT_LEAST_ONCE);
            Received atZero = device.nextMessage(jobs + "get/accepted");
            assertThat(atZero.json().path("clientToken").asText()).isEqualTo("sub0");
            assertThat(atZero.qos()).isZero();

            // a second matching subscription at QoS 1: the highest
            device.subscribe(jobs + "+/accepted", MqttQos.AT_LEAST_ONCE);
            device.publish(jobs + "get", "{\"clientToken\": \"sub1\"}", MqttQos.AT_MOST_ONCE);
            assertThat(device.nextMessage(jobs + "get/accepted").qos()).isEqualTo(1);

            // both gone: the request's again
            device.unsubscribe(jobs + "+/accepted");
            device.unsubscribe(jobs + "get/accepted");
            device.publish(jobs + "get", "{\"clientToken\": \"none\"}", MqttQos.AT_MOST_ONCE);
            assertThat(device.nextMessage(jobs + "get/accepted").qos()).isZero();
            assertThat(device.topics()).as("each answer once").hasSize(5);
        }
    }

    @Test
    void a_resumed_session_has_its_answers_at_the_qos_of_the_subscription_it_made_before() throws Exception {
        String thing = JobsFleetIT.thingName(1);
        String jobs = "$aws/things/" + thing + "/jobs/";
        try (Mqtt5Device before = Mqtt5Device.connect(fleet.get(0), thing, false)) {
            before.subscribe(jobs + "get/accepted", MqttQos.AT_MOST_ONCE);
            before.publish(jobs + "get", "{\"clientToken\": \"before\"}", MqttQos.AT_LEAST_ONCE);
            assertThat(before.nextMessage(jobs + "get/accepted").qos()).isZero();
        }
        try (Mqtt5Device resumed = Mqtt5Device.connect(fleet.get(0), thing, false)) {
            resumed.publish(jobs + "get", "{\"clientToken\": \"resumed\"}", MqttQos.AT_LEAST_ONCE);
            Received answer = resumed.nextMessage(jobs + "get/accepted");
            assertThat(answer.json().path("clientToken").asText()).isEqualTo("resumed");
            assertThat(answer.qos()).isZero();
        }
        Mqtt5Device.connect(fleet.get(0), thing, true).close();  // the session ends
    }

    /** A message a client received, at the QoS it was delivered at. */
    private record Received(String topic, byte[] payload, int qos) {
        JsonNode json() throws java.io.IOException {
            return JSON.readTree(payload);
        }
    }

    /** What a client received, in order; {@link #next} waits for one on a topic, keeping the others. */
    private abstract static class Inbox implements AutoCloseable {
        private final BlockingQueue<Received> arriving = new LinkedBlockingQueue<>();
        private final List<Received> received = new ArrayList<>();
        private int taken;

        void add(Received message) {
            arriving.add(message);
        }

        /** The first message on {@code topic} after those taken before, waiting up to ten seconds for it. */
        JsonNode next(String topic) throws Exception {
            return nextMessage(topic).json();
        }

        /** As {@link #next}, the message itself. */
        Received nextMessage(String topic) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                for (int i = taken; i < received.size(); i++) {
                    if (received.get(i).topic().equals(topic)) {
                        taken = i + 1;
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

        abstract void publish(String topic, String payload);

        abstract void publish(String topic, String payload, MqttQos qos);

        @Override
        public abstract void close();
    }

    private static final class Mqtt3Device extends Inbox {
        private final Mqtt3AsyncClient client;

        private Mqtt3Device(Mqtt3AsyncClient client) {
            this.client = client;
        }

        static Mqtt3Device connect(DeviceIdentity identity, String clientId) throws Exception {
            Mqtt3AsyncClient client = MqttClient.builder().useMqttVersion3().identifier(clientId)
                    .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                    .sslConfig().keyManagerFactory(identity.keyManagers())
                    .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig().buildAsync();
            Mqtt3Device device = new Mqtt3Device(client);
            client.publishes(MqttGlobalPublishFilter.ALL, p -> device.add(new Received(p.getTopic().toString(),
                    p.getPayloadAsBytes(), p.getQos().getCode())));
            client.connect().get(30, TimeUnit.SECONDS);
            return device;
        }

        @Override
        void publish(String topic, String payload) {
            publish(topic, payload, MqttQos.AT_LEAST_ONCE);
        }

        @Override
        void publish(String topic, String payload, MqttQos qos) {
            client.publishWith().topic(topic).qos(qos).payload(payload.getBytes(StandardCharsets.UTF_8)).send().join();
        }

        @Override
        public void close() {
            client.disconnect().exceptionally(e -> null).join();
        }
    }

    private static final class Mqtt5Device extends Inbox {
        private final Mqtt5AsyncClient client;

        private Mqtt5Device(Mqtt5AsyncClient client) {
            this.client = client;
        }

        static Mqtt5Device connect(DeviceIdentity identity, String clientId, String... filters) throws Exception {
            Mqtt5Device device = connect(identity, clientId, true);
            for (String filter : filters) {
                device.subscribe(filter, MqttQos.AT_LEAST_ONCE);
            }
            return device;
        }

        /** Connects without subscribing; {@code cleanStart} false resumes the session the client id had, if any. */
        static Mqtt5Device connect(DeviceIdentity identity, String clientId, boolean cleanStart) throws Exception {
            Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                    .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                    .sslConfig().keyManagerFactory(identity.keyManagers())
                    .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig().buildAsync();
            Mqtt5Device device = new Mqtt5Device(client);
            client.publishes(MqttGlobalPublishFilter.ALL, p -> device.add(new Received(p.getTopic().toString(),
                    p.getPayloadAsBytes(), p.getQos().getCode())));
            client.connectWith().cleanStart(cleanStart).sessionExpiryInterval(cleanStart ? 0 : 300).send()
                    .get(30, TimeUnit.SECONDS);
            return device;
        }

        Mqtt5Device subscribe(String filter, MqttQos qos) throws Exception {
            var ack = client.subscribeWith().topicFilter(filter).qos(qos).send().get(30, TimeUnit.SECONDS);
            assertThat(ack.getReasonCodes()).as(filter).allMatch(code -> !code.isError());
            return this;
        }

        void unsubscribe(String filter) throws Exception {
            client.unsubscribeWith().topicFilter(filter).send().get(30, TimeUnit.SECONDS);
        }

        @Override
        void publish(String topic, String payload) {
            publish(topic, payload, MqttQos.AT_LEAST_ONCE);
        }

        @Override
        void publish(String topic, String payload, MqttQos qos) {
            client.publishWith().topic(topic).qos(qos).payload(payload.getBytes(StandardCharsets.UTF_8)).send().join();
        }

        @Override
        public void close() {
            client.disconnect().exceptionally(e -> null).join();
        }
    }
}
