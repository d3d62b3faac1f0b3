package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The bytes of the streams protocol written by hand, field by field, as the embedded agents write them: hexadecimal
 * with {@code #} comments, and the few CBOR items the protocol uses (definite-length maps, text and byte strings,
 * integers in their shortest form). Also the exact rejection a device must receive.
 */
final class StreamWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamWire() {
    }

    /** Hexadecimal digits, whitespace and {@code # comments} ignored. */
    static byte[] hex(String commented) {
        StringBuilder digits = new StringBuilder();
        commented.lines().forEach(line -> {
            int comment = line.indexOf('#');
            digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
        });
        return HexFormat.of().parseHex(digits.toString());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A CBOR map header of {@code pairs} pairs. */
    static byte[] map(int pairs) {
        return head(5, pairs);
    }

    /** A CBOR text string. */
    static byte[] text(String text) {
        byte[] bytes = utf8(text);
        return concat(head(3, bytes.length), bytes);
    }

    /** A CBOR byte string. */
    static byte[] bytes(byte[] content) {
        return concat(head(2, content.length), content);
    }

    /** A CBOR integer, negative ones too, in its shortest form. */
    static byte[] integer(long value) {
        return value >= 0 ? head(0, value) : head(1, -1 - value);
    }

    /** A CBOR pair of a one-letter key and a value written already. */
    static byte[] pair(String key, byte[] value) {
        return concat(text(key), value);
    }

    private static byte[] head(int major, long argument) {
        int type = major << 5;
        if (argument < 24) {
            return new byte[] {(byte) (type | argument)};
        }
        int size = argument < 0x100 ? 1 : argument < 0x1_0000 ? 2 : argument < 0x1_0000_0000L ? 4 : 8;
        byte[] head = new byte[1 + size];
        head[0] = (byte) (type | (size == 1 ? 24 : size == 2 ? 25 : size == 4 ? 26 : 27));
        for (int i = 0; i < size; i++) {
            head[size - i] = (byte) (argument >>> (8 * i));
        }
        return head;
    }

    /**
     * Asserts that {@code answer} is a rejection with {@code code}, byte for byte what the protocol sends:
     * {@code {"o", "m", "c"}} in that order, compact JSON or definite-length CBOR, {@code c} only when a token is
     * expected. The message {@code m} is the server's wording: it is taken from the answer, and must say something.
     */
    static void assertRejected(StreamDevice.Received answer, String code, Optional<String> token) {
        assertThat(answer.topic()).matches(".*/rejected/(json|cbor)");
        JsonNode tree = answer.tree();
        String message = tree.path("m").asText();
        assertThat(message).as("m of %s", tree).isNotBlank();
        if (answer.topic().endsWith("/json")) {
            try {
                assertThat(answer.text()).isEqualTo("{\"o\":" + JSON.writeValueAsString(code) + ",\"m\":"
                        + JSON.writeValueAsString(message)
                        + (token.isPresent() ? ",\"c\":" + JSON.writeValueAsString(token.get()) : "") + "}");
            } catch (JsonProcessingException e) {
                throw new AssertionError(e);
            }
        } else {
            assertThat(answer.payload()).as("%s", tree).isEqualTo(concat(map(token.isPresent() ? 3 : 2),
                    pair("o", text(code)), pair("m", text(message)),
                    token.map(t -> pair("c", text(t))).orElse(new byte[0])));
        }
    }

    static void assertRejected(StreamDevice.Received answer, String code, String token) {
        assertRejected(answer, code, Optional.of(token));
    }

    static void assertRejected(StreamDevice.Received answer, String code) {
        assertRejected(answer, code, Optional.empty());
    }
}
