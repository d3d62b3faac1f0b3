package io.fleetline.api.s3;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.model.Shape;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes a value as the XML of its shape: a structure's body members in model order (header-bound ones left out,
 * {@code xmlAttribute} ones as attributes), lists wrapped or flattened, maps as entries, scalars as text. Absent
 * members are left out, as S3 leaves them out.
 */
final class XmlBody {
    /** What S3 percent-encodes in a listing asked with {@code encoding-type=url}, wherever it appears in it. */
    private static final Set<String> URL_ENCODED = Set.of("Key", "Prefix", "Delimiter", "Marker", "NextMarker",
            "StartAfter", "KeyMarker", "NextKeyMarker");
    private final ServiceModel model;
    private final XmlWriter xml;
    private final boolean urlEncoded;

    /** @param urlEncoded whether the listing was asked {@code encoding-type=url}: keys and prefixes go percent-encoded */
    XmlBody(ServiceModel model, XmlWriter xml, boolean urlEncoded) {
        this.model = model;
        this.xml = xml;
        this.urlEncoded = urlEncoded;
    }

    void structure(String element, Shape shape, JsonNode value, Map<String, String> declarations) {
        Map<String, String> attributes = new LinkedHashMap<>(declarations);
        shape.xmlNamespace().ifPresent(ns -> attributes.put(ns.prefix().map(p -> "xmlns:" + p).orElse("xmlns"), ns.uri()));
        for (Shape.Member member : shape.members().values()) {
            JsonNode memberValue = value.get(member.name());
            if (member.xmlAttribute() && member.location().isEmpty() && memberValue != null && !memberValue.isNull()) {
                attributes.put(member.locationName(), scalarText(model.shape(member.shapeName()), memberValue, false));
            }
        }
        xml.start(element, attributes);
        for (Shape.Member member : shape.members().values()) {
            JsonNode memberValue = value.get(member.name());
            if (member.location().isEmpty() && !member.xmlAttribute() && memberValue != null && !memberValue.isNull()) {
                member(member, memberValue);
            }
        }
        xml.end(element);
    }

    private void member(Shape.Member member, JsonNode value) {
        Shape shape = model.shape(member.shapeName());
        String name = XmlPayloadReader.elementName(model, member);
        if (shape.type().equals("list") && shape.flattened()) {
            Shape element = model.shape(shape.memberShapeName());
            value.forEach(item -> value(name, element, item, URL_ENCODED.contains(member.name())));
        } else {
            value(name, shape, value, URL_ENCODED.contains(member.name()));
        }
    }

    private void value(String element, Shape shape, JsonNode value, boolean encodable) {
        switch (shape.type()) {
            case "structure" -> structure(element, shape, value, Map.of());
            case "list" -> {
                xml.start(element);
                Shape item = model.shape(shape.memberShapeName());
                String itemName = shape.memberLocationName().orElse("member");
                value.forEach(v -> value(itemName, item, v, encodable));
                xml.end(element);
            }
            case "map" -> map(element, shape, value);
            default -> xml.element(element, scalarText(shape, value, encodable));
        }
    }

    private void map(String element, Shape shape, JsonNode value) {
        Shape valueShape = model.shape(shape.valueShapeName());
        if (!shape.flattened()) {
            xml.start(element);
        }
        value.properties().forEach(entry -> {
            String entryName = shape.flattened() ? element : "entry";
            xml.start(entryName).element(shape.keyLocationName(), entry.getKey());
            value(shape.valueLocationName(), valueShape, entry.getValue(), false);
            xml.end(entryName);
        });
        if (!shape.flattened()) {
            xml.end(element);
        }
    }

    private String scalarText(Shape shape, JsonNode value, boolean encodable) {
        return switch (shape.type()) {
            case "timestamp" -> S3Timestamps.of(value)
                    .map(instant -> S3Timestamps.format(instant, shape.timestampFormat().orElse("iso8601")))
                    .orElse(value.asText());
            case "blob" -> value.isBinary()
                    ? Base64.getEncoder().encodeToString(S3ResponseWriter.binary(value)) : value.asText();
            case "string" -> encodable && urlEncoded ? urlEncode(value.asText()) : value.asText();
            default -> value.asText();
        };
    }

    /**
     * S3's {@code encoding-type=url}: every byte of the UTF-8 form percent-encoded but the unreserved characters and
     * {@code /}, a space as {@code +} (the SDKs and the CLI decode with form decoding).
     */
    static String urlEncode(String text) {
        StringBuilder encoded = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
                encoded.append((char) c);
            } else if (c == ' ') {
                encoded.append('+');
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return encoded.toString();
    }
}
