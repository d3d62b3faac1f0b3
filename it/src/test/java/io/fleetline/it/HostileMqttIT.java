package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.api.http.RawHttp;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile MQTT clients against a real server process on every way into the broker — MQTT over mutual TLS, over
 * WebSocket with mutual TLS, the development plain listener, the SigV4-signed WebSocket on the API port — and on
 * the HTTPS device port: bytes that are not TLS, not MQTT or not WebSocket, packets and frames larger than the broker
 * takes, and a device reaching for another's client id and topics. Each is cut off or refused, the log stays quiet,
 * and the well-behaved operator and device beside them are served and lose nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileMqttIT {
    private static final Random RANDOM = new Random(14);
    /** Past the largest packet the broker takes (AWS IoT's 149,504 bytes), by a long way. */
    private static final int HUGE = 16 * 1024 * 1024;

    HostileServer server;
    private int loggedBefore;

    abstract Store store();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = HostileServer.start(store(), dir, "--mqtt-plain-port", "0");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void markTheLog() {
        loggedBefore = server.output().size();
    }

    /** Whatever a test's hostile clients did, the log gained at most a few lines and no stack trace. */
    @AfterEach
    void theLogStaysQuietAndTheSideIsServed() throws Exception {
        server.assertSideClientsServed();
        List<String> logged = server.output().subList(loggedBefore, server.output().size());
        assertThat(logged).as("what the hostile clients made the server log").hasSizeLessThanOrEqualTo(3)
                .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
    }

    enum TlsPort { MQTTS, WSS, DEVICE_HTTPS }

    private int port(TlsPort port) {
        return switch (port) {
            case MQTTS -> server.port("mqtts");
            case WSS -> server.port("ws");
            case DEVICE_HTTPS -> server.port("deviceHttps");
        };
    }

    private static byte[] garbage(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        bytes[0] = (byte) 0xf7;  // no TLS record type, no MQTT packet type a client may send first
        return bytes;
    }

    /** Reads what comes until the server closes: true when it does within 20 s. */
    private static boolean closedByServer(Socket socket) {
        return RawHttp.over(socket).closedAfterAnyAnswer();
    }

    /** Writes what the server takes; a server that closes midway is what these tests expect. */
    private static void tryWrite(Socket socket, byte[] bytes) {
        RawHttp.over(socket).trySend(bytes);
    }

    private SSLSocket tlsAs(DeviceIdentity identity, int port) throws Exception {
        SSLSocket socket = (SSLSocket) server.tls(identity).getSocketFactory().createSocket("127.0.0.1", port);
        socket.startHandshake();
        return socket;
    }

    /** An MQTT 3.1.1 CONNECT for {@code clientId}, clean session, keep-alive 60 s. */
    private static byte[] connect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        packet.write(10 + 2 + id.length);
        packet.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60, 0, (byte) id.length});
        packet.writeBytes(id);
        return packet.toByteArray();
    }

    /** The fixed header of a QoS 0 PUBLISH announcing {@code length} more bytes, and a few of them. */
    private static byte[] publishHeader(int length) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x30);
        int left = length;
        do {
            int digit = left % 128;
            left /= 128;
            packet.write(left > 0 ? digit | 0x80 : digit);
        } while (left > 0);
        packet.writeBytes(new byte[] {0, 3, 'a', '/', 'b'});
        packet.writeBytes(new byte[1024]);
        return packet.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(TlsPort.class)
    void bytes_that_are_not_tls_are_cut_off(TlsPort port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port(port))) {
            tryWrite(socket, garbage(8192));

            assertThat(closedByServer(socket)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsPort.class)
    void a_revoked_certificate_gets_no_answer_on_any_tls_port(TlsPort port) throws Exception {
        String thing = "revoked-" + port.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        DeviceIdentity revoked = server.boundDevice(thing);
        server.iot().updateCertificate(r -> r.certificateId(revoked.certificateId()).newStatus("REVOKED"));
        byte[] request = port == TlsPort.MQTTS ? connect(thing)
                : "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        int answered;
        try (SSLSocket socket = (SSLSocket) server.tls(revoked).getSocketFactory().createSocket("127.0.0.1",
                port(port))) {
            socket.setSoTimeout(20_000);
            socket.startHandshake();
            tryWrite(socket, request);
            answered = socket.getInputStream().read();
        } catch (IOException refused) {
            answered = -1;
        }
        assertThat(answered).as("the first byte answered to a revoked certificate").isEqualTo(-1);
    }

    @Test
    void bytes_that_are_not_mqtt_end_the_connection_on_the_tls_listener() throws Exception {
        DeviceIdentity device = server.boundDevice("garbled");
        try (SSLSocket socket = tlsAs(device, server.port("mqtts"))) {
            tryWrite(socket, garbage(8192));

            assertThat(closedByServer(socket)).isTrue();
        }
    }

    @Test
    void bytes_that_are_not_mqtt_end_the_connection_on_the_plain_listener() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port("mqtt"))) {
            tryWrite(socket, garbage(8192));

            assertThat(closedByServer(socket)).isTrue();
        }
    }

    @Test
    void a_packet_past_the_largest_the_broker_takes_ends_the_connection_unread() throws Exception {
        DeviceIdentity device = server.boundDevice("announcer");
        try (SSLSocket socket = tlsAs(device, server.port("mqtts"))) {
            tryWrite(socket, connect("announcer"));
            byte[] connack = socket.getInputStream().readNBytes(4);
            assertThat(connack).containsExactly(0x20, 0x02, 0x00, 0x00);

            tryWrite(socket, publishHeader(HUGE));
            assertThat(closedByServer(socket)).isTrue();
        }
        try (Socket plain = new Socket("127.0.0.1", server.port("mqtt"))) {
            tryWrite(plain, connect("plain-announcer"));
            assertThat(plain.getInputStream().readNBytes(4)).containsExactly(0x20, 0x02, 0x00, 0x00);

            tryWrite(plain, publishHeader(HUGE));
            assertThat(closedByServer(plain)).isTrue();
        }
    }

    enum WebSocketListener { WSS, SIGNED_WEBSOCKET }

    /**
     * A WebSocket to the MQTT endpoint of {@code listener}, opened by hand (upgrade request written as bytes), so that
     * frames can be written as a hostile client writes them; answers the socket once the server switched protocols.
     */
    private Socket webSocket(WebSocketListener listener) throws Exception {
        Socket socket;
        String target;
        if (listener == WebSocketListener.WSS) {
            socket = tlsAs(server.boundDevice("ws-" + RANDOM.nextInt(1_000_000)), server.port("ws"));
            target = "/mqtt";
        } else {
            socket = new Socket("127.0.0.1", server.httpPort());
            String url = RawSigned.request("GET", "/mqtt", "").service("iotdevicegateway")
                    .presigned(Duration.ofMinutes(5)).url("ws", server.credentials(), server.httpPort());
            target = url.substring(url.indexOf("/mqtt"));
        }
        assertThat(upgrade(socket, target).status()).isEqualTo(101);
        return socket;
    }

    /** Writes a WebSocket upgrade request for {@code target} and answers the response. */
    private static RawHttp.Reply upgrade(Socket socket, String target) {
        return RawHttp.over(socket).send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + socket.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n").reply();
    }

    /** The head of a masked binary client frame announcing {@code length} bytes of payload (RFC 6455 §5.2). */
    private static byte[] frameHead(long length) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(0x82);
        if (length < 126) {
            head.write(0x80 | (int) length);
        } else if (length < 65_536) {
            head.write(0x80 | 126);
            head.write((int) (length >> 8));
            head.write((int) length & 0xff);
        } else {
            head.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                head.write((int) (length >> shift) & 0xff);
            }
        }
        head.writeBytes(new byte[] {0, 0, 0, 0});  // a zero mask leaves the payload as written
        return head.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(WebSocketListener.class)
    void a_binary_frame_that_is_not_mqtt_ends_the_websocket(WebSocketListener listener) throws Exception {
        try (Socket socket = webSocket(listener)) {
            byte[] payload = garbage(2048);
            tryWrite(socket, frameHead(payload.length));
            tryWrite(socket, payload);

            assertThat(closedByServer(socket)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(WebSocketListener.class)
    void a_frame_announcing_more_than_the_largest_packet_ends_the_websocket_unread(WebSocketListener listener)
            throws Exception {
        try (Socket socket = webSocket(listener)) {
            tryWrite(socket, frameHead(HUGE));
            tryWrite(socket, new byte[4096]);

            assertThat(closedByServer(socket)).isTrue();
        }
    }

    @Test
    void an_unsigned_or_forged_websocket_upgrade_is_refused_in_aws_shape() throws Exception {
        String forged = RawSigned.request("GET", "/mqtt", "").service("iot").presigned(Duration.ofMinutes(5))
                .url("ws", server.credentials(), server.httpPort());
        try (Socket unsigned = new Socket("127.0.0.1", server.httpPort());
             Socket wrongService = new Socket("127.0.0.1", server.httpPort())) {
            RawHttp.Reply unsignedReply = upgrade(unsigned, "/mqtt");
            RawHttp.Reply forgedReply = upgrade(wrongService, forged.substring(forged.indexOf("/mqtt")));

            assertThat(unsignedReply.status()).isEqualTo(403);
            assertThat(unsignedReply.errorType()).isEqualTo("MissingAuthenticationTokenException");
            assertThat(forgedReply.status()).isEqualTo(403);
            assertThat(forgedReply.errorType()).isEqualTo("InvalidSignatureException");
            assertThat(forgedReply.body()).contains("Credential should be scoped to correct service: 'iotdevicegateway'");
        }
    }

    private Mqtt5BlockingClient mqtt5(String clientId, DeviceIdentity identity) throws Exception {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(server.port("mqtts")).sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig().buildBlocking();
    }

    @Test
    void a_device_cannot_take_anothers_client_id_nor_reach_its_topics() throws Exception {
        DeviceIdentity victimIdentity = server.boundDevice("victim");
        DeviceIdentity intruderIdentity = server.boundDevice("intruder");
        Mqtt5BlockingClient victim = mqtt5("victim", victimIdentity);
        victim.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = victim.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            victim.subscribeWith().topicFilter("devices/victim/#").qos(MqttQos.AT_LEAST_ONCE).send();

            assertThatThrownBy(() -> mqtt5("victim", intruderIdentity).connect())
                    .isInstanceOf(Mqtt5ConnAckException.class);
            Mqtt5BlockingClient intruder = mqtt5("intruder", intruderIdentity);
            intruder.connect();
            assertThatThrownBy(() -> intruder.publishWith().topic("devices/victim/cmd").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("open the door".getBytes(StandardCharsets.UTF_8)).send())
                    .isInstanceOf(Mqtt5PubAckException.class);
            assertThatThrownBy(() -> intruder.subscribeWith().topicFilter("devices/victim/#").send())
                    .isInstanceOf(Mqtt5SubAckException.class);
            assertThatThrownBy(() -> intruder.subscribeWith().topicFilter("#").send())
                    .isInstanceOf(Mqtt5SubAckException.class);
            intruder.disconnect();
            try (HttpClient https = HttpClient.newBuilder().sslContext(server.tls(intruderIdentity)).build()) {
                HttpResponse<String> overHttps = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                                + server.port("deviceHttps") + "/topics/devices%2Fvictim%2Fcmd?qos=1"))
                        .POST(HttpRequest.BodyPublishers.ofString("open the door")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(overHttps.statusCode()).isIn(401, 403);
                assertThat(overHttps.headers().firstValue("x-amzn-ErrorType")).isPresent();
            }

            victim.publishWith().topic("devices/victim/state").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("still mine".getBytes(StandardCharsets.UTF_8)).send();
            Mqtt5Publish first = received.receive(20, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(first.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("still mine");
            assertThat(victim.getState().isConnected()).isTrue();
        } finally {
            victim.disconnect();
        }
    }
}
