package io.fleetline.jobs.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Strict JSON for what jobs are given. Which of two values of a key counts, or whether text after the value matters,
 * is a guess other parsers take differently, so both are refused; numbers keep their exact value so that one too large
 * for its field is refused instead of wrapped (2^64 + 5 read as a {@code long} is 5).
 */
public final class ExactJson {
    private static final ObjectReader READER = new ObjectMapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    private ExactJson() {
    }

    /**
     * One JSON value and nothing after it but whitespace.
     *
     * @throws JsonProcessingException when the text is not that; its {@link JsonProcessingException#getOriginalMessage
     *                                 original message} says why, fit to show the sender
     */
    public static JsonNode read(String text) throws JsonProcessingException {
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
            return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;  // not even a token, but still something after the value
        }
    }

    /** {@code value} as a {@code long}, or {@code InvalidRequestException} naming {@code field} when it is not one. */
    public static long longValue(JsonNode value, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw unfit(field, value, "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        }
        return value.longValue();
    }

    /** {@code value} as an {@code int}, or {@code InvalidRequestException} naming {@code field} when it is not one. */
    public static int intValue(JsonNode value, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw unfit(field, value, "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
        }
        return value.intValue();
    }

    /** {@code value} as a finite {@code double}, or {@code InvalidRequestException} naming {@code field}. */
    public static double doubleValue(JsonNode value, String field) {
        double number = value.isNumber() ? value.doubleValue() : Double.NaN;
        if (!Double.isFinite(number)) {
            throw unfit(field, value, "a finite number");
        }
        return number;
    }

    private static FleetlineException unfit(String field, JsonNode value, String expected) {
        String shown = value.isValueNode() ? value.asText() : value.toString();
        return FleetlineException.invalid(field + " must be " + expected + "; got "
                + (shown.length() > 64 ? shown.substring(0, 64) + "..." : shown));
    }
}
