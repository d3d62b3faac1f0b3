package io.fleetline.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;

/** The document rules on Jackson trees: merge, metadata, delta, depth. */
final class ShadowRules {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Numbers are equal by value ({@code 1} and {@code 1.0}), as JSON means them; everything else by equals. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    private ShadowRules() {
    }

    /**
     * Merges {@code patch} into {@code target}, and its timestamps into {@code metadata}: objects merge key by key,
     * {@code null} removes the key, anything else (arrays included) replaces the value whole. An object left empty by
     * the removals goes too.
     */
    static void merge(ObjectNode target, ObjectNode metadata, ObjectNode patch, long timestamp) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(name);
                metadata.remove(name);
            } else if (value.isObject()) {
                mergeObject(target, metadata, name, (ObjectNode) value, timestamp);
            } else {
                target.set(name, value.deepCopy());
                metadata.set(name, leafMetadata(value, timestamp));
            }
        }
    }

    private static void mergeObject(ObjectNode target, ObjectNode metadata, String name, ObjectNode value,
                                    long timestamp) {
        boolean wasObject = target.get(name) instanceof ObjectNode;
        ObjectNode child = wasObject ? (ObjectNode) target.get(name) : F.objectNode();
        ObjectNode childMeta = wasObject && metadata.get(name) instanceof ObjectNode m ? m : F.objectNode();
        merge(child, childMeta, value, timestamp);
        if (child.isEmpty() && !value.isEmpty()) {
            target.remove(name);
            metadata.remove(name);
        } else {
            target.set(name, child);
            metadata.set(name, childMeta);
        }
    }

    /** The metadata of a value set whole: a timestamp per leaf, an array's per element. */
    static JsonNode leafMetadata(JsonNode value, long timestamp) {
        if (value.isArray()) {
            ArrayNode out = F.arrayNode();
            value.forEach(element -> out.add(leafMetadata(element, timestamp)));
            return out;
        }
        if (value.isObject()) {
            ObjectNode out = F.objectNode();
            value.properties().forEach(e -> out.set(e.getKey(), leafMetadata(e.getValue(), timestamp)));
            return out;
        }
        return F.objectNode().put("timestamp", timestamp);
    }

    /** The desired fields reported lacks or holds otherwise, each with its full path; arrays compared whole. */
    static ObjectNode delta(ObjectNode desired, ObjectNode reported) {
        ObjectNode delta = F.objectNode();
        for (Map.Entry<String, JsonNode> field : desired.properties()) {
            JsonNode want = field.getValue();
            JsonNode have = reported.get(field.getKey());
            if (want instanceof ObjectNode wantObject && have instanceof ObjectNode haveObject) {
                ObjectNode nested = delta(wantObject, haveObject);
                if (!nested.isEmpty()) {
                    delta.set(field.getKey(), nested);
                }
            } else if (have == null || !want.equals(BY_VALUE, have)) {
                delta.set(field.getKey(), want.deepCopy());
            }
        }
        return delta;
    }

    /** The part of {@code metadata} that mirrors {@code state}'s fields. */
    static ObjectNode metadataOf(ObjectNode state, ObjectNode metadata) {
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> field : state.properties()) {
            JsonNode meta = metadata.get(field.getKey());
            if (meta == null) {
                continue;
            }
            out.set(field.getKey(), field.getValue() instanceof ObjectNode child && meta instanceof ObjectNode m
                    ? metadataOf(child, m) : meta.deepCopy());
        }
        return out;
    }

    /** How deep a section nests: {@code {"a": 1}} is 1, {@code {"a": {"b": [1]}}} is 3. */
    static int depth(JsonNode node) {
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return node.isContainerNode() ? deepest + 1 : 0;
    }

    /** Whether an array anywhere in {@code node} holds a {@code null}, which shadows refuse. */
    static boolean hasNullInArray(JsonNode node) {
        for (JsonNode child : node) {
            if (node.isArray() && child.isNull() || hasNullInArray(child)) {
                return true;
            }
        }
        return false;
    }

    static int jsonBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree that cannot be written", e);
        }
    }
}
