package io.fleetline.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.auth.SigV4;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.model.Operation;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.model.Shape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One plausible request per operation of the models, as a client would send it: the URI labels, query
 * parameters, headers and body members the model requires, each with a simple value of its shape. They are the
 * fuzzer's starting points, so that it begins inside every operation rather than at the router's door.
 */
final class ModelRequests {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern LABEL = Pattern.compile("\\{([^}+]+)\\+?}");
    private static final int MAX_DEPTH = 4;

    private ModelRequests() {
    }

    static List<RawRequest> of(List<ServiceModel> models) {
        List<RawRequest> requests = new ArrayList<>();
        models.forEach(model -> model.operations().values().forEach(op -> requests.add(request(op))));
        return requests;
    }

    private static RawRequest request(Operation op) {
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> query = new ArrayList<>();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("localhost:8080"));
        ObjectNode body = NODES.objectNode();
        byte[] payload = null;
        if (op.input().isPresent()) {
            Shape input = op.input().get();
            ServiceModel model = op.service();
            for (Shape.Member member : input.members().values()) {
                boolean required = input.required().contains(member.name());
                Shape shape = model.shape(member.shapeName());
                String where = member.location().orElse("body");
                if (input.payloadMember().map(member.name()::equals).orElse(false)) {
                    payload = shape.type().equals("structure")
                            ? sample(model, shape, 0).toString().getBytes(StandardCharsets.UTF_8)
                            : "{\"hello\":\"device\"}".getBytes(StandardCharsets.UTF_8);
                } else if (where.equals("uri")) {
                    labels.put(member.locationName(), text(sample(model, shape, 0)));
                } else if (required && where.equals("querystring")) {
                    query.add(member.locationName() + "=" + SigV4.uriEncode(text(sample(model, shape, 0)), false));
                } else if (required && where.equals("header")) {
                    headers.put(member.locationName(), List.of(text(sample(model, shape, 0))));
                } else if (required && where.equals("body")) {
                    body.set(member.locationName(), sample(model, shape, 0));
                }
            }
        }
        if (payload == null && !body.isEmpty()) {
            payload = body.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (payload != null) {
            headers.put("Content-Type", List.of("application/json"));
        }
        return new RawRequest(op.method(), path(op, labels), String.join("&", query), headers,
                payload == null ? new byte[0] : payload);
    }

    private static String path(Operation op, Map<String, String> labels) {
        String template = op.uri().toString();
        int question = template.indexOf('?');
        String path = question < 0 ? template : template.substring(0, question);
        Matcher label = LABEL.matcher(path);
        StringBuilder out = new StringBuilder();
        while (label.find()) {
            String value = labels.getOrDefault(label.group(1), "a");
            label.appendReplacement(out, Matcher.quoteReplacement(SigV4.uriEncode(value, false)));
        }
        label.appendTail(out);
        return out.toString();
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** A simple value the shape accepts where that is easy to tell: at its minimum length, its first enum value. */
    private static JsonNode sample(ServiceModel model, Shape shape, int depth) {
        return switch (shape.type()) {
            case "string" -> NODES.textNode(shape.enumValues().isEmpty()
                    ? "a".repeat((int) Math.max(1, shape.min().orElse(1))) : shape.enumValues().get(0));
            case "integer", "long" -> NODES.numberNode((long) Math.max(1, shape.min().orElse(1)));
            case "double", "float" -> NODES.numberNode(Math.max(1, shape.min().orElse(1)));
            case "boolean" -> NODES.booleanNode(true);
            case "timestamp" -> NODES.numberNode(1_700_000_000L);
            case "blob" -> NODES.textNode("YQ==");
            case "list" -> list(model, shape, depth);
            case "map" -> NODES.objectNode();
            case "structure" -> structure(model, shape, depth);
            default -> NODES.textNode("a");
        };
    }

    private static ArrayNode list(ServiceModel model, Shape shape, int depth) {
        ArrayNode list = NODES.arrayNode();
        if (shape.min().orElse(0) >= 1 && depth < MAX_DEPTH) {
            list.add(sample(model, model.shape(shape.memberShapeName()), depth + 1));
        }
        return list;
    }

    private static ObjectNode structure(ServiceModel model, Shape shape, int depth) {
        ObjectNode node = NODES.objectNode();
        if (depth < MAX_DEPTH) {
            for (String required : shape.required()) {
                Shape.Member member = shape.members().get(required);
                node.set(member.locationName(), sample(model, model.shape(member.shapeName()), depth + 1));
            }
        }
        return node;
    }
}
