package io.fleetline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.search.ThingDocument;
import io.fleetline.search.indexing.IndexingConfiguration;
import io.fleetline.search.indexing.ShadowSource;
import io.fleetline.shadow.ShadowKey;
import io.fleetline.shadow.ShadowService;
import java.util.Map;
import java.util.Optional;

/**
 * A thing's shadows as fleet indexing takes them, read from the shadow service: each leaf of {@code reported},
 * {@code desired}, {@code delta} and {@code metadata} (timestamps) at its dotted path (each element of an array of
 * values), {@code hasDelta}, and the JSON SearchIndex answers as the thing's {@code shadow}: the classic shadow's
 * sections and version, the named ones under {@code name}.
 */
final class ShadowIndexSource implements ShadowSource {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] SECTIONS = {"reported", "desired", "delta"};
    private final ShadowService shadows;

    ShadowIndexSource(ShadowService shadows) {
        this.shadows = shadows;
    }

    @Override
    public void addShadows(String thingName, IndexingConfiguration configuration, ThingDocument.Builder document) {
        ObjectNode json = F.objectNode();
        if (configuration.classicShadow()) {
            shadows.indexed(ShadowKey.classic(thingName)).ifPresent(shadow -> {
                fields(shadow, (section, path, value) -> document.classic(section, path, value));
                document.hasDelta(hasDelta(shadow));
                json.setAll(answered(shadow));
            });
        }
        ObjectNode named = F.objectNode();
        for (String name : configuration.indexedNamedShadows()) {
            shadows.indexed(ShadowKey.named(thingName, name)).ifPresent(shadow -> {
                fields(shadow, (section, path, value) -> document.named(name, section, path, value));
                document.hasDelta(name, hasDelta(shadow));
                named.set(name, answered(shadow));
            });
        }
        if (!named.isEmpty()) {
            json.set("name", named);
        }
        if (!json.isEmpty()) {
            document.shadowJson(json.toString());
        }
    }

    /** A leaf of a shadow's section at its dotted path. */
    private interface Leaf {
        void add(String section, String path, String value);
    }

    private static void fields(ObjectNode shadow, Leaf leaf) {
        JsonNode state = shadow.path("state");
        for (String section : SECTIONS) {
            walk(state.path(section), "", (path, value) -> leaf.add(section, path, value));
        }
        walk(shadow.path("metadata"), "", (path, value) -> leaf.add("metadata", path, value));
    }

    private static void walk(JsonNode node, String path, java.util.function.BiConsumer<String, String> sink) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                walk(member.getValue(), path.isEmpty() ? member.getKey() : path + "." + member.getKey(), sink);
            }
        } else if (node.isArray()) {
            node.forEach(element -> value(element).ifPresent(v -> sink.accept(path, v)));
        } else if (!path.isEmpty()) {
            value(node).ifPresent(v -> sink.accept(path, v));
        }
    }

    /** A scalar as the index takes it: text as it is, numbers and booleans as JSON writes them; no nulls. */
    private static Optional<String> value(JsonNode node) {
        if (node.isTextual()) {
            return Optional.of(node.textValue());
        }
        return node.isValueNode() && !node.isNull() ? Optional.of(node.toString()) : Optional.empty();
    }

    private static boolean hasDelta(ObjectNode shadow) {
        JsonNode delta = shadow.path("state").path("delta");
        return delta.isObject() && !delta.isEmpty();
    }

    /** The shadow as SearchIndex answers it: its sections, metadata, version and whether it has a delta. */
    private static ObjectNode answered(ObjectNode shadow) {
        ObjectNode out = F.objectNode();
        shadow.path("state").properties().forEach(section -> out.set(section.getKey(), section.getValue()));
        out.set("metadata", shadow.path("metadata"));
        out.put("version", shadow.path("version").asLong());
        out.put("hasDelta", hasDelta(shadow));
        return out;
    }
}
