package io.fleetline.api.binding;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.model.Operation;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.model.Shape;
import io.fleetline.api.routing.Route;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds an operation's input from a request: each member from where the model binds it (URI label,
 * query string, header, or the JSON body), scalars converted to their modeled types. Nothing is narrowed here: a
 * value that does not fit its member is bound as it came, for {@link InputValidator} to refuse.
 */
public final class RequestBinder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // as long as Jackson lets a number be (its StreamReadConstraints): converting stays cheap
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,1000}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,1000}(\\.[0-9]{1,1000})?([eE][+-]?[0-9]{1,9})?");
    private final ObjectReader reader;

    public RequestBinder(ObjectMapper mapper) {
        this.reader = mapper.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    public ObjectNode bind(Route route, RawRequest request) {
        Operation op = route.operation();
        ObjectNode input = NODES.objectNode();
        Optional<Shape> inputShape = op.input();
        if (inputShape.isEmpty()) {
            return input;
        }
        Shape shape = inputShape.get();
        ServiceModel model = op.service();
        Optional<String> payload = shape.payloadMember();
        for (Shape.Member member : shape.members().values()) {
            Shape memberShape = model.shape(member.shapeName());
            if (member.location().isEmpty()) {
                continue;
            }
            switch (member.location().get()) {
                case "uri" -> putScalar(input, member, memberShape, route.labels().get(member.locationName()));
                case "querystring" -> bindQuery(model, input, member, memberShape, request);
                case "header" -> putScalar(input, member, memberShape, request.header(member.locationName()).orElse(null));
                default -> { }
            }
        }
        if (payload.isPresent()) {
            Shape payloadShape = model.shape(shape.members().get(payload.get()).shapeName());
            if (payloadShape.type().equals("structure")) {
                input.set(payload.get(), parseBody(request.body()));
            } else if (request.body().length > 0) {
                input.put(payload.get(), request.body());
            }
        } else {
            bindBody(input, shape, parseBody(request.body()));
        }
        return input;
    }

    private static void bindQuery(ServiceModel model, ObjectNode input, Shape.Member member, Shape memberShape,
                                  RawRequest request) {
        List<String> values = request.queryParameters().get(member.locationName());
        if (values == null) {
            return;
        }
        if (memberShape.type().equals("list")) {
            Shape element = model.shape(memberShape.memberShapeName());
            var array = input.putArray(member.name());
            values.forEach(v -> array.add(scalar(element, v)));
        } else {
            putScalar(input, member, memberShape, values.get(0));
        }
    }

    private void bindBody(ObjectNode input, Shape shape, JsonNode body) {
        if (body == null) {
            return;
        }
        for (Shape.Member member : shape.members().values()) {
            if (member.location().isEmpty() && body.has(member.locationName())) {
                input.set(member.name(), body.get(member.locationName()));
            }
        }
    }

    /**
     * The body as one JSON object, read strictly: a key twice in an object (at any depth) or anything but whitespace
     * after the object is refused, since which of two values counts is a guess other parsers may take differently.
     * Numbers keep their exact value (integers of any size, decimals as written), so that the validator can refuse
     * one that does not fit its member instead of a wrapped or infinite copy.
     */
    private JsonNode parseBody(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try (JsonParser parser = reader.createParser(body)) {
            JsonNode node = reader.readTree(parser);
            if (node == null || node.isMissingNode() || !node.isObject()) {
                throw FleetlineException.invalid("The request body must be a JSON object");
            }
            requireEnd(parser);
            return node;
        } catch (JsonProcessingException e) {
            throw FleetlineException.invalid("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (NumberFormatException e) {
            // BigDecimal refuses an exponent beyond an int (1E8446744073709551617): no member's type holds it
            throw FleetlineException.invalid("The request body holds a number out of range: " + e.getMessage());
        } catch (IOException e) {
            throw FleetlineException.invalid("The request body could not be read");
        }
    }

    private static void requireEnd(JsonParser parser) throws IOException {
        try {
            if (parser.nextToken() == null) {
                return;
            }
        } catch (JsonProcessingException e) {
            // not even a token: still content after the object
        }
        throw FleetlineException.invalid("The request body is not valid JSON: content follows the JSON object");
    }

    private static void putScalar(ObjectNode input, Shape.Member member, Shape shape, String text) {
        if (text != null) {
            input.set(member.name(), scalar(shape, text));
        }
    }

    /**
     * A string from the URI, query or a header as its modeled type. Only the plain ASCII forms convert (no sign but
     * a leading minus, no blanks, no other digits, no hexadecimal, exponents only for floating point, no NaN or
     * Infinity, booleans in lower case); anything else stays text for the validator to refuse with the member's name,
     * as it refuses a body value of the wrong type.
     */
    static JsonNode scalar(Shape shape, String text) {
        return switch (shape.type()) {
            case "integer", "long" -> INTEGER.matcher(text).matches() ? integer(new BigInteger(text)) : NODES.textNode(text);
            case "double", "float" -> DECIMAL.matcher(text).matches()
                    ? NODES.numberNode(new BigDecimal(text)) : NODES.textNode(text);
            case "boolean" -> switch (text) {
                case "true" -> NODES.booleanNode(true);
                case "false" -> NODES.booleanNode(false);
                default -> NODES.textNode(text);
            };
            case "timestamp" -> Timestamps.parse(text).filter(Timestamps::inRange).map(Timestamps::node)
                    .orElseGet(() -> NODES.textNode(text));
            default -> NODES.textNode(text);
        };
    }

    /** A long where it fits, so handlers read the common case as they always did; the exact value beyond. */
    private static JsonNode integer(BigInteger value) {
        return value.bitLength() < Long.SIZE ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
    }
}
