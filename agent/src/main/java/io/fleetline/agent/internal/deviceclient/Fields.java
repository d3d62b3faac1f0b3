package io.fleetline.agent.internal.deviceclient;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The fields of one object of a job document, read by type; a field of the wrong type names itself. */
final class Fields {
    private final JsonNode node;
    private final String where;

    /** {@code where} prefixes field names in reasons: {@code "steps[0].action."}. */
    Fields(JsonNode node, String where) throws InvalidJobDocument {
        if (!node.isObject()) {
            throw new InvalidJobDocument(where.isEmpty() ? "the job document must be an object"
                    : where.substring(0, where.length() - 1) + " must be an object");
        }
        this.node = node;
        this.where = where;
    }

    boolean has(String field) {
        return node.has(field);
    }

    /** A required string of at least one character. */
    String text(String field) throws InvalidJobDocument {
        String text = optionalText(field);
        if (text.isEmpty()) {
            throw new InvalidJobDocument(where + field + " is missing");
        }
        return text;
    }

    /** A string, or empty when the field is absent. */
    String optionalText(String field) throws InvalidJobDocument {
        JsonNode value = node.get(field);
        if (value == null) {
            return "";
        }
        if (!value.isTextual()) {
            throw new InvalidJobDocument(where + field + " must be a string");
        }
        return value.textValue();
    }

    /** A required object. */
    JsonNode object(String field) throws InvalidJobDocument {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new InvalidJobDocument(where + field + " is missing");
        }
        if (!value.isObject()) {
            throw new InvalidJobDocument(where + field + " must be an object");
        }
        return value;
    }

    /**
     * A flag, false when absent. The schema spells flags as the strings {@code "true"} and {@code "false"}; the
     * Device Client's own README shows JSON booleans for {@code includeStdOut}, so both are read.
     */
    boolean flag(String field) throws InvalidJobDocument {
        JsonNode value = node.get(field);
        if (value == null) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
            return value.textValue().equals("true");
        }
        throw new InvalidJobDocument(where + field + " must be \"true\" or \"false\"");
    }

    /** A count of zero or more, zero when absent. */
    int count(String field) throws InvalidJobDocument {
        JsonNode value = node.get(field);
        if (value == null) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new InvalidJobDocument(where + field + " must be a whole number of 0 or more");
        }
        return value.intValue();
    }

    /** An array of strings, empty when absent. */
    List<String> strings(String field) throws InvalidJobDocument {
        JsonNode value = node.get(field);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidJobDocument(where + field + " must be an array of strings");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new InvalidJobDocument(where + field + " must be an array of strings");
            }
            strings.add(element.textValue());
        }
        return strings;
    }
}
