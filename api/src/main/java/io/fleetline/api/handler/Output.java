package io.fleetline.api.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.page.Page;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Building output members: absent values are omitted, timestamps are epoch seconds as JSON numbers. */
public final class Output {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Output() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ObjectNode empty() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static void put(ObjectNode node, String member, Optional<String> value) {
        value.ifPresent(v -> node.put(member, v));
    }

    /** Epoch seconds with millisecond fraction, e.g. {@code 1478299948.882}, as the control plane answers. */
    public static JsonNode timestamp(Instant instant) {
        return NODES.numberNode(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }

    public static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode node = NODES.objectNode();
        map.forEach(node::put);
        return node;
    }

    /** Sets the page's {@code nextToken} member when more results remain. */
    public static void nextToken(ObjectNode node, Page<?> page) {
        page.nextToken().ifPresent(t -> node.put("nextToken", t));
    }
}
