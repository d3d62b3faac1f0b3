package io.fleetline.api.s3;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.model.Shape;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds an S3 operation's input from a request, each member from where the model binds it: the bucket and key of the
 * route, the query string, headers (timestamps as HTTP dates), the {@code x-amz-meta-} prefix map, and an XML payload.
 * A {@code streaming} payload (PutObject's and UploadPart's body) is not bound: it reaches the handler as a stream.
 * Nothing is narrowed or checked here; {@code InputValidator} refuses what does not fit.
 */
final class S3RequestBinder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final XmlPayloadReader xml = new XmlPayloadReader();

    /**
     * @param query the request's query parameters, decoded
     * @param body  the payload's bytes when the operation takes a payload that is not streamed, else empty
     */
    ObjectNode bind(S3Route route, RawRequest head, Map<String, List<String>> query, Optional<byte[]> body) {
        ObjectNode input = NODES.objectNode();
        Optional<Shape> inputShape = route.operation().input();
        if (inputShape.isEmpty()) {
            return input;
        }
        Shape shape = inputShape.get();
        ServiceModel model = route.operation().service();
        for (Shape.Member member : shape.members().values()) {
            Shape memberShape = model.shape(member.shapeName());
            switch (member.location().orElse("")) {
                case "uri" -> Optional.ofNullable(route.labels().get(member.locationName()))
                        .ifPresent(label -> input.set(member.name(), WireScalar.of(memberShape, label, "iso8601")));
                case "querystring" -> bindQuery(model, input, member, memberShape, query);
                case "header" -> header(head, member).ifPresent(text -> bindHeader(model, input, member, memberShape, text));
                case "headers" -> bindPrefixed(input, member, head);
                default -> { }
            }
        }
        shape.payloadMember().ifPresent(payload -> body.filter(bytes -> bytes.length > 0)
                .ifPresent(bytes -> bindPayload(model, input, shape.members().get(payload), bytes)));
        return input;
    }

    private static void bindQuery(ServiceModel model, ObjectNode input, Shape.Member member, Shape memberShape,
                                  Map<String, List<String>> query) {
        List<String> values = query.get(member.locationName());
        if (values == null) {
            return;
        }
        if (memberShape.type().equals("list")) {
            Shape element = model.shape(memberShape.memberShapeName());
            ArrayNode array = input.putArray(member.name());
            values.forEach(v -> array.add(WireScalar.of(element, v, "iso8601")));
        } else {
            input.set(member.name(), WireScalar.of(memberShape, values.get(0), "iso8601"));
        }
    }

    /**
     * A header's value as the member sees it. For an {@code aws-chunked} body (what the SDKs and CLI v1 send by default)
     * the object's length is {@code x-amz-decoded-content-length}, not the length on the wire, and {@code aws-chunked}
     * is how the request was sent, not an encoding of the object.
     */
    private static Optional<String> header(RawRequest head, Shape.Member member) {
        String name = member.locationName().toLowerCase(Locale.ROOT);
        if (name.equals("content-length")) {
            return head.header("x-amz-decoded-content-length").or(() -> head.header(name));
        }
        if (name.equals("content-encoding")) {
            return head.header(name).map(value -> Arrays.stream(value.split(",")).map(String::trim)
                    .filter(coding -> !coding.isEmpty() && !coding.equalsIgnoreCase("aws-chunked"))
                    .collect(Collectors.joining(","))).filter(value -> !value.isEmpty());
        }
        List<String> values = head.headers().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
    }

    private static void bindHeader(ServiceModel model, ObjectNode input, Shape.Member member, Shape memberShape,
                                   String text) {
        switch (memberShape.type()) {
            case "list" -> {
                Shape element = model.shape(memberShape.memberShapeName());
                ArrayNode array = input.putArray(member.name());
                Arrays.stream(text.split(",")).map(String::trim).filter(v -> !v.isEmpty())
                        .forEach(v -> array.add(WireScalar.of(element, v, "rfc822")));
            }
            case "timestamp" -> {
                var value = WireScalar.of(memberShape, text, "rfc822");
                // RFC 9110 13.1.3/13.1.4: a conditional whose date is not a valid HTTP date is ignored, not refused
                if (value.isNumber() || !conditional(member.locationName())) {
                    input.set(member.name(), value);
                }
            }
            default -> input.set(member.name(), WireScalar.of(memberShape, text, "rfc822"));
        }
    }

    private static boolean conditional(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        return name.startsWith("if-") || name.startsWith("x-amz-copy-source-if-");
    }

    /** Every header whose name starts with the prefix ({@code x-amz-meta-}), keyed by the rest of its name. */
    private static void bindPrefixed(ObjectNode input, Shape.Member member, RawRequest head) {
        String prefix = member.locationName().toLowerCase(Locale.ROOT);
        ObjectNode map = NODES.objectNode();
        head.headers().forEach((name, values) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length() && !values.isEmpty()) {
                map.put(name.substring(prefix.length()), String.join(",", values));
            }
        });
        if (!map.isEmpty()) {
            input.set(member.name(), map);
        }
    }

    private void bindPayload(ServiceModel model, ObjectNode input, Shape.Member member, byte[] bytes) {
        Shape shape = model.shape(member.shapeName());
        switch (shape.type()) {
            case "structure" -> input.set(member.name(), xml.read(bytes, model, shape, member.locationName()));
            case "string" -> input.put(member.name(), new String(bytes, StandardCharsets.UTF_8));
            default -> input.put(member.name(), bytes);
        }
    }
}
