package io.fleetline.api.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fleetline.api.model.Shape;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A scalar from the wire (a URI label, query value, header or XML text) in its modeled type. Only the plain forms
 * convert (digits with an optional leading minus, {@code true}/{@code false}, a timestamp in the member's wire format,
 * base64 for a blob); anything else stays text for {@code InputValidator} to refuse with the member's name, as the
 * IoT binder leaves it.
 */
final class WireScalar {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,100}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,100}(\\.[0-9]{1,100})?([eE][+-]?[0-9]{1,4})?");

    private WireScalar() {
    }

    /** @param timestampFormat how the place the text came from writes timestamps, unless the shape fixes it */
    static JsonNode of(Shape shape, String text, String timestampFormat) {
        return switch (shape.type()) {
            case "integer", "long" -> INTEGER.matcher(text).matches()
                    ? NODES.numberNode(new BigInteger(text)) : NODES.textNode(text);
            case "float", "double" -> DECIMAL.matcher(text).matches()
                    ? NODES.numberNode(new BigDecimal(text)) : NODES.textNode(text);
            case "boolean" -> switch (text) {
                case "true" -> NODES.booleanNode(true);
                case "false" -> NODES.booleanNode(false);
                default -> NODES.textNode(text);
            };
            case "timestamp" -> S3Timestamps.parse(text, shape.timestampFormat().orElse(timestampFormat))
                    .map(S3Timestamps::node).orElseGet(() -> NODES.textNode(text));
            case "blob" -> blob(text);
            default -> NODES.textNode(text);
        };
    }

    private static JsonNode blob(String base64) {
        try {
            return NODES.binaryNode(Base64.getMimeDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return NODES.textNode(base64);
        }
    }
}
