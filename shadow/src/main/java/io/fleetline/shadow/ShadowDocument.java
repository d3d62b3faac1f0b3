package io.fleetline.shadow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A shadow's document: its state ({@code desired} and {@code reported}, each absent when empty) and the metadata that
 * mirrors it with a {@code {"timestamp": epochSeconds}} per leaf. Held as copies: no caller's tree changes it.
 */
public record ShadowDocument(ObjectNode state, ObjectNode metadata) {
    static final String DESIRED = "desired";
    static final String REPORTED = "reported";

    public ShadowDocument {
        state = state.deepCopy();
        metadata = metadata.deepCopy();
    }

    /** A copy: the document cannot be changed through it. */
    @Override
    public ObjectNode state() {
        return state.deepCopy();
    }

    /** A copy: the document cannot be changed through it. */
    @Override
    public ObjectNode metadata() {
        return metadata.deepCopy();
    }

    static ShadowDocument empty() {
        return new ShadowDocument(JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode());
    }

    /** The state's section, when it holds anything. */
    Optional<ObjectNode> section(String name) {
        return Optional.ofNullable(state.get(name)).filter(ObjectNode.class::isInstance).map(ObjectNode.class::cast);
    }

    /** The bytes of desired and reported as JSON: what AWS counts towards the 8 KB limit (metadata is not). */
    int stateBytes() {
        return ShadowRules.jsonBytes(state);
    }

    /** The state with {@code delta} added when desired differs from reported: what a get answers. */
    ObjectNode stateWithDelta() {
        ObjectNode out = state.deepCopy();
        delta().ifPresent(delta -> out.set("delta", delta));
        return out;
    }

    /** The fields of desired that reported lacks or holds otherwise, with their full paths; empty when none. */
    Optional<ObjectNode> delta() {
        ObjectNode desired = section(DESIRED).orElse(JsonNodeFactory.instance.objectNode());
        ObjectNode delta = ShadowRules.delta(desired,
                section(REPORTED).orElse(JsonNodeFactory.instance.objectNode()));
        return delta.isEmpty() ? Optional.empty() : Optional.of(delta);
    }

    /** The desired metadata of the delta's fields. */
    ObjectNode deltaMetadata(ObjectNode delta) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode desiredMeta = Optional.ofNullable(metadata.get(DESIRED)).filter(ObjectNode.class::isInstance)
                .map(ObjectNode.class::cast).orElse(f.objectNode());
        return ShadowRules.metadataOf(delta, desiredMeta);
    }
}
