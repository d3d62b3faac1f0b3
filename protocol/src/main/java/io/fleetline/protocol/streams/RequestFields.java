package io.fleetline.protocol.streams;

import io.fleetline.protocol.Format;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import io.fleetline.protocol.StrictJson;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The top-level members of a request, read strictly: one JSON object or CBOR map and nothing after it, no key twice.
 * Values are kept by kind (an integer exactly, a text, a byte string, or only what kind of other value it was), so
 * each member is checked for the kind it must be. Members the protocol does not have are skipped.
 */
final class RequestFields {
    /**
     * An MQTT payload's limit (128 KB). Requests are a few dozen bytes, the largest valid one (a bitmap of 12,288 bytes
     * in hexadecimal) under 25 KiB; reading up to the limit lets a larger bitmap be refused for what it is.
     */
    static final int MAX_REQUEST_BYTES = 131_072;
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxNestingDepth(16).build();
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();
    private static final CBORFactory CBOR = CBORFactory.builder().streamReadConstraints(LIMITS).build();

    /** A value that is none of the kinds requests use. */
    enum Other { NULL, BOOLEAN, FLOAT, STRUCTURE }

    private final Map<String, Object> values;

    private RequestFields(Map<String, Object> values) {
        this.values = values;
    }

    /** The members of a request; {@code InvalidJson}/{@code InvalidCbor} when it is not one object or map. */
    static RequestFields read(byte[] payload, Format format) {
        if (payload.length > MAX_REQUEST_BYTES) {
            throw new DeviceRejection(RejectionCode.INVALID_REQUEST, "The request is " + payload.length
                    + " bytes long; a stream request has at most " + MAX_REQUEST_BYTES);
        }
        if (payload.length == 0) {
            // nothing to say (a DescribeStream without a client token): as an empty object
            return new RequestFields(Map.of());
        }
        try (JsonParser parser = (format == Format.JSON ? JSON : CBOR).createParser(payload)) {
            Map<String, Object> values = members(parser, format);
            if (parser.nextToken() != null) {
                throw malformed(format, "there is more after the request's " + container(format));
            }
            return new RequestFields(values);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DeviceRejection rejection) {
                throw rejection;
            }
            throw malformed(format, "it does not parse");
        }
    }

    private static Map<String, Object> members(JsonParser parser, Format format) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw malformed(format, "it is not a " + container(format));
        }
        Map<String, Object> values = new HashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            if (token != JsonToken.FIELD_NAME) {
                throw malformed(format, "it ends inside the " + container(format));
            }
            String key = wellFormed(parser.currentName(), format);
            parser.nextToken();
            if (values.put(key, value(parser, format)) != null) {
                throw malformed(format, "the key " + key + " appears twice");
            }
        }
        return values;
    }

    private static Object value(JsonParser parser, Format format) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NUMBER_INT -> parser.getBigIntegerValue();
            case VALUE_STRING -> wellFormed(parser.getText(), format);
            case VALUE_EMBEDDED_OBJECT -> parser.getBinaryValue();
            case VALUE_NUMBER_FLOAT -> Other.FLOAT;
            case VALUE_TRUE, VALUE_FALSE -> Other.BOOLEAN;
            case VALUE_NULL -> Other.NULL;
            default -> {
                parser.skipChildren();
                yield Other.STRUCTURE;
            }
        };
    }

    /** A text that is Unicode: a lone surrogate (JSON's {@code "\\udd6a"}) has no UTF-8 form to echo it in. */
    private static String wellFormed(String text, Format format) {
        if (!StrictJson.isWellFormed(text)) {
            throw malformed(format, "a key or text holds a lone surrogate, which is not Unicode");
        }
        return text;
    }

    private static String container(Format format) {
        return format == Format.JSON ? "JSON object" : "CBOR map";
    }

    private static DeviceRejection malformed(Format format, String why) {
        return format == Format.JSON
                ? new DeviceRejection(RejectionCode.INVALID_JSON, "The request is not valid JSON: " + why)
                : new DeviceRejection(RejectionCode.INVALID_CBOR, "The request is not valid CBOR: " + why);
    }

    /** A text member; another kind is {@code InvalidRequest}. */
    Optional<String> text(String key, String name) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(text);
        }
        throw wrongKind(key, name, "a string");
    }

    /** An integer member, exactly as sent; another kind is {@code InvalidRequest}. */
    Optional<BigInteger> integer(String key, String name) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof BigInteger integer) {
            return Optional.of(integer);
        }
        throw wrongKind(key, name, "an integer");
    }

    /** The raw value of a member (a {@link String}, {@link BigInteger}, {@code byte[]} or {@link Other}). */
    Optional<Object> raw(String key) {
        return Optional.ofNullable(values.get(key));
    }

    static DeviceRejection wrongKind(String key, String name, String kind) {
        return new DeviceRejection(RejectionCode.INVALID_REQUEST, "The " + name + " (" + key + ") must be " + kind);
    }
}
