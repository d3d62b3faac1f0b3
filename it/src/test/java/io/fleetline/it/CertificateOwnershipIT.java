package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.server.config.AuthMode;
import io.fleetline.server.Main;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * {@code --auth permissive}: a device certificate belongs to one account at a time. Another account that knows its
 * PEM cannot register it; it moves only by transfer, and is free again once deleted; its device, over MQTT and on
 * the HTTPS device port, acts in the account that owns it and nowhere else.
 */
class CertificateOwnershipIT {
    static final String OWNER = "111111111111";
    static final String OTHER = "222222222222";

    @TempDir
    Path dir;

    private TestServer start(Store store) {
        return TestServer.start(store, dir, Clock.systemUTC(), c -> c
                .withAccount(a -> a.withAuth(AuthMode.PERMISSIVE).withScope(new AccountScope("us-east-1", "123456789012")))
                .withMqtt(m -> m.withPort(0)).withHttp(h -> h.withDeviceHttpsPort(0)));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void another_account_cannot_register_a_device_certificate_and_the_device_stays_its_owners(Store store)
            throws Exception {
        try (TestServer server = start(store);
             Account owner = Account.provisioned(server, OWNER);
             Account intruder = Account.provisioned(server, OTHER)) {
            DeviceIdentity device = owner.newDevice();
            owner.attachToThing(device);

            assertThatThrownBy(() -> intruder.iot.registerCertificateWithoutCA(r -> r
                    .certificatePem(device.certificatePem()).status(CertificateStatus.ACTIVE)))
                    .isInstanceOf(ResourceAlreadyExistsException.class)
                    .satisfies(e -> assertThat(e.getMessage()).as("which account holds it is not told")
                            .doesNotContain(OWNER));
            assertThatThrownBy(() -> intruder.iot.describeCertificate(r -> r.certificateId(device.certificateId())))
                    .isInstanceOf(ResourceNotFoundException.class);

            try (RecordingDevice ownerSide = new RecordingDevice(server, owner.newDevice(), "owner-watcher");
                 RecordingDevice intruderSide = new RecordingDevice(server, intruder.newDevice(), "intruder-watcher")) {
                actsIn(server, device, owner, intruder, ownerSide, intruderSide, "1");
            }

            // a reset wipes every account, and with them who owned what
            assertThat(Main.run("reset", "--endpoint-url", server.endpoint(), "--data-dir",
                    dir.resolve("none").toString())).isZero();
            intruder.iot.registerCertificateWithoutCA(r -> r.certificatePem(device.certificatePem())
                    .status(CertificateStatus.ACTIVE));
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void a_certificate_moves_only_by_transfer_and_is_free_once_deleted(Store store) throws Exception {
        try (TestServer server = start(store);
             Account source = Account.provisioned(server, OWNER);
             Account target = Account.provisioned(server, OTHER);
             RecordingDevice sourceSide = new RecordingDevice(server, source.newDevice(), "source-watcher");
             RecordingDevice targetSide = new RecordingDevice(server, target.newDevice(), "target-watcher")) {
            DeviceIdentity device = source.newDevice();
            String id = device.certificateId();
            source.iot.updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.INACTIVE));
            source.iot.detachPolicy(r -> r.policyName("fleet").target(device.certificateArn()));

            source.iot.transferCertificate(r -> r.certificateId(id).targetAwsAccount(OTHER));
            assertThatThrownBy(() -> target.iot.registerCertificateWithoutCA(r -> r
                    .certificatePem(device.certificatePem()).status(CertificateStatus.ACTIVE)))
                    .as("the target takes it by accepting the transfer, not by registering it")
                    .isInstanceOf(ResourceAlreadyExistsException.class);
            target.iot.acceptCertificateTransfer(r -> r.certificateId(id).setAsActive(true));
            assertThatThrownBy(() -> source.iot.registerCertificateWithoutCA(r -> r
                    .certificatePem(device.certificatePem()).status(CertificateStatus.ACTIVE)))
                    .as("the source gave it away").isInstanceOf(ResourceAlreadyExistsException.class);
            DeviceIdentity moved = new DeviceIdentity(target.arnOf(id), id, device.certificatePem(),
                    device.privateKeyPem());
            target.iot.attachPolicy(r -> r.policyName("fleet").target(moved.certificateArn()));
            target.attachToThing(moved);

            actsIn(server, moved, target, source, targetSide, sourceSide, "after-transfer");

            target.iot.updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.INACTIVE));
            target.iot.detachThingPrincipal(r -> r.thingName("dev-1").principal(moved.certificateArn()));
            target.iot.deleteCertificate(r -> r.certificateId(id).forceDelete(true));
            source.iot.registerCertificateWithoutCA(r -> r.certificatePem(device.certificatePem())
                    .status(CertificateStatus.ACTIVE));
            source.iot.attachPolicy(r -> r.policyName("fleet").target(device.certificateArn()));
            source.attachToThing(device);

            actsIn(server, device, source, target, sourceSide, targetSide, "after-delete");
        }
    }

    /**
     * Checks that the device of {@code identity} acts in {@code owner} alone: its presence and telemetry reach the
     * owner's watcher and not the other's, the owner's iot-data publishes reach it and the other's do not, and on the
     * HTTPS device port it is the owner's thing (it sees the owner's job, not the other's).
     */
    private static void actsIn(TestServer server, DeviceIdentity identity, Account owner, Account other,
                               RecordingDevice ownerSide, RecordingDevice otherSide, String round) throws Exception {
        ownerSide.subscribe("$aws/events/presence/connected/dev-1", "telemetry/dev-1");
        otherSide.subscribe("$aws/events/presence/connected/dev-1", "telemetry/dev-1");
        Mqtt5BlockingClient device = RetainedMessagesIT.client(server, identity, "dev-1");
        device.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes commands = device.publishes(MqttGlobalPublishFilter.ALL)) {
            device.subscribeWith().topicFilter("cmd/dev-1").qos(MqttQos.AT_LEAST_ONCE).send();
            device.publishWith().topic("telemetry/dev-1").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(round.getBytes(StandardCharsets.UTF_8)).send();

            ownerSide.awaitTopics("$aws/events/presence/connected/dev-1", "telemetry/dev-1");
            assertThat(otherSide.topicsUntilMarker(round)).as("what the other account's watcher got").isEmpty();

            other.data.publish(r -> r.topic("cmd/dev-1").qos(1).payload(SdkBytes.fromUtf8String("from the other")));
            owner.data.publish(r -> r.topic("cmd/dev-1").qos(1).payload(SdkBytes.fromUtf8String("from the owner")));
            Mqtt5Publish command = commands.receive(20, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(command.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("from the owner");
        } finally {
            device.disconnect();
        }
        assertThat(pendingJobsOverHttps(server, identity)).contains(owner.jobId()).doesNotContain(other.jobId());
    }

    /** The device's pending jobs of thing dev-1, asked on the HTTPS device port with its certificate. */
    private static String pendingJobsOverHttps(TestServer server, DeviceIdentity identity) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(identity.keyManagers().getKeyManagers(), DeviceIdentity.trusting(server.caFile()).getTrustManagers(),
                null);
        try (HttpClient https = HttpClient.newBuilder().sslContext(tls).build()) {
            HttpResponse<String> jobs = https.send(HttpRequest.newBuilder(URI.create(
                    "https://127.0.0.1:" + server.deviceHttpsPort() + "/things/dev-1/jobs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(200);
            return jobs.body();
        }
    }

    /** One account of the server: its clients, a policy for its devices, a thing dev-1 and a job for it. */
    private record Account(String id, IotClient iot, IotDataPlaneClient data) implements AutoCloseable {
        static Account provisioned(TestServer server, String id) {
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(id, "any-secret"));
            Account account = new Account(id, PermissiveAccountsIT.iot(server, id, "us-east-1"),
                    IotDataPlaneClient.builder().endpointOverride(URI.create(server.endpoint()))
                            .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create())
                            .credentialsProvider(credentials)
                            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
            account.iot.createPolicy(r -> r.policyName("fleet").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:us-east-1:%1$s:client/*"},
                      {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
                       "Resource": "arn:aws:iot:us-east-1:%1$s:topic/*"},
                      {"Effect": "Allow", "Action": "iot:Subscribe",
                       "Resource": "arn:aws:iot:us-east-1:%1$s:topicfilter/*"},
                      {"Effect": "Allow", "Action": "iotjobsdata:*", "Resource": "arn:aws:iot:us-east-1:%1$s:thing/*"}
                    ]}""".formatted(id)));
            String thing = account.iot.createThing(r -> r.thingName("dev-1")).thingArn();
            account.iot.createJob(r -> r.jobId(account.jobId()).document("{}").targets(thing));
            server.tickJobs();
            return account;
        }

        String jobId() {
            return "job-of-" + id;
        }

        String arnOf(String certificateId) {
            return "arn:aws:iot:us-east-1:" + id + ":cert/" + certificateId;
        }

        /** A new ACTIVE certificate with the account's policy. */
        DeviceIdentity newDevice() {
            var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
            iot.attachPolicy(r -> r.policyName("fleet").target(keys.certificateArn()));
            return new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                    keys.keyPair().privateKey());
        }

        void attachToThing(DeviceIdentity device) {
            iot.attachThingPrincipal(r -> r.thingName("dev-1").principal(device.certificateArn()));
        }

        @Override
        public void close() {
            iot.close();
            data.close();
        }
    }
}
