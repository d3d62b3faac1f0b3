package io.fleetline.security.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fleetline.core.error.FleetlineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns policy JSON into a compiled {@link PolicyDocument}, rejecting anything AWS would not accept. */
final class PolicyParser {
    /** Configured once and never changed, so it is safe to share. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> DOCUMENT_ELEMENTS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_ELEMENTS =
            Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");
    private static final Pattern ACTION = Pattern.compile("\\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+");

    private PolicyParser() {
    }

    static PolicyDocument parse(String json) {
        if (json == null || json.isBlank()) {
            throw FleetlineException.invalid("The policy document is empty");
        }
        if (json.length() > PolicyDocument.MAX_LENGTH) {
            throw FleetlineException.invalid("The policy document has " + json.length()
                    + " characters; at most " + PolicyDocument.MAX_LENGTH + " are allowed");
        }
        JsonNode root = readJson(json);
        if (!root.isObject()) {
            throw FleetlineException.invalid("The policy document must be a JSON object");
        }
        requireOnly(root, DOCUMENT_ELEMENTS, "The policy document");
        String version = version(root);
        boolean variables = version.equals(PolicyDocument.VERSION_2012_10_17);
        List<Statement> statements = new ArrayList<>();
        List<JsonNode> nodes = statementNodes(root);
        for (int i = 0; i < nodes.size(); i++) {
            statements.add(statement(nodes.get(i), "Statement[" + i + "]", variables));
        }
        return new PolicyDocument(version, statements);
    }

    private static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw FleetlineException.invalid("The policy document is not valid JSON" + where + ": "
                    + e.getOriginalMessage());
        }
    }

    private static String version(JsonNode root) {
        JsonNode version = root.get("Version");
        if (version == null) {
            throw FleetlineException.invalid("The policy document needs a Version; use \""
                    + PolicyDocument.VERSION_2012_10_17 + "\"");
        }
        String text = version.isTextual() ? version.textValue() : version.toString();
        if (!text.equals(PolicyDocument.VERSION_2012_10_17) && !text.equals(PolicyDocument.VERSION_2008_10_17)) {
            throw FleetlineException.invalid("Unsupported policy Version " + text + "; use \""
                    + PolicyDocument.VERSION_2012_10_17 + "\"");
        }
        return text;
    }

    private static List<JsonNode> statementNodes(JsonNode root) {
        JsonNode statement = root.get("Statement");
        if (statement == null) {
            throw FleetlineException.invalid("The policy document needs a Statement");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(nodes::add);
        } else {
            nodes.add(statement);
        }
        if (nodes.isEmpty()) {
            throw FleetlineException.invalid("The policy document's Statement list is empty");
        }
        return nodes;
    }

    private static Statement statement(JsonNode node, String where, boolean variables) {
        if (!node.isObject()) {
            throw FleetlineException.invalid(where + " must be a JSON object");
        }
        requireOnly(node, STATEMENT_ELEMENTS, where);
        JsonNode sid = node.get("Sid");
        if (sid != null && !sid.isTextual()) {
            throw FleetlineException.invalid(where + ".Sid must be a string");
        }
        return new Statement(effect(node, where), actions(node, where), resources(node, where, variables),
                ConditionParser.conditions(node.get("Condition"), where + ".Condition", variables));
    }

    private static Effect effect(JsonNode node, String where) {
        JsonNode effect = node.get("Effect");
        for (Effect candidate : Effect.values()) {
            if (effect != null && effect.isTextual() && effect.textValue().equals(candidate.policyName())) {
                return candidate;
            }
        }
        throw FleetlineException.invalid(where + ".Effect must be \"Allow\" or \"Deny\""
                + (effect == null ? "" : ", not " + shown(effect)));
    }

    private static ActionMatcher actions(JsonNode node, String where) {
        String element = exactlyOne(node, "Action", "NotAction", where);
        List<String> actions = strings(node.get(element), where + "." + element);
        for (String action : actions) {
            if (!ACTION.matcher(action).matches()) {
                throw FleetlineException.invalid(where + "." + element + " has \"" + action
                        + "\"; an action is \"*\" or service:name, such as iot:Publish or iot:*");
            }
        }
        return ActionMatcher.compile(actions, element.equals("NotAction"));
    }

    private static ResourceMatcher resources(JsonNode node, String where, boolean variables) {
        String element = exactlyOne(node, "Resource", "NotResource", where);
        List<PolicyPattern> patterns = new ArrayList<>();
        for (String resource : strings(node.get(element), where + "." + element)) {
            if (!resource.equals("*") && !resource.startsWith("arn:")) {
                throw FleetlineException.invalid(where + "." + element + " has \"" + resource
                        + "\"; a resource is \"*\" or an ARN");
            }
            patterns.add(PolicyPattern.compile(resource, true, variables));
        }
        return new ResourceMatcher(patterns, element.equals("NotResource"));
    }

    private static String exactlyOne(JsonNode node, String positive, String negative, String where) {
        boolean hasPositive = node.has(positive);
        if (hasPositive == node.has(negative)) {
            throw FleetlineException.invalid(where + " needs exactly one of " + positive + " and " + negative);
        }
        return hasPositive ? positive : negative;
    }

    /** A string or a non-empty list of non-empty strings. */
    static List<String> strings(JsonNode node, String where) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> values.add(nonEmptyText(item, where)));
        } else {
            values.add(nonEmptyText(node, where));
        }
        if (values.isEmpty()) {
            throw FleetlineException.invalid(where + " must not be an empty list");
        }
        return values;
    }

    private static String nonEmptyText(JsonNode node, String where) {
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw FleetlineException.invalid(where + " must be a non-empty string or a list of them, not "
                    + shown(node));
        }
        return node.textValue();
    }

    /** A node as an error message shows it: short enough to read, whatever the client sent. */
    static String shown(JsonNode node) {
        String text = node.toString();
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static void requireOnly(JsonNode node, Set<String> allowed, String where) {
        for (Map.Entry<String, JsonNode> element : node.properties()) {
            if (!allowed.contains(element.getKey())) {
                throw FleetlineException.invalid(where + " has an unknown element \"" + element.getKey() + "\"");
            }
        }
    }
}
