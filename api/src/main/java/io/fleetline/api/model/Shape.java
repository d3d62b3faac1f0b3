package io.fleetline.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A shape of the model with the constraints Fleetline checks: type, required members, length or value
 * range, pattern and enum. Member and element shapes are looked up through the owning model lazily, since
 * shapes refer to each other (and to themselves) freely.
 */
public final class Shape {
    private final String name;
    private final JsonNode node;
    private final String type;
    private final Map<String, Member> members;
    private final List<String> required;
    private final List<String> enumValues;
    private final Optional<Pattern> pattern;

    Shape(String name, JsonNode node) {
        this.name = name;
        this.node = node;
        this.type = node.path("type").asText();
        Map<String, Member> memberMap = new LinkedHashMap<>();
        node.path("members").properties().forEach(e -> memberMap.put(e.getKey(), new Member(e.getKey(), e.getValue())));
        this.members = Collections.unmodifiableMap(memberMap);
        this.required = strings(node.path("required"));
        this.enumValues = strings(node.path("enum"));
        this.pattern = compile(node.path("pattern").asText(null));
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public Map<String, Member> members() {
        return members;
    }

    public List<String> required() {
        return required;
    }

    public List<String> enumValues() {
        return enumValues;
    }

    public Optional<Pattern> pattern() {
        return pattern;
    }

    public OptionalDouble min() {
        return node.has("min") ? OptionalDouble.of(node.path("min").asDouble()) : OptionalDouble.empty();
    }

    public OptionalDouble max() {
        return node.has("max") ? OptionalDouble.of(node.path("max").asDouble()) : OptionalDouble.empty();
    }

    /** For a list, its element's shape name; for a map, its key's and value's. */
    public String memberShapeName() {
        return node.path("member").path("shape").asText();
    }

    public String keyShapeName() {
        return node.path("key").path("shape").asText();
    }

    public String valueShapeName() {
        return node.path("value").path("shape").asText();
    }

    /**
     * For a list, the XML name its model gives each element ({@code "member": {"locationName": "Bucket"}}), if it
     * gives one.
     */
    public Optional<String> memberLocationName() {
        return Optional.ofNullable(node.path("member").path("locationName").asText(null));
    }

    /** For a map, the XML names of an entry's key and value ({@code key} and {@code value} unless the model says). */
    public String keyLocationName() {
        return node.path("key").path("locationName").asText("key");
    }

    public String valueLocationName() {
        return node.path("value").path("locationName").asText("value");
    }

    /** An XML list or map written as repeated elements in its parent, without a wrapping element. */
    public boolean flattened() {
        return node.path("flattened").asBoolean(false);
    }

    /** A timestamp's wire format when the model fixes it ({@code iso8601}, {@code rfc822}, {@code unixTimestamp}). */
    public Optional<String> timestampFormat() {
        return Optional.ofNullable(node.path("timestampFormat").asText(null));
    }

    /** The namespace a structure's element declares (S3's {@code Grantee} declares {@code xsi} for its type). */
    public Optional<XmlNamespace> xmlNamespace() {
        return XmlNamespace.of(node.path("xmlNamespace"));
    }

    /** A blob whose bytes are streamed rather than held (newer models mark the shape, older ones the member). */
    public boolean streaming() {
        return node.path("streaming").asBoolean(false);
    }

    /** The member whose body is the raw payload (blob-bodied operations such as iot-data Publish). */
    public Optional<String> payloadMember() {
        return Optional.ofNullable(node.path("payload").asText(null));
    }

    public boolean isError() {
        return node.path("exception").asBoolean(false);
    }

    /** The HTTP status of an error shape. */
    public int errorStatus() {
        return node.path("error").path("httpStatusCode").asInt(400);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }

    /** A model pattern Java cannot compile is not checked rather than failing start-up. */
    private static Optional<Pattern> compile(String regex) {
        if (regex == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * A member of a structure: its shape and where it binds on the wire. The XML protocols add: a {@code streaming}
     * payload (the body itself, never held whole), a member written as an attribute of its parent element rather than
     * as a child, and the namespace its element is written in.
     */
    public record Member(String name, String shapeName, Optional<String> location, String locationName,
                         boolean streaming, boolean xmlAttribute, Optional<XmlNamespace> xmlNamespace) {
        Member(String name, JsonNode node) {
            this(name, node.path("shape").asText(), Optional.ofNullable(node.path("location").asText(null)),
                    node.path("locationName").asText(name), node.path("streaming").asBoolean(false),
                    node.path("xmlAttribute").asBoolean(false), XmlNamespace.of(node.path("xmlNamespace")));
        }
    }

    /** An XML namespace the model declares on a member: its URI, and the prefix it is written with, if any. */
    public record XmlNamespace(Optional<String> prefix, String uri) {
        static Optional<XmlNamespace> of(JsonNode node) {
            return node.hasNonNull("uri")
                    ? Optional.of(new XmlNamespace(Optional.ofNullable(node.path("prefix").asText(null)),
                            node.path("uri").asText()))
                    : Optional.empty();
        }
    }
}
