package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.iotdataplane.model.InvalidRequestException;

/**
 * AWS IoT's message size limit, 128 KB of payload, the same on every way into the broker: MQTT over mutual TLS, over
 * WebSocket with mutual TLS, the development plain listener, the SigV4-signed WebSocket on the API port, and HTTP
 * publish on both HTTP ports. A payload one byte over is refused as AWS IoT refuses it, by disconnecting the
 * publisher (MQTT 5 with reason code 0x97, quota exceeded), and reaches nobody.
 */
class BrokerLimitsIT {
    static final int LIMIT = 128 * 1024;
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:us-east-1:000000000000:client/*"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "arn:aws:iot:us-east-1:000000000000:topic/limits/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/limits/*"}
            ]}""";

    /** The ways an MQTT client reaches the broker. */
    enum Listener { MQTTS, WSS, PLAIN, SIGNED_WEBSOCKET }

    enum Version { MQTT_5, MQTT_3 }

    @TempDir
    static Path dir;
    static TestServer server;
    static DeviceIdentity device;

    @BeforeAll
    static void start() {
        server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withMqtt(m -> m.withPort(0).withPlainPort(0).withWebSocketPort(0))
                        .withHttp(h -> h.withDeviceHttpsPort(0)));
        try (IotClient iot = Sdk.iot(server)) {
            iot.createPolicy(r -> r.policyName("limits").policyDocument(POLICY));
            var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
            iot.attachPolicy(r -> r.policyName("limits").target(keys.certificateArn()));
            device = new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                    keys.keyPair().privateKey());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> everyListenerAndVersion() {
        return Arrays.stream(Listener.values()).flatMap(l -> Arrays.stream(Version.values()).map(v -> Arguments.of(l, v)));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("everyListenerAndVersion")
    void a_payload_of_exactly_128_kb_is_delivered(Listener listener, Version version) throws Exception {
        String topic = "limits/" + listener + "/" + version + "/fits";
        byte[] payload = payload(LIMIT, 'f');
        try (Watcher watcher = new Watcher(topic); Publisher publisher = new Publisher(listener, version)) {
            publisher.publish(topic, payload);

            Mqtt5Publish received = watcher.next();
            assertThat(received.getPayloadAsBytes()).hasSize(LIMIT).isEqualTo(payload);
            assertThat(publisher.connected()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("everyListenerAndVersion")
    void a_payload_one_byte_over_128_kb_disconnects_the_publisher_and_reaches_nobody(Listener listener, Version version)
            throws Exception {
        String topic = "limits/" + listener + "/" + version + "/over";
        try (Watcher watcher = new Watcher(topic); Publisher publisher = new Publisher(listener, version)) {
            assertThatThrownBy(() -> publisher.publish(topic, payload(LIMIT + 1, 'o'))).isInstanceOf(RuntimeException.class);

            Throwable ended = publisher.ended.get(10, TimeUnit.SECONDS);
            if (version == Version.MQTT_5) {
                assertThat(ended).isInstanceOfSatisfying(Mqtt5DisconnectException.class, e ->
                        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.QUOTA_EXCEEDED));
            }
            assertThat(publisher.connected()).isFalse();

            watcher.client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("after".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(new String(watcher.next().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .as("the oversize message was delivered to nobody").isEqualTo("after");
        }
    }

    @Test
    void http_publish_takes_128_kb_and_refuses_one_byte_more_on_both_ports() throws Exception {
        String topic = "limits/http";
        try (Watcher watcher = new Watcher(topic); IotDataPlaneClient data = Sdk.data(server);
             HttpClient https = HttpClient.newBuilder().sslContext(tlsContext()).build()) {
            data.publish(r -> r.topic(topic).qos(1).payload(SdkBytes.fromByteArray(payload(LIMIT, 'a'))));
            assertThat(watcher.next().getPayloadAsBytes()).hasSize(LIMIT);
            assertThatThrownBy(() -> data.publish(r -> r.topic(topic).qos(1)
                    .payload(SdkBytes.fromByteArray(payload(LIMIT + 1, 'b'))))).isInstanceOf(InvalidRequestException.class);

            URI devicePort = URI.create("https://127.0.0.1:" + server.deviceHttpsPort() + "/topics/limits%2Fhttp?qos=1");
            HttpResponse<String> fits = https.send(HttpRequest.newBuilder(devicePort)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload(LIMIT, 'c'))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(fits.statusCode()).as(fits.body()).isEqualTo(200);
            assertThat(watcher.next().getPayloadAsBytes()).hasSize(LIMIT);
            HttpResponse<String> over = https.send(HttpRequest.newBuilder(devicePort)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload(LIMIT + 1, 'd'))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(over.statusCode()).as(over.body()).isEqualTo(400);
            assertThat(over.headers().firstValue("x-amzn-ErrorType")).contains("InvalidRequestException");

            watcher.client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("after".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(new String(watcher.next().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("after");
        }
    }

    /** MQTT 5 §6.0: MQTT control packets travel in binary frames; a text frame ends the connection. */
    @ParameterizedTest
    @EnumSource(names = {"WSS", "SIGNED_WEBSOCKET"})
    void a_text_frame_closes_an_mqtt_websocket(Listener listener) throws Exception {
        CompletableFuture<String> ended = new CompletableFuture<>();
        WebSocket.Listener recorder = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                ended.complete("closed " + statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                ended.complete("failed " + error);
            }
        };
        HttpClient http = listener == Listener.WSS ? HttpClient.newBuilder().sslContext(tlsContext()).build()
                : HttpClient.newHttpClient();
        URI uri = listener == Listener.WSS
                ? URI.create("wss://127.0.0.1:" + server.mqttWebSocketPort().orElseThrow() + "/mqtt")
                : URI.create("ws://127.0.0.1:" + apiPort() + "/mqtt?" + presignedQuery());
        try (http) {
            WebSocket socket = http.newWebSocketBuilder().subprotocols("mqtt").buildAsync(uri, recorder)
                    .get(10, TimeUnit.SECONDS);
            socket.sendText("{\"not\": \"mqtt\"}", true);

            String how = ended.get(10, TimeUnit.SECONDS);
            if (listener == Listener.SIGNED_WEBSOCKET) {
                assertThat(how).as("1003: a kind of data the endpoint does not accept").isEqualTo("closed 1003");
            }
        }
    }

    private static byte[] payload(int size, char fill) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) fill);
        bytes[size - 1] = '!';
        return bytes;
    }

    private static int apiPort() {
        return URI.create(server.endpoint()).getPort();
    }

    private static MqttClientBuilder builder(Listener listener, String clientId) throws Exception {
        MqttClientBuilder builder = MqttClient.builder().identifier(clientId).serverHost("127.0.0.1");
        MqttClientSslConfig tls = MqttClientSslConfig.builder().keyManagerFactory(device.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).build();
        return switch (listener) {
            case MQTTS -> builder.serverPort(server.mqttsPort()).sslConfig(tls);
            case WSS -> builder.serverPort(server.mqttWebSocketPort().orElseThrow()).sslConfig(tls)
                    .webSocketConfig().serverPath("mqtt").applyWebSocketConfig();
            case PLAIN -> builder.serverPort(server.mqttPlainPort().orElseThrow());
            case SIGNED_WEBSOCKET -> builder.serverPort(apiPort()).webSocketConfig().serverPath("mqtt")
                    .queryString(SignedWebSocketIT.presignedQuery(server, server.accessKeyId(), server.secretKey()))
                    .subprotocol("mqtt").applyWebSocketConfig();
        };
    }

    private static String presignedQuery() {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create(server.endpoint() + "/mqtt")).build();
        return AwsV4HttpSigner.create().sign(r -> r
                        .identity(AwsCredentialsIdentity.create(server.accessKeyId(), server.secretKey()))
                        .request(request)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iotdevicegateway")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, server.region())
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5)))
                .request().encodedQueryParameters().orElseThrow();
    }

    private static SSLContext tlsContext() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(device.keyManagers().getKeyManagers(), DeviceIdentity.trusting(server.caFile()).getTrustManagers(),
                null);
        return context;
    }

    /** A device on the mutual-TLS listener subscribed to one topic, taking what arrives in order. */
    private static final class Watcher implements AutoCloseable {
        final Mqtt5BlockingClient client;
        final Mqtt5BlockingClient.Mqtt5Publishes received;

        Watcher(String topic) throws Exception {
            client = builder(Listener.MQTTS, "watcher").useMqttVersion5().buildBlocking();
            client.connect();
            received = client.publishes(MqttGlobalPublishFilter.ALL);
            client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        }

        Mqtt5Publish next() throws InterruptedException {
            return received.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("nothing arrived"));
        }

        @Override
        public void close() {
            received.close();
            client.disconnect();
        }
    }

    /** A client on one listener in one MQTT version, which notes how its connection ended. */
    private static final class Publisher implements AutoCloseable {
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        private final Mqtt5BlockingClient mqtt5;
        private final Mqtt3BlockingClient mqtt3;

        Publisher(Listener listener, Version version) throws Exception {
            MqttClientBuilder builder = builder(listener, "publisher-" + listener + "-" + version)
                    .addDisconnectedListener(context -> ended.complete(context.getCause()));
            if (version == Version.MQTT_5) {
                mqtt5 = builder.useMqttVersion5().buildBlocking();
                mqtt3 = null;
                mqtt5.connect();
            } else {
                mqtt3 = builder.useMqttVersion3().buildBlocking();
                mqtt5 = null;
                mqtt3.connect();
            }
        }

        void publish(String topic, byte[] payload) {
            if (mqtt5 != null) {
                mqtt5.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
            } else {
                mqtt3.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
            }
        }

        boolean connected() {
            return mqtt5 != null ? mqtt5.getState().isConnected() : mqtt3.getState().isConnected();
        }

        @Override
        public void close() {
            if (connected()) {
                if (mqtt5 != null) {
                    mqtt5.disconnect();
                } else {
                    mqtt3.disconnect();
                }
            }
        }
    }
}
