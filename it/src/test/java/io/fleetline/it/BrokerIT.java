package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * The broker with real MQTT clients over real mutual TLS: who may connect, publish, subscribe and receive, as
 * the devices' IoT policies say.
 */
class BrokerIT {
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": ["arn:aws:iot:us-east-1:000000000000:topic/fleet/*",
                            "arn:aws:iot:us-east-1:000000000000:topic/$aws/events/*"]},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": ["arn:aws:iot:us-east-1:000000000000:topicfilter/fleet/*",
                            "arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/events/*"]},
              {"Effect": "Deny", "Action": "iot:Publish",
               "Resource": "arn:aws:iot:us-east-1:000000000000:topic/fleet/forbidden"}
            ]}""";

    @TempDir
    static Path dir;
    static TestServer server;
    static IotClient iot;

    @BeforeAll
    static void start() {
        server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withMqtt(m -> m.withPort(0).withWebSocketPort(0)).withHttp(h -> h.withDeviceHttpsPort(0)));
        iot = Sdk.iot(server);
        iot.createPolicy(r -> r.policyName("fleet").policyDocument(POLICY));
    }

    @AfterAll
    static void stop() {
        iot.close();
        server.close();
    }

    /** A thing with its own ACTIVE certificate, the fleet policy attached. */
    static DeviceIdentity device(String thingName) {
        return Sdk.thingDevice(iot, thingName, "fleet");
    }

    static Mqtt5BlockingClient mqtt5(String clientId, DeviceIdentity identity) throws Exception {
        return MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig()
                .buildBlocking();
    }

    @Test
    void a_device_connects_only_as_its_own_thing() throws Exception {
        DeviceIdentity sensor = device("sensor-1");

        Mqtt5BlockingClient asItself = mqtt5("sensor-1", sensor);
        asItself.connect();
        assertThat(asItself.getState().isConnected()).isTrue();
        asItself.disconnect();

        assertThatThrownBy(() -> mqtt5("someone-else", sensor).connect())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void an_unregistered_or_inactive_certificate_cannot_connect() throws Exception {
        DeviceIdentity idle = device("idle-1");
        iot.updateCertificate(r -> r.certificateId(idle.certificateId()).newStatus(CertificateStatus.INACTIVE));

        assertThatThrownBy(() -> mqtt5("idle-1", idle).connect()).isInstanceOf(RuntimeException.class);
    }

    @Test
    void publishes_reach_subscribers_and_policies_decide_what_is_allowed() throws Exception {
        Mqtt5BlockingClient subscriber = mqtt5("sub-1", device("sub-1"));
        Mqtt5BlockingClient publisher = mqtt5("pub-1", device("pub-1"));
        subscriber.connect();
        publisher.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter("fleet/#").qos(MqttQos.AT_LEAST_ONCE).send();

            publisher.publishWith().topic("fleet/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("21.5".getBytes(StandardCharsets.UTF_8)).send();
            Mqtt5Publish message = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(message.getTopic().toString()).isEqualTo("fleet/telemetry");
            assertThat(new String(message.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("21.5");

            // an explicit deny: MQTT 5 gets PUBACK "not authorized" and stays connected; nothing is delivered
            assertThatThrownBy(() -> publisher.publishWith().topic("fleet/forbidden").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1}).send())
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            assertThat(publisher.getState().isConnected()).isTrue();

            assertThatThrownBy(() -> subscriber.subscribeWith().topicFilter("private/#").send())
                    .isInstanceOf(Mqtt5SubAckException.class);

            // the HTTP data plane publishes to the same subscribers
            Sdk.data(server).publish(r -> r.topic("fleet/from-http").qos(1)
                    .payload(SdkBytes.fromUtf8String("hello")));
            Mqtt5Publish fromHttp = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(fromHttp.getTopic().toString()).isEqualTo("fleet/from-http");
            assertThat(received.receive(1, TimeUnit.SECONDS)).as("the denied publish was not delivered").isEmpty();
        } finally {
            publisher.disconnect();
            subscriber.disconnect();
        }
    }

    @Test
    void an_mqtt_3_client_is_disconnected_when_it_publishes_where_it_may_not() throws Exception {
        DeviceIdentity identity = device("legacy-1");
        CompletableFuture<Throwable> dropped = new CompletableFuture<>();
        Mqtt3BlockingClient legacy = MqttClient.builder().useMqttVersion3().identifier("legacy-1")
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig()
                .addDisconnectedListener(ctx -> dropped.complete(ctx.getCause()))
                .buildBlocking();
        legacy.connect();
        legacy.publishWith().topic("fleet/forbidden").qos(MqttQos.AT_MOST_ONCE).payload(new byte[] {1}).send();

        assertThat(dropped.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void revoking_a_certificate_cuts_off_its_live_connection_and_its_reconnects() throws Exception {
        DeviceIdentity identity = device("revoked-1");
        CompletableFuture<Throwable> dropped = new CompletableFuture<>();
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("revoked-1")
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig()
                .addDisconnectedListener(ctx -> dropped.complete(ctx.getCause()))
                .buildBlocking();
        client.connect();

        iot.updateCertificate(r -> r.certificateId(identity.certificateId()).newStatus(CertificateStatus.REVOKED));

        assertThat(dropped.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThatThrownBy(() -> mqtt5("revoked-1", identity).connect()).isInstanceOf(RuntimeException.class);
    }

    @Test
    void presence_events_announce_connections() throws Exception {
        Mqtt5BlockingClient watcher = mqtt5("watcher-1", device("watcher-1"));
        watcher.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes events = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.subscribeWith().topicFilter("$aws/events/presence/connected/visitor-1").qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            Mqtt5BlockingClient visitor = mqtt5("visitor-1", device("visitor-1"));
            visitor.connect();

            Mqtt5Publish event = events.receive(10, TimeUnit.SECONDS).orElseThrow();
            String json = new String(event.getPayloadAsBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"clientId\":\"visitor-1\"").contains("\"eventType\":\"connected\"")
                    .contains("\"sessionIdentifier\"").contains("\"principalIdentifier\"");

            watcher.subscribeWith().topicFilter("$aws/events/presence/disconnected/visitor-1").qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            watcher.subscribeWith().topicFilter("$aws/events/subscriptions/subscribed/visitor-1").qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            visitor.subscribeWith().topicFilter("fleet/visitor").qos(MqttQos.AT_LEAST_ONCE).send();
            String subscribed = new String(events.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes(),
                    StandardCharsets.UTF_8);
            assertThat(subscribed).contains("\"eventType\":\"subscribed\"").contains("\"topics\":[\"fleet/visitor\"]");
            visitor.disconnect();
            String gone = new String(events.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes(),
                    StandardCharsets.UTF_8);
            assertThat(gone).contains("\"eventType\":\"disconnected\"").contains("\"clientInitiatedDisconnect\":true");
        } finally {
            watcher.disconnect();
        }
    }

    /**
     * MQTT 3.1.1 and 5 §4.7.2: a filter starting with a wildcard does not match a topic starting with {@code $}, so
     * {@code #} and {@code +/...} subscribers (devices, an operator's console) see none of AWS's events, while one
     * naming {@code $aws/events/...} gets them, even beside {@code #}.
     */
    @Test
    void filters_starting_with_a_wildcard_get_no_aws_events_and_explicit_ones_do() throws Exception {
        DeviceIdentity monitor = monitor();
        Mqtt5BlockingClient hash = mqtt5("hash-1", monitor);
        Mqtt5BlockingClient plus = mqtt5("plus-1", monitor);
        Mqtt5BlockingClient both = mqtt5("both-1", monitor);
        // an operator watching everything, as the AWS console's MQTT test client does
        Mqtt5BlockingClient console = SignedWebSocketIT.webSocketClient(
                java.net.URI.create(server.endpoint()).getPort(),
                SignedWebSocketIT.presignedQuery(server, server.accessKeyId(), server.secretKey()), "console-1");
        java.util.List<Mqtt5BlockingClient> wildcards = java.util.List.of(hash, plus, console);
        java.util.Map<Mqtt5BlockingClient, Mqtt5BlockingClient.Mqtt5Publishes> received = new java.util.HashMap<>();
        try {
            for (Mqtt5BlockingClient client : java.util.List.of(hash, plus, both, console)) {
                client.connect();
                received.put(client, client.publishes(MqttGlobalPublishFilter.ALL));
            }
            hash.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
            plus.subscribeWith().topicFilter("+/events/presence/connected/+").qos(MqttQos.AT_LEAST_ONCE).send();
            console.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
            both.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
            both.subscribeWith().topicFilter("$aws/events/presence/connected/+").qos(MqttQos.AT_LEAST_ONCE).send();

            Mqtt5BlockingClient visitor = mqtt5("visitor-9", device("visitor-9"));
            visitor.connect();
            String event = "$aws/events/presence/connected/visitor-9";
            Mqtt5BlockingClient.Mqtt5Publishes toBoth = received.get(both);
            for (Mqtt5Publish m = next(toBoth); !m.getTopic().toString().equals(event); m = next(toBoth)) {
                assertThat(m.getTopic().toString()).as("under #, only what the explicit filter matches")
                        .doesNotStartWith("$");
            }
            String marker = "fleet/events/presence/connected/visitor-9";
            visitor.publishWith().topic(marker).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
            visitor.disconnect();
            for (Mqtt5BlockingClient client : wildcards) {
                assertThat(next(received.get(client)).getTopic().toString())
                        .as("the first message under a wildcard filter is the ordinary one").isEqualTo(marker);
            }
        } finally {
            received.values().forEach(Mqtt5BlockingClient.Mqtt5Publishes::close);
            for (Mqtt5BlockingClient client : java.util.List.of(hash, plus, both, console)) {
                if (client.getState().isConnected()) {
                    client.disconnect();
                }
            }
        }
    }

    /** The same for a session resumed without subscribing again: its {@code #} is the broker's, from before. */
    @Test
    void a_resumed_session_keeps_its_wildcard_filter_away_from_aws_events() throws Exception {
        DeviceIdentity monitor = monitor();
        Mqtt5BlockingClient resumer = mqtt5("resumer-1", monitor);
        resumer.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        resumer.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
        resumer.disconnect();
        Mqtt5BlockingClient explicit = mqtt5("resumer-explicit", monitor);
        explicit.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes events = explicit.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt5BlockingClient.Mqtt5Publishes received = resumer.publishes(MqttGlobalPublishFilter.ALL)) {
            explicit.subscribeWith().topicFilter("$aws/events/presence/connected/resumer-1").qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            // queued for the session while it was away, and published as it comes back
            assertThat(resumer.connectWith().cleanStart(false).sessionExpiryInterval(300).send().isSessionPresent())
                    .isTrue();
            assertThat(next(events).getTopic().toString()).isEqualTo("$aws/events/presence/connected/resumer-1");
            String marker = "fleet/resumer-1/marker";
            explicit.publishWith().topic(marker).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
            assertThat(next(received).getTopic().toString()).isEqualTo(marker);
        } finally {
            resumer.disconnectWith().sessionExpiryInterval(0).send();
            explicit.disconnect();
        }
    }

    /** A certificate whose policy lets it connect as anyone, subscribe to any filter and receive anything. */
    private static DeviceIdentity monitor() {
        try {
            iot.createPolicy(r -> r.policyName("monitor").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:us-east-1:000000000000:client/*"},
                      {"Effect": "Allow", "Action": "iot:Publish", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/fleet/*"},
                      {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/*"},
                      {"Effect": "Allow", "Action": "iot:Receive", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/*"}
                    ]}"""));
        } catch (software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException exists) {
            // made by an earlier test
        }
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName("monitor").target(keys.certificateArn()));
        return new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
    }

    private static Mqtt5Publish next(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws InterruptedException {
        return publishes.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("nothing arrived"));
    }

    @Test
    void bad_clients_are_refused_without_harming_the_others() throws Exception {
        Mqtt5BlockingClient bystander = mqtt5("bystander-1", device("bystander-1"));
        bystander.connect();
        Mqtt5BlockingClient oversize = mqtt5("big-1", device("big-1"));
        oversize.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = bystander.publishes(MqttGlobalPublishFilter.ALL)) {
            bystander.subscribeWith().topicFilter("fleet/#").qos(MqttQos.AT_LEAST_ONCE).send();

            // over AWS's 128 KB payload limit
            assertThatThrownBy(() -> oversize.publishWith().topic("fleet/big").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[200 * 1024]).send()).isInstanceOf(RuntimeException.class);

            // garbage instead of MQTT after a valid TLS handshake, and a TLS client with no certificate at all
            try (javax.net.ssl.SSLSocket raw = (javax.net.ssl.SSLSocket) tlsContext(device("garbage-1"))
                    .getSocketFactory().createSocket("127.0.0.1", server.mqttsPort())) {
                raw.getOutputStream().write(new byte[] {(byte) 0xF0, 0x7F, 0x01, 0x02, 0x03});
                raw.getOutputStream().flush();
                assertThat(raw.getInputStream().read()).as("the broker closes the connection").isEqualTo(-1);
            }
            javax.net.ssl.SSLContext noCert = javax.net.ssl.SSLContext.getInstance("TLS");
            noCert.init(null, DeviceIdentity.trusting(server.caFile()).getTrustManagers(), null);
            assertThatThrownBy(() -> {
                try (javax.net.ssl.SSLSocket anonymous = (javax.net.ssl.SSLSocket) noCert.getSocketFactory()
                        .createSocket("127.0.0.1", server.mqttsPort())) {
                    anonymous.startHandshake();
                    anonymous.getOutputStream().write(new byte[] {0x10, 0x00});
                    anonymous.getOutputStream().flush();
                    if (anonymous.getInputStream().read() == -1) {
                        throw new java.io.IOException("closed");
                    }
                }
            }).isInstanceOf(java.io.IOException.class);

            Mqtt5BlockingClient publisher = mqtt5("after-1", device("after-1"));
            publisher.connect();
            publisher.publishWith().topic("fleet/still-fine").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
            assertThat(received.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString())
                    .isEqualTo("fleet/still-fine");
            assertThat(bystander.getState().isConnected()).isTrue();
            publisher.disconnect();
        } finally {
            bystander.disconnect();
        }
    }

    @Test
    void devices_publish_over_https_with_their_certificates_where_their_policy_allows() throws Exception {
        DeviceIdentity identity = device("https-1");
        Mqtt5BlockingClient subscriber = mqtt5("https-watch", device("https-watch"));
        subscriber.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL);
             java.net.http.HttpClient https = java.net.http.HttpClient.newBuilder().sslContext(tlsContext(identity)).build()) {
            subscriber.subscribeWith().topicFilter("fleet/#").qos(MqttQos.AT_LEAST_ONCE).send();
            String base = "https://127.0.0.1:" + server.deviceHttpsPort() + "/topics/";

            var ok = https.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "fleet%2Fvia-https?qos=1"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("from curl")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            Mqtt5Publish message = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(message.getTopic().toString()).isEqualTo("fleet/via-https");

            var denied = https.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "fleet%2Fforbidden"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).isEqualTo(401);
            assertThat(denied.headers().firstValue("x-amzn-ErrorType")).contains("UnauthorizedException");

            var controlPlane = https.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "https://127.0.0.1:" + server.deviceHttpsPort() + "/things")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(controlPlane.statusCode()).as("the device port serves no control plane").isEqualTo(404);
        } finally {
            subscriber.disconnect();
        }
    }

    @Test
    void a_will_outside_the_policy_and_topics_deeper_than_aws_allows_are_refused() throws Exception {
        DeviceIdentity identity = device("willful-1");
        assertThatThrownBy(() -> mqtt5("willful-1", identity).connectWith()
                .willPublish().topic("private/last-words").payload(new byte[] {1}).applyWillPublish().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));

        Mqtt5BlockingClient client = mqtt5("willful-1", identity);
        client.connectWith().willPublish().topic("fleet/willful-1/gone").payload(new byte[] {1}).applyWillPublish().send();
        assertThatThrownBy(() -> client.publishWith().topic("fleet/1/2/3/4/5/6/7/8").qos(MqttQos.AT_LEAST_ONCE)
                .payload(new byte[] {1}).send())
                .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        client.publishWith().topic("fleet/1/2/3/4/5/6/7").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
        client.disconnect();
    }

    @Test
    void devices_connect_over_websocket_with_their_certificates() throws Exception {
        DeviceIdentity identity = device("web-1");
        Mqtt5BlockingClient web = MqttClient.builder().useMqttVersion5().identifier("web-1")
                .serverHost("127.0.0.1").serverPort(server.mqttWebSocketPort().orElseThrow())
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig()
                .buildBlocking();
        web.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = web.publishes(MqttGlobalPublishFilter.ALL)) {
            web.subscribeWith().topicFilter("fleet/web").qos(MqttQos.AT_LEAST_ONCE).send();
            web.publishWith().topic("fleet/web").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {7}).send();
            assertThat(received.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()).containsExactly(7);
        } finally {
            web.disconnect();
        }
        assertThatThrownBy(() -> MqttClient.builder().useMqttVersion5().identifier("someone-else")
                .serverHost("127.0.0.1").serverPort(server.mqttWebSocketPort().orElseThrow())
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig()
                .buildBlocking().connect()).isInstanceOf(Mqtt5ConnAckException.class);
    }

    @Test
    void a_changed_thing_attribute_changes_what_a_connected_device_may_do() throws Exception {
        DeviceIdentity identity = device("zoned-1");
        iot.updateThing(r -> r.thingName("zoned-1").attributePayload(a -> a.attributes(java.util.Map.of("zone", "a"))));
        iot.createPolicy(r -> r.policyName("zones").policyDocument("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish",
                 "Resource": "arn:aws:iot:us-east-1:000000000000:topic/zone/${iot:Connection.Thing.Attributes[zone]}/*"}]}"""));
        iot.attachPolicy(r -> r.policyName("zones").target(identity.certificateArn()));
        Mqtt5BlockingClient client = mqtt5("zoned-1", identity);
        client.connect();
        try {
            client.publishWith().topic("zone/a/temp").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();

            iot.updateThing(r -> r.thingName("zoned-1").attributePayload(a -> a.attributes(java.util.Map.of("zone", "b"))
                    .merge(true)));

            assertThatThrownBy(() -> client.publishWith().topic("zone/a/temp").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1}).send()).isInstanceOf(Mqtt5PubAckException.class);
            client.publishWith().topic("zone/b/temp").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void receive_is_decided_per_message_where_the_policy_does_not_allow_every_topic() throws Exception {
        DeviceIdentity identity = device("discreet-1");
        iot.createPolicy(r -> r.policyName("no-secrets").policyDocument("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iot:Receive",
                 "Resource": "arn:aws:iot:us-east-1:000000000000:topic/fleet/secret"}]}"""));
        iot.attachPolicy(r -> r.policyName("no-secrets").target(identity.certificateArn()));
        Mqtt5BlockingClient subscriber = mqtt5("discreet-1", identity);
        Mqtt5BlockingClient publisher = mqtt5("teller-1", device("teller-1"));
        subscriber.connect();
        publisher.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter("fleet/#").qos(MqttQos.AT_LEAST_ONCE).send();

            publisher.publishWith().topic("fleet/secret").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
            publisher.publishWith().topic("fleet/open").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {2}).send();

            assertThat(received.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("fleet/open");
            assertThat(received.receive(1, TimeUnit.SECONDS)).as("fleet/secret was not delivered").isEmpty();
        } finally {
            publisher.disconnect();
            subscriber.disconnect();
        }
    }

    @Test
    void a_policy_change_reaches_subscriptions_whose_every_topic_was_allowed() throws Exception {
        DeviceIdentity identity = device("reader-1");
        Mqtt5BlockingClient subscriber = mqtt5("reader-1", identity);
        Mqtt5BlockingClient publisher = mqtt5("newsdesk-1", device("newsdesk-1"));
        subscriber.connect();
        publisher.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            // fleet/* allows every topic under both filters: no per-message decision until a policy changes
            subscriber.subscribeWith().topicFilter("fleet/news/+").qos(MqttQos.AT_LEAST_ONCE).send();
            subscriber.subscribeWith().topicFilter("fleet/control").qos(MqttQos.AT_LEAST_ONCE).send();
            publisher.publishWith().topic("fleet/news/a").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
            assertThat(received.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("fleet/news/a");

            iot.createPolicy(r -> r.policyName("no-news").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iot:Receive",
                     "Resource": "arn:aws:iot:us-east-1:000000000000:topic/fleet/news/*"}]}"""));
            iot.attachPolicy(r -> r.policyName("no-news").target(identity.certificateArn()));
            publisher.publishWith().topic("fleet/news/b").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {2}).send();
            publisher.publishWith().topic("fleet/control").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {3}).send();
            assertThat(received.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("fleet/control");
            assertThat(received.receive(1, TimeUnit.SECONDS)).as("fleet/news/b was not delivered").isEmpty();

            iot.detachPolicy(r -> r.policyName("no-news").target(identity.certificateArn()));
            publisher.publishWith().topic("fleet/control").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {4}).send();
            publisher.publishWith().topic("fleet/news/c").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {5}).send();
            assertThat(received.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("fleet/control");
            assertThat(received.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("fleet/news/c");
        } finally {
            publisher.disconnect();
            subscriber.disconnect();
        }
    }

    private static javax.net.ssl.SSLContext tlsContext(DeviceIdentity identity) throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(identity.keyManagers().getKeyManagers(),
                DeviceIdentity.trusting(server.caFile()).getTrustManagers(), null);
        return context;
    }
}
