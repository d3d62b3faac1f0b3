package io.fleetline.api.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.model.Operation;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.model.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an operation's output into S3's answer: the status (the model's, 206 for a ranged read), the members the
 * model puts in headers (timestamps as HTTP dates, the {@code x-amz-meta-} map), and the rest as XML under S3's root
 * element in S3's namespace (timestamps ISO 8601 with milliseconds, flattened lists as repeated elements, keys
 * percent-encoded when the listing was asked {@code encoding-type=url}), or a streamed payload passed through.
 */
final class S3ResponseWriter {
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    /** The document elements S3 answers with; the model (botocore's) does not carry them. */
    private static final Map<String, String> ROOTS = Map.ofEntries(
            Map.entry("ListBuckets", "ListAllMyBucketsResult"),
            Map.entry("ListObjects", "ListBucketResult"),
            Map.entry("ListObjectsV2", "ListBucketResult"),
            Map.entry("ListObjectVersions", "ListVersionsResult"),
            Map.entry("GetBucketVersioning", "VersioningConfiguration"),
            Map.entry("GetBucketLocation", "LocationConstraint"),
            Map.entry("CreateMultipartUpload", "InitiateMultipartUploadResult"),
            Map.entry("CompleteMultipartUpload", "CompleteMultipartUploadResult"),
            Map.entry("ListParts", "ListPartsResult"),
            Map.entry("ListMultipartUploads", "ListMultipartUploadsResult"),
            Map.entry("DeleteObjects", "DeleteResult"),
            Map.entry("GetObjectTagging", "Tagging"));
    /** Operations whose document element's text is the one member's value: {@code <LocationConstraint>eu-west-1<...>}. */
    private static final Map<String, String> TEXT_ROOTS = Map.of("GetBucketLocation", "LocationConstraint");

    S3Response write(Operation op, String method, ObjectNode output, Optional<ResponsePayload> payload,
                     String requestId) {
        Map<String, String> headers = S3Headers.common(requestId);
        int status = op.successCode();
        Optional<Shape> shape = op.output();
        if (shape.isEmpty()) {
            return new S3Response(status, headers, new byte[0], Optional.empty());
        }
        ServiceModel model = op.service();
        for (Shape.Member member : shape.get().members().values()) {
            JsonNode value = output.get(member.name());
            if (value == null || value.isNull()) {
                continue;
            }
            switch (member.location().orElse("")) {
                case "header" -> headers.put(member.locationName(),
                        S3Headers.value(headerText(model.shape(member.shapeName()), value)));
                case "headers" -> value.properties().forEach(e ->
                        headers.put(member.locationName() + e.getKey(), S3Headers.value(e.getValue().asText())));
                case "statusCode" -> status = value.asInt(status);
                default -> { }
            }
        }
        if (status == 200 && output.hasNonNull("ContentRange")) {
            status = 206;  // a ranged read, which the model's one success code does not tell
        }
        byte[] body = body(op, shape.get(), output);
        if (body.length > 0) {
            headers.put("Content-Type", "application/xml");
        }
        if (method.equals("HEAD") || body.length > 0) {
            payload.ifPresent(S3ResponseWriter::discard);  // nothing of it is sent: a HEAD, or an XML answer
            return new S3Response(status, headers, method.equals("HEAD") ? new byte[0] : body, Optional.empty());
        }
        return new S3Response(status, headers, body, payload);
    }

    /**
     * S3's error document ({@code Code}, {@code Message}, the error's own elements, {@code Resource},
     * {@code RequestId}, {@code HostId}) with the error's status and headers; without a body where HTTP allows none
     * ({@code HEAD}, 304).
     */
    S3Response error(S3Exception error, String method, String resource, String requestId) {
        Map<String, String> headers = S3Headers.common(requestId);
        error.headers().forEach((name, value) -> headers.put(name, S3Headers.value(value)));
        if (method.equals("HEAD") || error.status() == 304) {
            return new S3Response(error.status(), headers, new byte[0], Optional.empty());
        }
        XmlWriter xml = new XmlWriter().start("Error").element("Code", error.code())
                .element("Message", error.getMessage() == null ? "" : error.getMessage());
        error.elements().forEach(xml::element);
        xml.element("Resource", resource).element("RequestId", requestId)
                .element("HostId", headers.get("x-amz-id-2")).end("Error");
        headers.put("Content-Type", "application/xml");
        return new S3Response(error.status(), headers, xml.bytes(), Optional.empty());
    }

    /** The XML document of the output's body members, or nothing when the output has none or streams its payload. */
    private static byte[] body(Operation op, Shape shape, ObjectNode output) {
        ServiceModel model = op.service();
        Optional<String> payloadName = shape.payloadMember();
        if (payloadName.isPresent()) {
            Shape.Member member = shape.members().get(payloadName.get());
            Shape payloadShape = model.shape(member.shapeName());
            JsonNode value = output.get(member.name());
            return switch (payloadShape.type()) {
                case "structure" -> document(model, member.locationName(), payloadShape,
                        value != null && value.isObject() ? (ObjectNode) value : output.objectNode(), false);
                case "string" -> value == null ? new byte[0] : value.asText().getBytes(StandardCharsets.UTF_8);
                default -> new byte[0];  // a blob goes as the streamed payload
            };
        }
        if (shape.members().values().stream().allMatch(m -> m.location().isPresent())) {
            return new byte[0];
        }
        String textRoot = TEXT_ROOTS.get(op.name());
        if (textRoot != null) {
            JsonNode value = output.get(textRoot);
            XmlWriter xml = new XmlWriter().start(ROOTS.get(op.name()), Map.of("xmlns", NAMESPACE));
            return xml.text(value == null || value.isNull() ? "" : value.asText()).end(ROOTS.get(op.name())).bytes();
        }
        boolean urlEncoded = "url".equals(output.path("EncodingType").asText(null));
        return document(model, ROOTS.getOrDefault(op.name(), op.name() + "Result"), shape, output, urlEncoded);
    }

    private static byte[] document(ServiceModel model, String root, Shape shape, ObjectNode value, boolean urlEncoded) {
        XmlWriter xml = new XmlWriter();
        new XmlBody(model, xml, urlEncoded).structure(root, shape, value, Map.of("xmlns", NAMESPACE));
        return xml.bytes();
    }

    private static String headerText(Shape shape, JsonNode value) {
        return switch (shape.type()) {
            case "timestamp" -> S3Timestamps.of(value)
                    .map(instant -> S3Timestamps.format(instant, shape.timestampFormat().orElse("rfc822")))
                    .orElse(value.asText());
            case "list" -> {
                StringBuilder joined = new StringBuilder();
                value.forEach(v -> joined.append(joined.isEmpty() ? "" : ",").append(v.asText()));
                yield joined.toString();
            }
            case "blob" -> value.isBinary() ? Base64.getEncoder().encodeToString(binary(value)) : value.asText();
            default -> value.asText();
        };
    }

    static byte[] binary(JsonNode value) {
        try {
            return value.binaryValue();
        } catch (IOException e) {
            throw new IllegalStateException("not binary: " + value.getNodeType(), e);
        }
    }

    private static void discard(ResponsePayload payload) {
        if (payload instanceof ResponsePayload.Streamed streamed) {
            try {
                streamed.stream().close();
            } catch (IOException e) {
                // nothing was sent from it; closing is only to let go of it
            }
        }
    }

    /** Headers every S3 response carries. */
    static final class S3Headers {
        private S3Headers() {
        }

        static Map<String, String> common(String requestId) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("x-amz-request-id", requestId);
            headers.put("x-amz-id-2", Base64.getEncoder().encodeToString(requestId.getBytes(StandardCharsets.UTF_8)));
            return headers;
        }

        /** A header value as it may go on the wire: no line breaks or other control characters to split a header. */
        static String value(String text) {
            StringBuilder clean = new StringBuilder(text.length());
            text.chars().forEach(c -> clean.append(c < 0x20 && c != '\t' || c == 0x7F ? ' ' : (char) c));
            return clean.toString();
        }
    }
}
