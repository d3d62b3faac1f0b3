package io.fleetline.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The benchmark devices' side of the MQTT file-streams protocol in CBOR, written on its own from the wire format
 * (not with the server's codec, so a codec bug cannot cancel itself out): {@code get} requests as AWS's OTA agent
 * encodes them, and the data and rejection messages it reads back.
 */
final class StreamCbor {
    private static final CBORFactory CBOR = new CBORFactory();

    private StreamCbor() {
    }

    /**
     * A {@code get} request: a definite-length map with the keys in the order AWS's OTA agent writes them
     * ({@code c f l o b n}; its {@code OTA_CBOR_Encode_GetStreamRequestMessage}), {@code b} left out when there is no
     * bitmap, in which case the request asks for {@code n} blocks from {@code o}.
     *
     * @param bitmap empty, or the blocks wanted: byte 0 holds blocks o+7…o, block o in its lowest bit
     */
    static byte[] getRequest(String clientToken, int fileId, int blockSize, int offset, int blocks,
                             Optional<byte[]> bitmap) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + bitmap.map(b -> b.length).orElse(0));
        try (CBORGenerator gen = CBOR.createGenerator(out)) {
            gen.writeStartObject(null, bitmap.isPresent() ? 6 : 5);
            gen.writeStringField("c", clientToken);
            gen.writeNumberField("f", fileId);
            gen.writeNumberField("l", blockSize);
            gen.writeNumberField("o", offset);
            if (bitmap.isPresent()) {
                gen.writeFieldName("b");
                gen.writeBinary(bitmap.get());
            }
            gen.writeNumberField("n", blocks);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** A bitmap over {@code count} blocks from the request's offset with the bits of {@code wanted} set. */
    static byte[] bitmap(int count, java.util.function.IntPredicate wanted) {
        byte[] bits = new byte[(count + 7) / 8];
        for (int k = 0; k < count; k++) {
            if (wanted.test(k)) {
                bits[k / 8] |= (byte) (1 << (k % 8));
            }
        }
        return bits;
    }

    /** A data message: {@code c f l i p}; {@code l} is the block's length as the server states it. */
    record Block(String clientToken, int fileId, int length, int blockId, byte[] payload) {
    }

    /** A rejection: {@code o} code, {@code m} message, {@code c} client token. */
    record Rejection(String code, String message, String clientToken) {
    }

    /**
     * Reads a data message, in whatever order its keys come; a key missing or of another type makes it malformed
     * (an {@link IllegalArgumentException} saying which).
     */
    static Block block(byte[] message) {
        Object[] values = new Object[5];  // c f l i p
        fields(message, (key, value, parser) -> {
            switch (key) {
                case "c" -> values[0] = text(parser, value);
                case "f" -> values[1] = integer(parser, value, key);
                case "l" -> values[2] = integer(parser, value, key);
                case "i" -> values[3] = integer(parser, value, key);
                case "p" -> {
                    expect(value == JsonToken.VALUE_EMBEDDED_OBJECT, "p is not a byte string");
                    values[4] = parser.getBinaryValue();
                }
                default -> parser.skipChildren();
            }
        });
        expect(values[1] != null && values[2] != null && values[3] != null && values[4] != null,
                "a data message needs f, l, i and p");
        return new Block((String) values[0], (Integer) values[1], (Integer) values[2], (Integer) values[3],
                (byte[]) values[4]);
    }

    /** Reads a rejection; members missing or not text are empty strings. */
    static Rejection rejection(byte[] message) {
        String[] values = {"", "", ""};  // o m c
        fields(message, (key, value, parser) -> {
            int at = "omc".indexOf(key);
            if (key.length() == 1 && at >= 0 && value == JsonToken.VALUE_STRING) {
                values[at] = parser.getText();
            } else {
                parser.skipChildren();
            }
        });
        return new Rejection(values[0], values[1], values[2]);
    }

    /** What to do with one member of a message's map: its value is the parser's current token. */
    private interface Member {
        void read(String key, JsonToken value, JsonParser parser) throws IOException;
    }

    private static void fields(byte[] message, Member member) {
        try (JsonParser parser = CBOR.createParser(message)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, "not a map");
            for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                String key = parser.currentName();
                member.read(key, parser.nextToken(), parser);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not CBOR: " + e.getMessage(), e);
        }
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? parser.getText() : null;
    }

    private static int integer(JsonParser parser, JsonToken value, String key) throws IOException {
        expect(value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT,
                key + " is not a 32-bit integer");
        return parser.getIntValue();
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
