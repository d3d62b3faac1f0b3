package io.fleetline.api.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An operation's input after binding and validation, read by member name. Required members were checked
 * against the model before a handler sees them.
 */
public final class Input {
    private final ObjectNode node;

    public Input(ObjectNode node) {
        this.node = node;
    }

    public ObjectNode node() {
        return node;
    }

    /** A member the model requires (validation guarantees it is there). */
    public String string(String member) {
        return optString(member).orElseThrow(() -> new IllegalStateException("required member missing: " + member));
    }

    public Optional<String> optString(String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    public Optional<Long> optLong(String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asLong());
    }

    public Optional<Integer> optInt(String member) {
        return optLong(member).map(Long::intValue);
    }

    public boolean bool(String member) {
        JsonNode value = node.get(member);
        return value != null && value.asBoolean(false);
    }

    public Optional<JsonNode> object(String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    public List<String> strings(String member) {
        return strings(node.get(member));
    }

    public static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    /** A JSON object of strings as a map, keeping its order. */
    public static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    /** An AWS tag list ({@code [{"Key": ..., "Value": ...}]}) as a map. */
    public Map<String, String> tags(String member) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode list = node.get(member);
        if (list != null) {
            list.forEach(tag -> tags.put(tag.path("Key").asText(), tag.path("Value").asText("")));
        }
        return tags;
    }
}
