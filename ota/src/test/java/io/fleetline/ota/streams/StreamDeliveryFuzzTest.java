package io.fleetline.ota.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.time.ManualClock;
import io.fleetline.protocol.streams.StreamReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing (Jazzer) of the streams protocol as a device reaches it: any topic under
 * {@code $aws/things/dev/streams/} and any payload, JSON or CBOR. Nothing escapes {@link StreamDelivery#handle}; every
 * answer goes to the requesting thing's stream topics; a rejection carries one of AWS's codes (never
 * {@code InternalError}) and a client token of at most 64 bytes; data messages hold at most 128 KB of blocks, each
 * the file's own bytes at its place.
 *
 * <p>An input is a topic suffix ({@code fw/get/cbor}), a newline, and the payload. Every build replays the requests
 * below; {@code mvn verify} also fuzzes them.
 */
class StreamDeliveryFuzzTest {
    private static final Set<String> CODES = Set.of("InvalidTopic", "InvalidJson", "InvalidCbor", "InvalidRequest",
            "BlockSizeOutOfBounds", "OffsetOutOfBounds", "BlockCountLimitExceeded", "BlockBitmapLimitExceeded",
            "ResourceNotFound", "VersionMismatch");
    private static final byte[] FILE = FakeObjects.bytes(300_000);
    private static final StreamDelivery DELIVERY = delivery();

    private static StreamDelivery delivery() {
        FakeObjects objects = new FakeObjects().put("fw", "app.bin", FILE);
        Streams streams = Streams.create(new InMemoryStreamStore(), objects, new AccountScope("us-east-1",
                "123456789012"), new ManualClock(Instant.EPOCH));
        streams.create(new NewStream(StreamId.of("fw"), Optional.of("d"), List.of(new FileSpec(0,
                FileSource.of("fw", "app.bin"))), StreamsTest.ROLE, Map.of()));
        return streams.delivery();
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                "fw/get/cbor\n" + hexText("A6 6163 63726479 6166 00 616C 191000 616F 00 6162 42 FFFF 616E 01"),
                "fw/get/cbor\n" + hexText("A5 6166 00 616C 190100 616F 182A 6162 44 4D513D3D 616E 01"),
                "fw/get/json\n{\"s\": 1,\"f\": 0,\"l\": 256,\"o\": 3,\"n\": 1}",
                "fw/get/json\n{\"c\":\"1\",\"s\":1,\"l\":256,\"f\":0,\"o\":20,\"n\":32,\"b\":\"0x130080\"}",
                "fw/get/json\n{\"f\":0,\"l\":131072,\"o\":2}",
                "fw/describe/json\n{\"c\":\"x\"}",
                "fw/describe/cbor\n",
                "nope/get/json\n{\"f\":0,\"l\":4096}",
                "fw/data/json\n{}",
                // a finding: a lone surrogate in the client token, which no answer could echo
                "fw/get/json\n{\"c\":\"\\udd6a\",\"f\":0,\"l\":100}",
                "fw/get/cbor\n" + hexText("A3 6163 63EDB5AA 6166 00 616C 18FF"))
                .map(text -> Arguments.of((Object) text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String hexText(String hex) {
        return new String(HexFormat.of().parseHex(hex.replace(" ", "")), StandardCharsets.ISO_8859_1);
    }

    @MethodSource("requests")
    @FuzzTest(maxDuration = "10s")
    void every_request_is_answered_with_blocks_of_the_file_or_an_aws_code(byte[] input) {
        int newline = indexOf(input, (byte) '\n');
        String suffix = new String(input, 0, newline < 0 ? input.length : newline, StandardCharsets.UTF_8);
        String topic = "$aws/things/dev/streams/" + suffix;
        byte[] payload = newline < 0 ? new byte[0] : Arrays.copyOfRange(input, newline + 1, input.length);

        List<StreamReply> replies = DELIVERY.handle(topic, payload);

        int blockBytes = 0;
        for (StreamReply reply : replies) {
            assertThat(reply.topic()).startsWith("$aws/things/dev/streams/");
            JsonNode message = decode(reply);
            if (message.has("c")) {
                assertThat(message.get("c").asText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
            }
            if (reply.suffix().startsWith("rejected/")) {
                assertThat(replies).hasSize(1);
                assertThat(message.path("o").asText()).as("%s", message).isIn(CODES);
                assertThat(message.path("m").asText()).isNotBlank();
            } else if (reply.suffix().startsWith("data/")) {
                blockBytes += block(message);
            }
        }
        assertThat(blockBytes).isLessThanOrEqualTo(131_072);
    }

    /** A data message's block: a full block at {@code i * l}, or the file's last, short block at its end. */
    private static int block(JsonNode message) {
        try {
            byte[] bytes = message.get("p").binaryValue();
            int length = message.get("l").asInt();
            assertThat(bytes).hasSize(length);
            long position = (long) message.get("i").asInt() * length;
            boolean full = position + length <= FILE.length
                    && Arrays.equals(bytes, Arrays.copyOfRange(FILE, (int) position, (int) position + length));
            boolean last = Arrays.equals(bytes, Arrays.copyOfRange(FILE, FILE.length - length, FILE.length));
            assertThat(full || last).as("block %s of %s bytes", message.get("i"), length).isTrue();
            return length;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode decode(StreamReply reply) {
        try {
            JsonNode node = (reply.topic().endsWith("/cbor") ? new CBORMapper() : new ObjectMapper())
                    .readTree(reply.payload());
            assertThat(node.isObject()).as("%s", node).isTrue();
            return node;
        } catch (IOException e) {
            throw new AssertionError("not a message: " + reply, e);
        }
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
