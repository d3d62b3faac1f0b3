package io.fleetline.api.binding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.model.Operation;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.model.Shape;
import io.fleetline.api.routing.Route;
import io.fleetline.core.error.FleetlineException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Builds an operation's input from a request: each member from where the model binds it (URI label,
 * query string, header, or the JSON body), scalars converted to their modeled types.
 */
public final class RequestBinder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ObjectMapper mapper;

    public RequestBinder(ObjectMapper mapper) {
        this.mapper = mapper;
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
            values.forEach(v -> array.add(scalar(member.name(), element, v)));
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

    private JsonNode parseBody(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node != null && !node.isObject()) {
                throw FleetlineException.invalid("The request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw FleetlineException.invalid("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw FleetlineException.invalid("The request body could not be read");
        }
    }

    private static void putScalar(ObjectNode input, Shape.Member member, Shape shape, String text) {
        if (text != null) {
            input.set(member.name(), scalar(member.name(), shape, text));
        }
    }

    /** Converts a string from the URI, query or a header to the member's modeled type. */
    static JsonNode scalar(String memberName, Shape shape, String text) {
        try {
            return switch (shape.type()) {
                case "integer", "long" -> NODES.numberNode(Long.parseLong(text.trim()));
                case "double", "float" -> NODES.numberNode(Double.parseDouble(text.trim()));
                case "boolean" -> switch (text.trim()) {
                    case "true" -> NODES.booleanNode(true);
                    case "false" -> NODES.booleanNode(false);
                    default -> throw new IllegalArgumentException(text);
                };
                case "timestamp" -> NODES.numberNode(parseTimestamp(text).getEpochSecond());
                default -> NODES.textNode(text);
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw FleetlineException.invalid("Value '" + text + "' at '" + memberName + "' is not a valid "
                    + shape.type());
        }
    }

    private static Instant parseTimestamp(String text) {
        String trimmed = text.trim();
        if (trimmed.matches("\\d+(\\.\\d+)?")) {
            return Instant.ofEpochMilli((long) (Double.parseDouble(trimmed) * 1000));
        }
        return Instant.parse(trimmed);
    }
}
