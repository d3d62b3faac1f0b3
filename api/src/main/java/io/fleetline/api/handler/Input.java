package io.fleetline.api.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.binding.Blobs;
import io.fleetline.api.binding.Timestamps;
import io.fleetline.core.error.FleetlineException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An operation's input after binding and validation, read by member name. Required members were checked
 * against the model before a handler sees them. Scalars are read exactly: a value of the wrong type or one that does
 * not fit is an {@code InvalidRequestException}, never a silently converted or narrowed one.
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
        return present(member).map(value -> {
            if (!value.isTextual()) {
                throw unfit(member, value, "a string");
            }
            return value.textValue();
        });
    }

    /**
     * A {@code long} member. Validation has checked that it fits; reading it exactly anyway means a value that
     * slipped past is refused rather than wrapped (2^64 + 2 is not 2).
     */
    public Optional<Long> optLong(String member) {
        return present(member).map(value -> {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw unfit(member, value, "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
            }
            return value.longValue();
        });
    }

    /** An {@code integer} member, exactly (see {@link #optLong}). */
    public Optional<Integer> optInt(String member) {
        return present(member).map(value -> {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw unfit(member, value, "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
            }
            return value.intValue();
        });
    }

    /** A {@code boolean} member; absent is false, as the models' defaults are. */
    public boolean bool(String member) {
        return optBool(member).orElse(false);
    }

    /** A {@code boolean} member whose absence means something else than false (the model gives it no default). */
    public Optional<Boolean> optBool(String member) {
        return present(member).map(value -> {
            if (!value.isBoolean()) {
                throw unfit(member, value, "a boolean");
            }
            return value.booleanValue();
        });
    }

    /** A {@code timestamp} member (the validator checked it is one, in range). */
    public Optional<Instant> optInstant(String member) {
        return present(member).map(value -> Timestamps.instant(value).orElseThrow(() ->
                unfit(member, value, "a timestamp")));
    }

    /** A {@code blob} member of a JSON body, decoded from its base64 (the validator checked it is base64). */
    public Optional<byte[]> optBlob(String member) {
        return present(member).map(value -> {
            Optional<byte[]> bytes = value.isTextual() ? Blobs.decode(value.textValue()) : Optional.empty();
            return bytes.orElseThrow(() -> unfit(member, value, "base64-encoded binary data"));
        });
    }

    public Optional<JsonNode> object(String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private Optional<JsonNode> present(String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    /** Worded as the validator words it, since it is the same refusal. */
    private static FleetlineException unfit(String member, JsonNode value, String expected) {
        String shown = value.isValueNode() ? value.asText() : value.toString();
        return FleetlineException.invalid("1 validation error detected: Value '"
                + (shown.length() > 256 ? shown.substring(0, 256) + "..." : shown) + "' at '" + member
                + "' failed to satisfy constraint: Member must be " + expected);
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
