package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.server.Main;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.EventType;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * {@code POST /_fleetline/reset} (and {@code fleetline reset}) as a test suite uses it between tests: afterwards
 * every list is empty, no retained message or MQTT session is left, and the server goes on serving; under load no
 * request is lost and nothing leaks.
 */
class ResetIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Store.class)
    void reset_leaves_nothing_behind_and_the_server_keeps_serving(Store store) throws Exception {
        try (TestServer server = TestServer.start(store, dir, Clock.systemUTC(),
                c -> c.withMqtt(m -> m.withPort(0)));
             IotClient iot = Sdk.iot(server)) {
            iot.createThingType(r -> r.thingTypeName("sensor"));
            iot.createThingGroup(r -> r.thingGroupName("floor-1"));
            iot.createThing(r -> r.thingName("dev-1").thingTypeName("sensor"));
            iot.addThingToThingGroup(r -> r.thingGroupName("floor-1").thingName("dev-1"));
            iot.createBillingGroup(r -> r.billingGroupName("tenant-a"));
            iot.addThingToBillingGroup(r -> r.billingGroupName("tenant-a").thingName("dev-1"));
            iot.createPolicy(r -> r.policyName("fleet").policyDocument(RetainedMessagesIT.POLICY));
            var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
            iot.attachPolicy(r -> r.policyName("fleet").target(keys.certificateArn()));
            iot.attachThingPrincipal(r -> r.thingName("dev-1").principal(keys.certificateArn()));
            iot.createJobTemplate(r -> r.jobTemplateId("tpl").description("t").document("{\"v\":1}"));
            String thingArn = iot.describeThing(r -> r.thingName("dev-1")).thingArn();
            iot.createJob(r -> r.jobId("fw-1").document("{\"version\":\"old\"}").targets(thingArn));
            iot.updateEventConfigurations(r -> r.eventConfigurationsWithStrings(
                    java.util.Map.of("JOB", software.amazon.awssdk.services.iot.model.Configuration.builder()
                            .enabled(true).build())));
            server.tickJobs();
            DeviceIdentity identity = new DeviceIdentity(keys.certificateArn(), keys.certificateId(),
                    keys.certificatePem(), keys.keyPair().privateKey());
            java.util.concurrent.CompletableFuture<Void> cutOff = new java.util.concurrent.CompletableFuture<>();
            Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier("dev-1")
                    .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                    .sslConfig().keyManagerFactory(identity.keyManagers())
                    .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig()
                    .addDisconnectedListener(context -> cutOff.complete(null)).buildBlocking();
            device.connect();
            device.publishWith().topic("fleet/config").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("v1".getBytes(StandardCharsets.UTF_8)).send();

            assertThat(Main.run("reset", "--data-dir", server.dataDir().toString())).isZero();

            cutOff.get(30, TimeUnit.SECONDS);  // live clients are disconnected
            assertThat(iot.listThings().things()).isEmpty();
            assertThat(iot.listThingTypes().thingTypes()).isEmpty();
            assertThat(iot.listThingGroups().thingGroups()).isEmpty();
            assertThat(iot.listBillingGroups(r -> { }).billingGroups()).isEmpty();
            assertThat(iot.listPolicies().policies()).isEmpty();
            assertThat(iot.listCertificates().certificates()).isEmpty();
            assertThat(iot.listCACertificates(r -> { }).certificates()).isEmpty();
            assertThat(iot.listJobs().jobs()).isEmpty();
            assertThat(iot.listJobTemplates(r -> { }).jobTemplates()).isEmpty();
            assertThat(iot.describeEventConfigurations().eventConfigurations().get(EventType.JOB).enabled()).isFalse();
            assertThatThrownBy(() -> iot.describeThing(r -> r.thingName("dev-1")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(device.getState()).isEqualTo(MqttClientState.DISCONNECTED);  // and not let back in

            // the same names are free again, and nothing of the old job comes back with its id
            iot.createThing(r -> r.thingName("dev-1"));
            assertThat(iot.describeThing(r -> r.thingName("dev-1")).billingGroupName()).isNull();
            iot.createJob(r -> r.jobId("fw-1").document("{\"version\":\"new\"}").targets(thingArn));
            assertThat(iot.getJobDocument(r -> r.jobId("fw-1")).document()).contains("new");
            server.tickJobs();
            assertThat(iot.listJobExecutionsForThing(r -> r.thingName("dev-1")).executionSummaries()).hasSize(1);

            // no retained message survived: a fresh subscriber gets only what is published after the reset
            iot.createPolicy(r -> r.policyName("fleet").policyDocument(RetainedMessagesIT.POLICY));
            var fresh = iot.createKeysAndCertificate(r -> r.setAsActive(true));
            iot.attachPolicy(r -> r.policyName("fleet").target(fresh.certificateArn()));
            Mqtt5BlockingClient subscriber = RetainedMessagesIT.client(server, new DeviceIdentity(fresh.certificateArn(),
                    fresh.certificateId(), fresh.certificatePem(), fresh.keyPair().privateKey()), "after-reset");
            subscriber.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
                subscriber.subscribeWith().topicFilter("fleet/#").qos(MqttQos.AT_LEAST_ONCE).send();
                subscriber.publishWith().topic("fleet/marker").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("m".getBytes(StandardCharsets.UTF_8)).send();
                List<String> topics = new ArrayList<>();
                for (Optional<Mqtt5Publish> m = publishes.receive(20, TimeUnit.SECONDS); m.isPresent();
                     m = publishes.receive(20, TimeUnit.SECONDS)) {
                    topics.add(m.get().getTopic().toString());
                    if (m.get().getTopic().toString().equals("fleet/marker")) {
                        break;
                    }
                }
                assertThat(topics).containsExactly("fleet/marker");
            }
            subscriber.disconnect();
        }
    }

    @Test
    void a_hundred_resets_under_load_lose_no_request_and_leak_nothing() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(), c -> c);
             IotClient iot = Sdk.iot(server)) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger succeeded = new AtomicInteger();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            List<Thread> load = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                load.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; running.get(); i++) {
                        String name = "w" + worker + "-" + i;
                        try {
                            iot.createThing(r -> r.thingName(name));
                            iot.describeThing(r -> r.thingName(name));
                            succeeded.incrementAndGet();
                        } catch (ResourceNotFoundException wipedBetweenTheTwo) {
                            succeeded.incrementAndGet();  // a reset came between create and describe: fine
                        } catch (AwsServiceException e) {
                            unexpected.add(e.statusCode() + " " + e.awsErrorDetails().errorCode() + " " + e.getMessage());
                        } catch (RuntimeException e) {
                            unexpected.add(e.toString());
                        }
                    }
                }));
            }
            for (int cycle = 0; cycle < 10; cycle++) {
                assertThat(Main.run("reset", "--data-dir", server.dataDir().toString())).isZero();
            }
            long fdsBefore = openFiles();
            long heapBefore = usedHeapAfterGc();
            for (int cycle = 0; cycle < 100; cycle++) {
                assertThat(Main.run("reset", "--data-dir", server.dataDir().toString())).isZero();
            }
            running.set(false);
            for (Thread t : load) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            long fdsAfter = openFiles();
            long heapAfter = usedHeapAfterGc();

            assertThat(unexpected).as("every request answered as it would be without resets").isEmpty();
            assertThat(succeeded.get()).isGreaterThan(100);
            assertThat(fdsAfter - fdsBefore).as("file handles after 100 resets").isLessThan(20);
            assertThat(heapAfter - heapBefore).as("heap after 100 resets").isLessThan(32L * 1024 * 1024);
            Main.run("reset", "--data-dir", server.dataDir().toString());
            assertThat(iot.listThings().things()).isEmpty();
        }
    }

    private static long openFiles() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
