package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.fleetline.simulator.ServerTarget;
import io.fleetline.simulator.Simulation;
import io.fleetline.simulator.fleet.DeviceIdentity;
import io.fleetline.simulator.fleet.Fleet;
import io.fleetline.simulator.fleet.Provisioner;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * The simulator provisions its fleet on a real server: 200 things in the group, each with its own certificate, the
 * group's policy letting each device use its own jobs and streams topics and nobody else's (checked over mutual-TLS
 * MQTT); a second run finds them all and makes nothing, and re-provisions the one device it lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatorProvisioningIT {
    private static final int FLEET = 200;
    private static final String GROUP = "SimHubs";

    TestServer server;
    IotClient iot;
    Path state;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(Store.SQLITE, dir, java.time.Clock.systemUTC(), c -> c.withMqtt(m -> m.withPort(0)));
        iot = Sdk.iot(server);
        state = dir.resolve("simulator");
    }

    @AfterAll
    void stop() {
        iot.close();
        server.close();
    }

    static ServerTarget target(TestServer server) {
        return new ServerTarget(URI.create(server.endpoint()), server.region(), server.accessKeyId(),
                server.secretKey(), "127.0.0.1", server.mqttsPort(), server.caFile());
    }

    private Fleet provision() throws InterruptedException {
        try (Simulation simulation = Simulation.builder().target(target(server)).group(GROUP).fleetSize(FLEET)
                .stateDirectory(state).build()) {
            return simulation.provision();
        }
    }

    @Test
    void provisions_the_fleet_once_and_finds_it_again() throws Exception {
        Fleet first = provision();
        assertThat(first.created()).isEqualTo(FLEET);
        Set<String> members = new HashSet<>();
        iot.listThingsInThingGroupPaginator(r -> r.thingGroupName(GROUP)).things().forEach(members::add);
        assertThat(members).hasSize(FLEET).contains(Provisioner.thingName(GROUP, 0),
                Provisioner.thingName(GROUP, FLEET - 1));
        assertThat(first.devices()).extracting(DeviceIdentity::certificateArn).doesNotHaveDuplicates();
        System.out.printf("provisioned %d devices in %s%n", FLEET, first.took());

        Fleet again = provision();
        assertThat(again.created()).isZero();
        assertThat(again.reused()).isEqualTo(FLEET);
        assertThat(again.devices()).isEqualTo(first.devices());

        String lost = Provisioner.thingName(GROUP, 7);
        Files.delete(state.resolve("identities").resolve(lost + ".json"));
        Fleet mended = provision();
        assertThat(mended.created()).isEqualTo(1);
        assertThat(mended.devices().get(7).certificateArn()).isNotEqualTo(first.devices().get(7).certificateArn());
    }

    @Test
    void a_provisioned_device_may_use_its_own_jobs_topics_and_not_another_devices() throws Exception {
        Fleet fleet = provision();
        DeviceIdentity device = fleet.devices().get(3);
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(device.thingName())
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(device.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(Files.readString(server.caFile()))).applySslConfig()
                .buildBlocking();
        client.connect();
        try {
            String own = "$aws/things/" + device.thingName() + "/jobs/";
            String other = "$aws/things/" + fleet.devices().get(4).thingName() + "/jobs/";
            assertThat(client.subscribeWith().topicFilter(own + "notify-next").qos(MqttQos.AT_LEAST_ONCE).send()
                    .getReasonCodes()).allMatch(code -> !code.isError());
            assertThatThrownBy(() -> client.subscribeWith().topicFilter(other + "notify-next")
                    .qos(MqttQos.AT_LEAST_ONCE).send()).as("another device's topic")
                    .isInstanceOf(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException.class);
        } finally {
            client.disconnect();
        }
        assertThatThrownBy(() -> MqttClient.builder().useMqttVersion5().identifier("not-" + device.thingName())
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(device.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(Files.readString(server.caFile()))).applySslConfig()
                .buildBlocking().connect()).as("a client id that is not its thing's")
                .isInstanceOf(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException.class);
    }
}
