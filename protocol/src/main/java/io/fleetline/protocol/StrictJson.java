package io.fleetline.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * JSON requests from devices, read strictly: UTF-8, one object with each key once (at any depth) and nothing after it
 * but whitespace. Which of two values of a key counts, or whether text after the object matters, is a guess other
 * parsers take differently, so both are refused; numbers keep their exact value, so that one too large for its field
 * can be refused instead of wrapped (2^64 + 5 read as a {@code long} is 5). What is not such an object is
 * {@code InvalidJson}, as any malformed request.
 */
public final class StrictJson {
    private static final ObjectReader READER = new ObjectMapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private StrictJson() {
    }

    /**
     * The JSON object a device sent; an empty payload is an empty object.
     *
     * @throws DeviceRejection {@code InvalidJson} when the payload is not one UTF-8 JSON object and nothing else
     */
    public static ObjectNode object(byte[] payload) {
        return payload.length == 0 ? JsonNodeFactory.instance.objectNode() : object(payload, "The request");
    }

    /**
     * A JSON object read as strictly as a device's request (a job document, as the device agent reads it); the
     * rejection's message names it {@code subject} ("The job document").
     *
     * @throws DeviceRejection {@code InvalidJson} when the payload is not one UTF-8 JSON object and nothing else
     */
    public static ObjectNode object(byte[] payload, String subject) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new DeviceRejection(RejectionCode.INVALID_JSON, subject + " is not UTF-8");
        }
        JsonNode node;
        try {
            node = read(text);
        } catch (JsonProcessingException e) {
            throw new DeviceRejection(RejectionCode.INVALID_JSON, subject + " is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new DeviceRejection(RejectionCode.INVALID_JSON, subject + " must be a JSON object");
        }
        if (!isWellFormed(node)) {
            throw new DeviceRejection(RejectionCode.INVALID_JSON,
                    subject + " is not valid JSON: a key or string holds a lone surrogate, which is not Unicode");
        }
        return (ObjectNode) node;
    }

    /**
     * Whether {@code text} is Unicode: every surrogate in a pair. JSON's escapes can spell a lone one
     * ({@code "\\udd6a"}), which has no UTF-8 form: a request holding one could not be echoed, nor stored as sent.
     */
    public static boolean isWellFormed(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWellFormed(JsonNode node) {
        if (node.isTextual()) {
            return isWellFormed(node.textValue());
        }
        for (var member : node.properties()) {
            if (!isWellFormed(member.getKey()) || !isWellFormed(member.getValue())) {
                return false;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (!isWellFormed(element)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether {@code text} is one JSON value, each key of each object once, and nothing after it but whitespace (a job
     * document a device gets embedded as JSON). Read as tokens only: no tree is built. A key named twice would make
     * the whole answer one a strict reader (the device agent's) refuses, and the device would never learn of its job.
     */
    public static boolean isValue(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode read(String text) throws JsonProcessingException {
        try (JsonParser parser = READER.createParser(text)) {
            JsonNode node;
            try {
                node = READER.readTree(parser);
            } catch (NumberFormatException e) {
                // BigDecimal refuses an exponent beyond an int (1E8446744073709551617): not a number anyone can hold
                throw new JsonParseException(parser, "a number is out of range: " + e.getMessage());
            }
            if (node == null || node.isMissingNode()) {
                throw new JsonParseException(parser, "no JSON value");
            }
            if (!endsHere(parser)) {
                throw new JsonParseException(parser, "content follows the JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    private static boolean endsHere(JsonParser parser) throws IOException {
        try {
            JsonToken next = parser.nextToken();
            return next == null;
        } catch (JsonProcessingException e) {
            return false;  // not even a token, but still something after the value
        }
    }
}
