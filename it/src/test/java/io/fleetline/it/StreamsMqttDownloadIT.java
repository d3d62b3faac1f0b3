package io.fleetline.it;

import static io.fleetline.it.StreamWire.assertRejected;
import static io.fleetline.it.StreamWire.bytes;
import static io.fleetline.it.StreamWire.concat;
import static io.fleetline.it.StreamWire.hex;
import static io.fleetline.it.StreamWire.integer;
import static io.fleetline.it.StreamWire.map;
import static io.fleetline.it.StreamWire.pair;
import static io.fleetline.it.StreamWire.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads over MQTT file streams by real MQTT 5 clients, under faults and as the real device libraries ask: the
 * stream updated mid-download (a device naming the old version is told {@code VersionMismatch}, one that describes the
 * stream again finishes with the new file), requests for more than one answer holds (at most 128 KB of blocks each,
 * the device asks again), blocks of 128 KB whose messages are larger than an MQTT payload a device may send, and the
 * exact requests of AWS's OTA agent and of AWS's MQTT file-streams library, byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsMqttDownloadIT {
    private static final int BLOCK = StreamsFixture.BLOCK;
    /** 74 blocks of 4 KB, the last one 992 bytes. */
    private final byte[] first = StreamsFixture.image(300_000, 11);
    /** The same key's next version: 49 blocks, the last one 3,515 bytes. */
    private final byte[] second = StreamsFixture.image(200_123, 12);
    /** 1,024 blocks of 4 KB (the last one 3,096 bytes): the OTA agent's bitmap of it is 128 bytes. */
    private final byte[] large = StreamsFixture.image(4 * 1024 * 1024 - 1000, 13);
    private StreamsFixture fixture;
    private String firstVersion;
    private String secondVersion;
    private String largeVersion;

    @BeforeAll
    void start(@TempDir Path dir) {
        fixture = new StreamsFixture(dir);
        firstVersion = fixture.put("app.bin", first);
        secondVersion = fixture.put("app.bin", second);
        largeVersion = fixture.put("large.bin", large);
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    /** {@code {"c", "s", "f": 0, "l": 4096, "o", "b"}} in CBOR: the blocks the bitmap marks from {@code offset}. */
    private static byte[] bitmapRequest(String token, int version, int offset, BitSet wanted, int bits) {
        byte[] bitmap = Arrays.copyOf(wanted.get(offset, offset + bits).toByteArray(), (bits + 7) / 8);
        return concat(map(6), pair("c", text(token)), pair("s", integer(version)), pair("f", integer(0)),
                pair("l", integer(BLOCK)), pair("o", integer(offset)), pair("b", bytes(bitmap)));
    }

    /** Copies the blocks of {@code answers} into {@code image} and clears them from {@code missing}. */
    private static void keep(List<StreamDevice.Received> answers, byte[] image, BitSet missing) throws Exception {
        for (StreamDevice.Received answer : answers) {
            JsonNode data = answer.tree();
            int block = data.path("i").asInt();
            byte[] payload = answer.topic().endsWith("/json") ? Base64.getDecoder().decode(data.path("p").asText())
                    : data.path("p").binaryValue();
            assertThat(payload).hasSize(data.path("l").asInt());
            System.arraycopy(payload, 0, image, block * BLOCK, payload.length);
            missing.clear(block);
        }
    }

    @Test
    void update_stream_mid_download_tells_the_old_version_version_mismatch_and_the_new_version_completes()
            throws Exception {
        fixture.stream("moving", "app.bin", firstVersion);
        StreamDevice device = fixture.device("mover-1");
        String data = device.streamTopic("moving", "data/cbor");
        device.publish(device.streamTopic("moving", "describe/cbor"), concat(map(1), pair("c", text("d-1"))));
        JsonNode described = device.next(device.streamTopic("moving", "description/cbor")).tree();
        assertThat(described.path("s").asInt()).isEqualTo(1);
        assertThat(described.path("r").path(0).path("z").asInt()).isEqualTo(first.length);

        byte[] image = new byte[first.length];
        BitSet missing = new BitSet();
        missing.set(0, 74);
        device.publish(device.streamTopic("moving", "get/cbor"), bitmapRequest("g-1", 1, 0, missing, 10 * 8));
        keep(device.next(data, 32), image, missing);
        assertThat(missing.nextSetBit(0)).isEqualTo(32);

        fixture.iot.updateStream(r -> r.streamId("moving").description("version two")
                .files(StreamsFixture.file(0, "app.bin", secondVersion)));
        device.publish(device.streamTopic("moving", "get/cbor"), bitmapRequest("g-2", 1, 32, missing, 42));
        assertRejected(device.next(device.streamTopic("moving", "rejected/cbor")), "VersionMismatch", "g-2");

        // described again: a new version of another size; the device starts over with it and completes
        device.publish(device.streamTopic("moving", "describe/cbor"), new byte[0]);
        described = device.next(device.streamTopic("moving", "description/cbor")).tree();
        assertThat(described.path("s").asInt()).isEqualTo(2);
        assertThat(described.path("d").asText()).isEqualTo("version two");
        assertThat(described.path("r").path(0).path("z").asInt()).isEqualTo(second.length);
        image = new byte[second.length];
        missing.clear();
        missing.set(0, 49);
        while (!missing.isEmpty()) {
            int offset = missing.nextSetBit(0);
            device.publish(device.streamTopic("moving", "get/cbor"), bitmapRequest("g-3", 2, offset, missing, 64));
            device.publish(device.streamTopic("moving", "describe/cbor"), new byte[0]);
            List<StreamDevice.Received> answers = device.until(device.streamTopic("moving", "description/cbor"));
            keep(answers.subList(0, answers.size() - 1), image, missing);
        }
        assertThat(image).isEqualTo(second);
    }

    @Test
    void a_request_for_more_than_128_kb_gets_128_kb_and_the_device_completes_by_asking_again() throws Exception {
        fixture.stream("bulk", "app.bin", firstVersion);
        StreamDevice device = fixture.device("bulk-1");
        String marker = device.streamTopic("bulk", "description/json");
        byte[] image = new byte[first.length];
        BitSet missing = new BitSet();
        missing.set(0, 74);
        int requests = 0;
        while (!missing.isEmpty()) {
            // the whole file asked for at once: 296 KB
            int offset = missing.nextSetBit(0);
            byte[] bitmap = Arrays.copyOf(missing.get(offset, 74).toByteArray(), (74 - offset + 7) / 8);
            device.publish(device.streamTopic("bulk", "get/json"), "{\"c\":\"all\",\"f\":0,\"l\":4096,\"o\":" + offset
                    + ",\"b\":\"" + HexFormat.of().formatHex(bitmap) + "\"}");
            device.publish(device.streamTopic("bulk", "describe/json"), "");
            List<StreamDevice.Received> answers = device.until(marker);
            assertThat(answers).as("32 blocks of 4 KB at most, then the description asked for after").hasSize(
                    Math.min(32, missing.cardinality()) + 1);
            keep(answers.subList(0, answers.size() - 1), image, missing);
            requests++;
        }
        assertThat(requests).isEqualTo(3);
        assertThat(image).isEqualTo(first);

        // without a bitmap: n blocks from the offset, never more than 128 KB of them
        device.publish(device.streamTopic("bulk", "get/json"), "{\"f\":0,\"l\":4096,\"o\":5,\"n\":100}");
        device.publish(device.streamTopic("bulk", "describe/json"), "");
        List<StreamDevice.Received> answers = device.until(marker);
        assertThat(answers.subList(0, answers.size() - 1)).extracting(a -> a.tree().path("i").asInt())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(5, 37).boxed().toList());
    }

    @Test
    void a_block_of_128_kb_reaches_the_device_in_json_and_cbor_though_its_message_is_larger() throws Exception {
        fixture.stream("wide", "app.bin", firstVersion);
        StreamDevice device = fixture.device("wide-1");
        device.publish(device.streamTopic("wide", "get/json"), "{\"c\":\"w\",\"f\":0,\"l\":131072,\"o\":1,\"n\":3}");
        device.publish(device.streamTopic("wide", "get/cbor"), concat(map(4), pair("f", integer(0)),
                pair("l", integer(131_072)), pair("o", integer(0)), pair("n", integer(3))));
        device.publish(device.streamTopic("wide", "describe/cbor"), new byte[0]);

        List<StreamDevice.Received> answers = device.until(device.streamTopic("wide", "description/cbor"));
        assertThat(answers).extracting(StreamDevice.Received::topic).containsExactly(
                device.streamTopic("wide", "data/json"), device.streamTopic("wide", "data/cbor"),
                device.streamTopic("wide", "description/cbor"));
        assertThat(answers.get(0).payload().length).isGreaterThan(131_072);
        assertThat(Base64.getDecoder().decode(answers.get(0).tree().path("p").asText()))
                .isEqualTo(Arrays.copyOfRange(first, 131_072, 262_144));
        assertThat(answers.get(1).payload()).isEqualTo(concat(map(4), pair("f", integer(0)),
                pair("l", integer(131_072)), pair("i", integer(0)), pair("p", bytes(Arrays.copyOf(first, 131_072)))));
    }

    /**
     * MQTT 5 forbids sending a client a packet larger than the maximum it announced: the broker drops such an answer
     * (the device learns nothing and asks for smaller blocks), and the connection and the answers after it go on.
     */
    @Test
    void a_block_whose_message_is_larger_than_the_devices_maximum_packet_is_dropped_and_the_rest_delivered()
            throws Exception {
        fixture.stream("narrow", "app.bin", firstVersion);
        StreamDevice device = fixture.device("narrow-1", 16 * 1024);
        device.publish(device.streamTopic("narrow", "get/json"), "{\"c\":\"fits\",\"f\":0,\"l\":8192,\"n\":1}");
        device.publish(device.streamTopic("narrow", "get/json"), "{\"c\":\"too large\",\"f\":0,\"l\":16384,\"n\":1}");
        device.publish(device.streamTopic("narrow", "get/cbor"), concat(map(4), pair("c", text("fits too")),
                pair("f", integer(0)), pair("l", integer(8192)), pair("n", integer(1))));
        device.publish(device.streamTopic("narrow", "describe/json"), "");

        List<StreamDevice.Received> answers = device.until(device.streamTopic("narrow", "description/json"));
        assertThat(answers).extracting(a -> a.topic().substring(a.topic().lastIndexOf("narrow/") + 7))
                .containsExactly("data/json", "data/cbor", "description/json");
        assertThat(answers.get(0).tree().path("c").asText()).isEqualTo("fits");
        assertThat(answers.get(1).tree().path("c").asText()).isEqualTo("fits too");
        assertThat(device.connected()).isTrue();
    }

    /**
     * As AWS's OTA agent over coreMQTT: MQTT 3.1.1, requests at QoS 0 on {@code get/cbor}, 4 KB blocks, the bitmap of
     * the whole file's missing blocks (128 bytes for 1,024 blocks), one block each; the answers come at most once.
     */
    @Test
    void the_ota_agents_exact_requests_download_the_file_one_block_each() throws Exception {
        fixture.stream("AFR_OTA-agent", "large.bin", largeVersion);
        StreamDevice agent = fixture.device3("agent-1");
        String data = agent.streamTopic("AFR_OTA-agent", "data/cbor");
        byte[] rxBitmap = new byte[128];
        Arrays.fill(rxBitmap, (byte) 0xFF);  // 1,024 blocks, none received: no pad bits to clear
        byte[] image = new byte[large.length];
        for (int received = 0; received < 1024; received++) {
            byte[] request = concat(hex("""
                    A6 6163 63726479        # {"c": "rdy",
                       6166 00              #  "f": 0,
                       616C 191000          #  "l": 4096,
                       616F 00              #  "o": 0,
                       6162 5880            #  "b": 128 bytes, bit k (byte k/8, bit k%8) set while block k is missing
                    """), rxBitmap, hex("""
                       616E 01              #  "n": 1}
                    """));
            agent.publishAtMostOnce(agent.streamTopic("AFR_OTA-agent", "get/cbor"), request);
            StreamDevice.Received answer = agent.next(data);
            assertThat(answer.qos()).isEqualTo(MqttQos.AT_MOST_ONCE);
            JsonNode block = answer.tree();
            int id = block.path("i").asInt();
            assertThat(id).as("the first block the bitmap marks").isEqualTo(received);
            byte[] payload = block.path("p").binaryValue();
            if (received == 0) {
                assertThat(answer.payload()).isEqualTo(concat(hex("""
                        A5 6163 63726479    # {"c": "rdy",
                           6166 00          #  "f": 0,
                           616C 191000      #  "l": 4096,
                           6169 00          #  "i": 0,
                           6170 591000      #  "p": 4096 bytes}
                        """), Arrays.copyOf(large, BLOCK)));
            }
            System.arraycopy(payload, 0, image, id * BLOCK, payload.length);
            rxBitmap[id / 8] &= (byte) ~(1 << (id % 8));
        }
        assertThat(image).isEqualTo(large);
        assertThat(agent.topics()).hasSize(1024);
    }

    @Test
    void the_file_streams_librarys_exact_requests_download_the_file_in_json_and_cbor() throws Exception {
        fixture.stream("library", "app.bin", firstVersion);
        StreamDevice device = fixture.device("library-1");
        byte[] fromJson = new byte[first.length];
        byte[] fromCbor = new byte[first.length];
        for (int offset = 0; offset < 74; offset++) {
            // JSON: always "s": 1, spaces as its snprintf writes them, no client token, no bitmap
            device.publish(device.streamTopic("library", "get/json"), "{\"s\": 1,\"f\": 0,\"l\": 4096,\"o\": "
                    + offset + ",\"n\": 1}");
            // CBOR: the token "rdy" and, whatever the offset, the four bytes of the text "MQ==" as the bitmap
            device.publish(device.streamTopic("library", "get/cbor"), concat(hex("""
                    A6 6163 63726479        # {"c": "rdy",
                       6166 00              #  "f": 0,
                       616C 191000          #  "l": 4096,
                       616F                 #  "o":
                    """), integer(offset), hex("""
                       6162 44 4D513D3D     #  "b": 'M' 'Q' '=' '=' (0b01001101 ...: bit 0, block o, is set)
                       616E 01              #  "n": 1}
                    """)));
            StreamDevice.Received json = device.next(device.streamTopic("library", "data/json"));
            StreamDevice.Received cbor = device.next(device.streamTopic("library", "data/cbor"));
            byte[] block = Arrays.copyOfRange(first, offset * BLOCK, Math.min(first.length, (offset + 1) * BLOCK));
            assertThat(json.text()).isEqualTo("{\"f\":0,\"l\":" + block.length + ",\"i\":" + offset + ",\"p\":\""
                    + Base64.getEncoder().encodeToString(block) + "\"}");
            assertThat(cbor.payload()).isEqualTo(concat(map(5), pair("c", text("rdy")), pair("f", integer(0)),
                    pair("l", integer(block.length)), pair("i", integer(offset)), pair("p", bytes(block))));
            System.arraycopy(block, 0, fromJson, offset * BLOCK, block.length);
            System.arraycopy(cbor.tree().path("p").binaryValue(), 0, fromCbor, offset * BLOCK, block.length);
        }
        assertThat(fromJson).isEqualTo(first);
        assertThat(fromCbor).isEqualTo(first);

        // n caps what the bitmap returns: with more than one, "MQ==" marks blocks o, o+2, o+3, o+6, ...
        device.publish(device.streamTopic("library", "get/cbor"), concat(map(6), pair("c", text("rdy")),
                pair("f", integer(0)), pair("l", integer(BLOCK)), pair("o", integer(0)),
                pair("b", bytes(StreamWire.utf8("MQ=="))), pair("n", integer(4))));
        assertThat(device.next(device.streamTopic("library", "data/cbor"), 4))
                .extracting(a -> a.tree().path("i").asInt()).containsExactly(0, 2, 3, 6);
    }
}
