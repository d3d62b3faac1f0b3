package io.fleetline.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.agent.AgentListener;
import io.fleetline.agent.DownloadTap;
import io.fleetline.agent.Durability;
import io.fleetline.agent.HealthCheck;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent's MQTT connection asks of a server, read off the wire by a TLS listener on loopback. */
class MqttSessionTest {
    /** MQTT 5 CONNECT property: Maximum Packet Size (four bytes). */
    private static final int MAXIMUM_PACKET_SIZE = 0x27;

    @TempDir
    Path dir;

    @Test
    void the_agent_announces_the_largest_packet_it_takes_so_a_server_cannot_make_it_buffer_more() throws Exception {
        KeyStore store = serverKeys();
        KeyManagerFactory serverKeys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        serverKeys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(serverKeys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", store.getCertificate("server"));
        trust.init(trusted);
        KeyManagerFactory deviceKeys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        deviceKeys.init(null, null);

        try (SSLServerSocket listener = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            CompletableFuture<Map<Integer, byte[]>> properties = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    return connectProperties(socket.getInputStream());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            AgentSettings settings = new AgentSettings("dev-1", "127.0.0.1", listener.getLocalPort(), deviceKeys,
                    trust, AgentSettings.https(trust), dir.resolve("state"), () -> null, HealthCheck.booted(),
                    Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty(), new AgentListener() {
                    }, DownloadTap.none(), new AgentSettings.Firmware(CodeSigners.NONE,
                    AgentSettings.Firmware.DEFAULT_MAX_BYTES), Durability.FULL, new Jitter(new java.util.Random(1)),
                    AgentSettings.Timing.defaults());
            try (MqttSession session = new MqttSession(settings, publish -> { }, () -> { }, connected -> { })) {
                session.connect();

                Map<Integer, byte[]> connect = properties.get(30, TimeUnit.SECONDS);

                assertThat(connect).containsKey(MAXIMUM_PACKET_SIZE);
                assertThat(ByteBuffer.wrap(connect.get(MAXIMUM_PACKET_SIZE)).getInt()).isEqualTo(146 * 1024)
                        .isEqualTo(MqttSession.MAX_PACKET_BYTES);
            }
        }
    }

    /** The properties of the MQTT 5 CONNECT the client sends first, by identifier (user properties left out). */
    private static Map<Integer, byte[]> connectProperties(InputStream socket) throws IOException {
        DataInputStream in = new DataInputStream(socket);
        assertThat(in.readUnsignedByte()).as("a CONNECT").isEqualTo(0x10);
        byte[] packet = new byte[varint(in)];
        in.readFully(packet);
        DataInputStream body = new DataInputStream(new java.io.ByteArrayInputStream(packet));
        byte[] name = new byte[body.readUnsignedShort()];
        body.readFully(name);
        assertThat(new String(name, StandardCharsets.US_ASCII)).isEqualTo("MQTT");
        assertThat(body.readUnsignedByte()).as("MQTT 5").isEqualTo(5);
        body.readUnsignedByte();  // flags
        body.readUnsignedShort();  // keep alive
        byte[] properties = new byte[varint(body)];
        body.readFully(properties);
        DataInputStream props = new DataInputStream(new java.io.ByteArrayInputStream(properties));
        Map<Integer, byte[]> found = new HashMap<>();
        while (props.available() > 0) {
            int id = props.readUnsignedByte();
            int length = switch (id) {
                case 0x11, 0x27 -> 4;
                case 0x21, 0x22 -> 2;
                case 0x17, 0x19 -> 1;
                case 0x15, 0x16 -> props.readUnsignedShort();
                case 0x26 -> {
                    props.readNBytes(props.readUnsignedShort());
                    yield props.readUnsignedShort();
                }
                default -> throw new IOException("an unknown CONNECT property " + id);
            };
            found.put(id, props.readNBytes(length));
        }
        return found;
    }

    private static int varint(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    /** An EC key and self-signed certificate for 127.0.0.1, made by keytool. */
    private KeyStore serverKeys() throws Exception {
        Path file = dir.resolve("server.p12");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", file.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }
}
