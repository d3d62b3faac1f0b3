package io.fleetline.storage.ota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading storage's JSON columns: absent members are empty, never defaults. */
final class Columns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Columns() {
    }

    static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored OTA update column is corrupt", e);
        }
    }

    static Optional<String> text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    static Optional<Integer> integer(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asInt());
    }

    static Optional<Long> longValue(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asLong());
    }

    static Optional<JsonNode> object(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value != null && value.isObject() ? Optional.of(value) : Optional.empty();
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static Map<String, String> map(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }
}
