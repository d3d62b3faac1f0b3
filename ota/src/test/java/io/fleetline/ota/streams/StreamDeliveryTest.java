package io.fleetline.ota.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.time.ManualClock;
import io.fleetline.protocol.streams.StreamReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Devices' requests in, the messages to publish to them out, as the MQTT adapter sees it. */
class StreamDeliveryTest {
    private static final String TOPIC = "$aws/things/dev-1/streams/fw-stream/";
    private static final int SIZE = 3 * 4096 + 1000;
    private final FakeObjects objects = new FakeObjects().put("fw", "app.bin", FakeObjects.bytes(SIZE));
    private final InMemoryStreamStore store = new InMemoryStreamStore();
    private final Streams streams = Streams.create(store, objects, new AccountScope("us-east-1", "123456789012"),
            new ManualClock(Instant.parse("2025-03-01T10:00:00Z")));
    private final StreamDelivery delivery = streams.delivery();

    @BeforeEach
    void a_stream_of_one_file() {
        streams.create(new NewStream(StreamId.of("fw-stream"), Optional.of("firmware 2.1.0"),
                List.of(new FileSpec(0, FileSource.of("fw", "app.bin"))), StreamsTest.ROLE, Map.of()));
    }

    @Test
    void the_ota_agents_cbor_request_gets_one_block_byte_for_byte() {
        byte[] request = hex("""
                A6 6163 63726479        # {"c": "rdy",
                   6166 00              #  "f": 0,
                   616C 191000          #  "l": 4096,
                   616F 00              #  "o": 0,
                   6162 41 F6           #  "b": one byte, 0b1111_0110: blocks 1, 2, 4.. (block 0 received)
                   616E 01              #  "n": 1}
                """);

        List<StreamReply> replies = delivery.handle(TOPIC + "get/cbor", request);

        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).topic()).isEqualTo(TOPIC + "data/cbor");
        assertThat(replies.get(0).payload()).isEqualTo(concat(hex("""
                A5 6163 63726479        # {"c": "rdy",
                   6166 00              #  "f": 0,
                   616C 191000          #  "l": 4096,
                   6169 01              #  "i": 1,
                   6170 591000          #  "p": 4096 bytes}
                """), Arrays.copyOfRange(FakeObjects.bytes(SIZE), 4096, 8192)));
    }

    @Test
    void the_file_streams_librarys_json_request_gets_base64_blocks() throws IOException {
        List<StreamReply> replies = delivery.handle(TOPIC + "get/json",
                utf8("{\"s\": 1,\"f\": 0,\"l\": 4096,\"o\": 3,\"n\": 1}"));

        assertThat(replies).singleElement().satisfies(reply -> assertThat(reply.suffix()).isEqualTo("data/json"));
        JsonNode data = new ObjectMapper().readTree(replies.get(0).payload());
        assertThat(data.has("c")).isFalse();
        assertThat(data.get("i").asInt()).isEqualTo(3);
        assertThat(data.get("l").asInt()).isEqualTo(1000);
        assertThat(Base64.getDecoder().decode(data.get("p").asText()))
                .isEqualTo(Arrays.copyOfRange(FakeObjects.bytes(SIZE), 3 * 4096, SIZE));
    }

    @Test
    void describe_answers_version_description_and_file_sizes() {
        List<StreamReply> replies = delivery.handle(TOPIC + "describe/json", utf8("{\"c\":\"d-1\"}"));

        assertThat(replies).singleElement().satisfies(reply -> {
            assertThat(reply.topic()).isEqualTo(TOPIC + "description/json");
            assertThat(utf8(reply.payload())).isEqualTo(
                    "{\"c\":\"d-1\",\"s\":1,\"d\":\"firmware 2.1.0\",\"r\":[{\"f\":0,\"z\":13288}]}");
        });
        assertThat(delivery.handle(TOPIC + "describe/cbor", new byte[0]).get(0).topic())
                .isEqualTo(TOPIC + "description/cbor");
    }

    @Test
    void a_request_for_a_stream_that_does_not_exist_is_rejected_with_the_client_token() {
        List<StreamReply> replies = delivery.handle("$aws/things/dev-1/streams/nope/get/json",
                utf8("{\"c\":\"t-9\",\"f\":0,\"l\":4096}"));

        assertThat(replies).singleElement().satisfies(reply -> {
            assertThat(reply.topic()).isEqualTo("$aws/things/dev-1/streams/nope/rejected/json");
            assertThat(utf8(reply.payload())).isEqualTo(
                    "{\"o\":\"ResourceNotFound\",\"m\":\"Stream nope does not exist\",\"c\":\"t-9\"}");
        });
    }

    @Test
    void rejections_are_in_the_requests_format() throws IOException {
        List<StreamReply> replies = delivery.handle(TOPIC + "get/cbor", hex("A2 6166 00 616C 1900FF"));

        assertThat(replies).singleElement().satisfies(reply -> assertThat(reply.suffix()).isEqualTo("rejected/cbor"));
        JsonNode rejection = new CBORMapper().readTree(replies.get(0).payload());
        assertThat(rejection.get("o").asText()).isEqualTo("BlockSizeOutOfBounds");
        assertThat(code(TOPIC + "get/cbor", utf8("{\"f\":0}"))).isEqualTo("InvalidCbor");
        assertThat(code(TOPIC + "get/json", hex("A1 6166 00"))).isEqualTo("InvalidJson");
    }

    @Test
    void topics_the_protocol_does_not_have_are_invalid_topics() {
        assertThat(code(TOPIC + "data/json", utf8("{}"))).isEqualTo("InvalidTopic");
        assertThat(delivery.handle(TOPIC + "get/xml", utf8("{}")).get(0).topic()).isEqualTo(TOPIC + "rejected/json");
        assertThat(code(TOPIC + "get/xml", utf8("{}"))).isEqualTo("InvalidTopic");
        assertThat(code("$aws/things/dev-1/streams/a.b/get/json", utf8("{}"))).isEqualTo("InvalidTopic");
        assertThat(code(TOPIC + "get", utf8("{}"))).isEqualTo("InvalidTopic");
        assertThat(delivery.handle("$aws/things/dev-1/streams", utf8("{}"))).isEmpty();
        assertThat(delivery.handle("$aws/things/dev-1/jobs/get", utf8("{}"))).isEmpty();
    }

    @Test
    void an_invalid_topic_of_a_known_format_echoes_the_requests_client_token() {
        assertThat(delivery.handle(TOPIC + "frobnicate/json", utf8("{\"c\":\"t-1\"}"))).singleElement()
                .satisfies(reply -> assertThat(utf8(reply.payload())).isEqualTo("{\"o\":\"InvalidTopic\",\"m\":"
                        + "\"Not a streams request topic: " + TOPIC + "frobnicate/json\",\"c\":\"t-1\"}"));
        assertThat(delivery.handle(TOPIC + "data/cbor", hex("A1 6163 6174"))).singleElement()
                .satisfies(reply -> assertThat(reply.payload()).endsWith(hex("6163 6174")));
        // the format unknown, the payload is not read
        assertThat(utf8(delivery.handle(TOPIC + "get/xml", utf8("{\"c\":\"t-2\"}")).get(0).payload()))
                .doesNotContain("t-2");
    }

    @Test
    void a_device_holding_the_old_version_is_told_the_stream_changed_mid_download() {
        assertThat(code(TOPIC + "get/json", utf8("{\"s\":1,\"f\":0,\"l\":4096}"))).isNull();

        streams.update(StreamId.of("fw-stream"), new StreamChanges(Optional.of("2.1.1"), Optional.empty(),
                Optional.empty()));

        assertThat(code(TOPIC + "get/json", utf8("{\"s\":1,\"f\":0,\"l\":4096}"))).isEqualTo("VersionMismatch");
        assertThat(code(TOPIC + "get/json", utf8("{\"s\":2,\"f\":0,\"l\":4096}"))).isNull();
    }

    @Test
    void a_request_for_more_than_128_kb_gets_128_kb_and_the_device_asks_again() {
        objects.put("fw", "big.bin", FakeObjects.bytes(1024 * 1024));
        streams.create(new NewStream(StreamId.of("big"), Optional.empty(),
                List.of(new FileSpec(0, FileSource.of("fw", "big.bin"))), StreamsTest.ROLE, Map.of()));

        List<StreamReply> replies = delivery.handle("$aws/things/dev-1/streams/big/get/cbor",
                hex("A3 6166 00 616C 191000 616E 1864"));

        assertThat(replies).hasSize(32).allSatisfy(reply -> assertThat(reply.suffix()).isEqualTo("data/cbor"));
    }

    @Test
    void a_failing_store_is_an_internal_error_not_an_exception() {
        store.failing = true;

        assertThat(code(TOPIC + "get/json", utf8("{\"c\":\"x\",\"f\":0,\"l\":4096}"))).isEqualTo("InternalError");
    }

    /** The OTA agent's loop: a bitmap of the blocks still missing, n = 1, blocks lost on the way; the image whole. */
    @Test
    void a_device_reassembles_the_file_from_bitmap_requests_with_blocks_lost_on_the_way() throws IOException {
        byte[] image = new byte[200_000];
        new Random(7).nextBytes(image);
        objects.put("fw", "image.bin", image);
        streams.create(new NewStream(StreamId.of("img"), Optional.empty(),
                List.of(new FileSpec(3, FileSource.of("fw", "image.bin"))), StreamsTest.ROLE, Map.of()));
        int blocks = (image.length + 4095) / 4096;
        byte[] missing = new byte[(blocks + 7) / 8];
        for (int block = 0; block < blocks; block++) {
            missing[block / 8] |= (byte) (1 << (block % 8));
        }
        byte[] received = new byte[image.length];
        Random loss = new Random(11);
        CBORMapper cbor = new CBORMapper();
        for (int requests = 0; requests < 1000 && !allClear(missing); requests++) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            cbor.writeValue(request, Map.of("c", "rdy", "f", 3, "l", 4096, "o", 0, "b", missing, "n", 4));
            for (StreamReply reply : delivery.handle("$aws/things/dev-1/streams/img/get/cbor",
                    request.toByteArray())) {
                if (loss.nextInt(3) == 0) {
                    continue;  // lost
                }
                JsonNode data = cbor.readTree(reply.payload());
                int id = data.get("i").asInt();
                byte[] payload = data.get("p").binaryValue();
                System.arraycopy(payload, 0, received, id * 4096, payload.length);
                missing[id / 8] &= (byte) ~(1 << (id % 8));
            }
        }

        assertThat(allClear(missing)).isTrue();
        assertThat(received).isEqualTo(image);
        assertThat(objects.largestRead).hasValueLessThanOrEqualTo(4096);
    }

    private static boolean allClear(byte[] bitmap) {
        for (byte b : bitmap) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The rejection code answered, or null when the request was answered otherwise. */
    private String code(String topic, byte[] payload) {
        List<StreamReply> replies = delivery.handle(topic, payload);
        StreamReply first = replies.get(0);
        if (!first.suffix().startsWith("rejected/")) {
            return null;
        }
        try {
            return (first.suffix().endsWith("cbor") ? new CBORMapper() : new ObjectMapper()).readTree(first.payload())
                    .get("o").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] hex(String commented) {
        StringBuilder digits = new StringBuilder();
        commented.lines().forEach(line -> {
            int comment = line.indexOf('#');
            digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
        });
        return HexFormat.of().parseHex(digits.toString());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        List<byte[]> parts = new ArrayList<>(List.of(a, b));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
