package io.fleetline.security.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.core.error.FleetlineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a statement's {@code Condition} block: operator (with an optional {@code ForAnyValue:} or
 * {@code ForAllValues:} prefix) to context key to one value or a list of values.
 */
final class ConditionParser {
    private ConditionParser() {
    }

    /** The conditions of {@code block}, or none when the statement has no {@code Condition}. */
    static List<Condition> conditions(JsonNode block, String where, boolean variables) {
        if (block == null) {
            return List.of();
        }
        if (!block.isObject() || block.isEmpty()) {
            throw FleetlineException.invalid(where + " must be a non-empty JSON object");
        }
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> operatorEntry : block.properties()) {
            String operatorName = operatorEntry.getKey();
            Condition.SetQualifier qualifier = qualifier(operatorName);
            String bareName = operatorName.substring(qualifier.prefix().length());
            ConditionOperator operator = ConditionOperator.fromPolicyName(bareName).orElseThrow(() ->
                    FleetlineException.invalid(where + " has an unknown operator \"" + operatorName + "\""));
            JsonNode keys = operatorEntry.getValue();
            if (!keys.isObject() || keys.isEmpty()) {
                throw FleetlineException.invalid(where + "." + operatorName
                        + " must be a non-empty object of condition keys");
            }
            for (Map.Entry<String, JsonNode> keyEntry : keys.properties()) {
                String at = where + "." + operatorName + "." + keyEntry.getKey();
                conditions.add(new Condition(qualifier, operator, VariableRef.parse(keyEntry.getKey()),
                        values(keyEntry.getValue(), operator, at, variables)));
            }
        }
        return conditions;
    }

    private static Condition.SetQualifier qualifier(String operatorName) {
        for (Condition.SetQualifier qualifier : Condition.SetQualifier.values()) {
            if (qualifier != Condition.SetQualifier.NONE && operatorName.startsWith(qualifier.prefix())) {
                return qualifier;
            }
        }
        return Condition.SetQualifier.NONE;
    }

    private static List<PolicyPattern> values(JsonNode node, ConditionOperator operator, String where,
            boolean variables) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        if (items.isEmpty()) {
            throw FleetlineException.invalid(where + " must not be an empty list");
        }
        List<PolicyPattern> values = new ArrayList<>();
        for (JsonNode item : items) {
            values.add(value(item, operator, where, variables));
        }
        return values;
    }

    private static PolicyPattern value(JsonNode item, ConditionOperator operator, String where, boolean variables) {
        if (!item.isTextual() && !item.isBoolean() && !item.isNumber()) {
            throw FleetlineException.invalid(where + " must be a string, boolean or number, or a list of them");
        }
        String text = item.asText();
        if (operator.comparison() == ConditionOperator.Comparison.BOOLEAN) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (!lower.equals("true") && !lower.equals("false")) {
                throw FleetlineException.invalid(where + " must be true or false for Bool, not \"" + text + "\"");
            }
            return PolicyPattern.compile(lower, false, false);
        }
        return PolicyPattern.compile(text, operator.comparison().usesWildcards(), variables);
    }
}
