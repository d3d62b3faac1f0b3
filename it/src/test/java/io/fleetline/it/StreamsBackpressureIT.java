package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.DeviceIdentity;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device that asks for more than it reads cannot make the server hold the answers. A request of 40 bytes is answered
 * with up to 128 KB of blocks (175 KB in JSON): had they gone at least once, the broker would have kept every one the
 * device did not acknowledge, up to its queue's length of 100,000 messages, so one device that stops reading held the
 * server's heap without bound (about 155 KB a request, measured). Streams answers go at most once, as AWS's OTA agent
 * takes them; what a client cannot take now the broker drops within its bounded memory, and the device asks again.
 *
 * <p>The server runs in this JVM, so its heap is measured here, after a full collection, before and after the flood.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsBackpressureIT {
    private static final int REQUESTS = 2_000;
    /** Far less than the 300 MB that 2,000 answers of 128 KB blocks would hold if they were kept. */
    private static final long ALLOWED_GROWTH = 100L * 1024 * 1024;
    private StreamsFixture fixture;

    @BeforeAll
    void start(@TempDir Path dir) {
        fixture = new StreamsFixture(dir);
        fixture.stream("fw", "app.bin", fixture.put("app.bin", StreamsFixture.image(300_000, 21)));
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @Test
    void a_device_that_floods_requests_and_reads_nothing_does_not_make_the_server_keep_its_answers() throws Exception {
        String anything = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["iot:Connect", "iot:Publish", "iot:Subscribe", "iot:Receive"],
                   "Resource": "*"}]}""";
        DeviceIdentity greedy = fixture.identity("greedy", anything);
        StreamDevice observer = fixture.principal("observer", anything, "flood/done");
        String streams = "$aws/things/sensor-1/streams/fw/";
        long before = heapAfterCollection();

        try (SSLSocket socket = connect(greedy, "greedy")) {
            OutputStream out = socket.getOutputStream();
            byte[] request = publish(streams + "get/json", "{\"f\":0,\"l\":131072,\"o\":0,\"n\":1}");
            for (int i = 0; i < REQUESTS; i++) {
                out.write(request);
            }
            out.write(publish("flood/done", "{}"));
            out.flush();
            // the broker takes a client's publishes in order: when the last reaches the observer, every request of
            // the flood is queued for the thing, and the observer's request on the thing's topic comes after them all
            observer.next("flood/done");
            observer.publish(streams + "describe/json", "{\"c\":\"after the flood\"}");
            assertThat(observer.next(streams + "description/json").tree().path("c").asText())
                    .isEqualTo("after the flood");

            long growth = heapAfterCollection() - before;
            assertThat(growth).as("heap growth after %s requests nobody read, in bytes", REQUESTS)
                    .isLessThan(ALLOWED_GROWTH);
        }
    }

    /** A PUBLISH at QoS 0. */
    private static byte[] publish(String topic, String payload) {
        return packet(0x30, concat(string(topic), payload.getBytes(StandardCharsets.UTF_8)));
    }

    private static long heapAfterCollection() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** An MQTT 3.1.1 connection over mutual TLS, written by hand so that it never reads after the CONNACK. */
    private SSLSocket connect(DeviceIdentity identity, String clientId) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(identity.keyManagers().getKeyManagers(),
                DeviceIdentity.trusting(fixture.server.caFile()).getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", fixture.server.mqttsPort());
        socket.setReceiveBufferSize(4096);
        socket.startHandshake();
        socket.getOutputStream().write(packet(0x10, concat(string("MQTT"),
                new byte[] {4, 0b10, 0, 60},  // level 4, clean session, keep-alive 60 s
                string(clientId))));
        socket.getOutputStream().flush();
        byte[] connack = socket.getInputStream().readNBytes(4);
        assertThat(connack).containsExactly(0x20, 2, 0, 0);
        return socket;
    }

    private static byte[] string(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) (bytes.length >> 8), (byte) bytes.length}, bytes);
    }

    private static byte[] concat(byte[]... parts) {
        return StreamWire.concat(parts);
    }

    /** A packet: its type byte, the remaining length as MQTT's variable-length integer, the rest. */
    private static byte[] packet(int type, byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        int length = rest.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(rest);
        return out.toByteArray();
    }
}
