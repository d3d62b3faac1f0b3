package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.ca.Pem;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AutoRegistrationStatus;
import software.amazon.awssdk.services.iot.model.CACertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * Just-in-time registration as the AWS IoT Developer Guide describes it: a device whose certificate was signed by a
 * registered CA with auto-registration connects presenting that CA too, is refused, its certificate is registered
 * PENDING_ACTIVATION and announced on {@code $aws/events/certificates/registered/<caCertificateId>}; once someone
 * activates it and attaches a policy, the device connects.
 */
class JustInTimeRegistrationIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static TestServer start(Path dir) {
        return TestServer.start(Store.SQLITE, dir, Clock.systemUTC(), c -> c.withMqtt(m -> m.withPort(0)));
    }

    @Test
    void a_device_of_an_auto_registering_ca_is_registered_announced_and_admitted_once_activated() throws Exception {
        try (TestServer server = start(dir); IotClient iot = Sdk.iot(server)) {
            CertificateAuthority maker = CertificateAuthority.generate("Device maker CA", Instant.now());
            String caId = registerCa(iot, maker, true);
            Device device = new Device(maker);
            Mqtt5BlockingClient operator = operator(server);
            try (Mqtt5BlockingClient.Mqtt5Publishes events = operator.publishes(MqttGlobalPublishFilter.ALL)) {
                operator.subscribeWith().topicFilter("$aws/events/certificates/registered/#")
                        .qos(MqttQos.AT_LEAST_ONCE).send();

                assertThatThrownBy(() -> device.client(server, "jitr-device").connect()).as("refused while pending");

                Mqtt5Publish published = events.receive(20, TimeUnit.SECONDS).orElseThrow();
                assertThat(published.getTopic().toString()).isEqualTo("$aws/events/certificates/registered/" + caId);
                JsonNode event = JSON.readTree(published.getPayloadAsBytes());
                assertThat(event.path("certificateId").asText()).isEqualTo(device.id());
                assertThat(event.path("caCertificateId").asText()).isEqualTo(caId);
                assertThat(event.path("certificateStatus").asText()).isEqualTo("PENDING_ACTIVATION");
                assertThat(event.path("awsAccountId").asText()).isEqualTo(server.accountId());
                assertThat(event.path("timestamp").isNumber()).isTrue();
                assertThat(event.path("certificateRegistrationTimestamp").asText()).isNotEmpty();
                assertThat(iot.listCertificates().certificates()).singleElement().satisfies(c -> {
                    assertThat(c.certificateId()).isEqualTo(device.id());
                    assertThat(c.status()).isEqualTo(CertificateStatus.PENDING_ACTIVATION);
                });
                assertThat(iot.describeCertificate(r -> r.certificateId(device.id())).certificateDescription()
                        .caCertificateId()).isEqualTo(caId);

                // the guide: a PENDING_ACTIVATION certificate that connects is announced again, and registered once
                assertThatThrownBy(() -> device.client(server, "jitr-device").connect());
                JsonNode again = JSON.readTree(events.receive(20, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes());
                assertThat(again.path("certificateId").asText()).isEqualTo(device.id());
                assertThat(iot.listCertificatesByCA(r -> r.caCertificateId(caId)).certificates()).hasSize(1);
            } finally {
                operator.disconnect();
            }

            String arn = iot.describeCertificate(r -> r.certificateId(device.id())).certificateDescription()
                    .certificateArn();
            iot.updateCertificate(r -> r.certificateId(device.id()).newStatus(CertificateStatus.ACTIVE));
            iot.createPolicy(r -> r.policyName("fleet").policyDocument(RetainedMessagesIT.POLICY));
            iot.attachPolicy(r -> r.policyName("fleet").target(arn));
            Mqtt5BlockingClient client = device.client(server, "jitr-device");
            client.connect();
            client.publishWith().topic("fleet/hello").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("registered just in time".getBytes(StandardCharsets.UTF_8)).send();
            client.disconnect();
        }
    }

    @Test
    void without_an_active_auto_registering_ca_nothing_is_registered() throws Exception {
        try (TestServer server = start(dir); IotClient iot = Sdk.iot(server)) {
            CertificateAuthority maker = CertificateAuthority.generate("Device maker CA", Instant.now());
            String caId = registerCa(iot, maker, false);
            Device disabled = new Device(maker);
            assertThatThrownBy(() -> disabled.client(server, "disabled").connect()).as("auto-registration DISABLE");

            iot.updateCACertificate(r -> r.certificateId(caId).newStatus(CACertificateStatus.INACTIVE)
                    .newAutoRegistrationStatus(AutoRegistrationStatus.ENABLE));
            Device inactive = new Device(maker);
            assertThatThrownBy(() -> inactive.client(server, "inactive").connect()).as("CA INACTIVE");

            CertificateAuthority stranger = CertificateAuthority.generate("Unregistered CA", Instant.now());
            Device unknown = new Device(stranger);
            assertThatThrownBy(() -> unknown.client(server, "stranger").connect()).as("CA not registered");

            // a device that does register afterwards marks that the refusals above had their chance to register
            iot.updateCACertificate(r -> r.certificateId(caId).newStatus(CACertificateStatus.ACTIVE));
            Mqtt5BlockingClient operator = operator(server);
            try (Mqtt5BlockingClient.Mqtt5Publishes events = operator.publishes(MqttGlobalPublishFilter.ALL)) {
                operator.subscribeWith().topicFilter("$aws/events/certificates/registered/#")
                        .qos(MqttQos.AT_LEAST_ONCE).send();
                Device later = new Device(maker);
                assertThatThrownBy(() -> later.client(server, "later").connect());
                JsonNode event = JSON.readTree(events.receive(20, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes());
                assertThat(event.path("certificateId").asText()).isEqualTo(later.id());
                assertThat(iot.listCertificates().certificates()).extracting(c -> c.certificateId())
                        .containsExactly(later.id());
            } finally {
                operator.disconnect();
            }
        }
    }

    /** Registers the CA in DEFAULT mode, proving its key with a verification certificate named by the registration code. */
    private static String registerCa(IotClient iot, CertificateAuthority ca, boolean autoRegistration) throws Exception {
        String code = iot.getRegistrationCode(r -> { }).registrationCode();
        KeyPair keys = CertificateAuthority.newKeyPair();
        Instant now = Instant.now();
        X509Certificate verification = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                ca.certificate(), BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name("CN=" + code), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.privateKey())));
        return iot.registerCACertificate(r -> r.caCertificate(Pem.write(ca.certificate()))
                .verificationCertificate(Pem.write(verification)).setAsActive(true)
                .allowAutoRegistration(autoRegistration)).certificateId();
    }

    /** An operator's MQTT session over the SigV4-signed WebSocket: it may subscribe to anything. */
    private static Mqtt5BlockingClient operator(TestServer server) {
        Mqtt5BlockingClient operator = SignedWebSocketIT.webSocketClient(URI.create(server.endpoint()).getPort(),
                SignedWebSocketIT.presignedQuery(server, server.accessKeyId(), server.secretKey()), "operator");
        operator.connect();
        return operator;
    }

    /** A device whose maker's CA signed its certificate; it presents that CA after its own certificate. */
    private static final class Device {
        final KeyPair keys = CertificateAuthority.newKeyPair();
        final X509Certificate certificate;
        final X509Certificate ca;

        Device(CertificateAuthority maker) {
            this.certificate = maker.issueDevice(keys.getPublic(), Instant.now());
            this.ca = maker.certificate();
        }

        String id() {
            return Pem.certificateId(certificate);
        }

        Mqtt5BlockingClient client(TestServer server, String clientId) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("device", keys.getPrivate(), new char[0], new X509Certificate[] {certificate, ca});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, new char[0]);
            return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1")
                    .serverPort(server.mqttsPort()).sslConfig().keyManagerFactory(keyManagers)
                    .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig().buildBlocking();
        }
    }
}
