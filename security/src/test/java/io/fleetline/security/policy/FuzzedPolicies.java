package io.fleetline.security.policy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Policy documents, contexts and requests drawn from fuzzer input. Mostly near the grammar, built from the
 * words policies use (actions, ARN shapes, variables, condition operators and keys) mixed with raw fuzzed text,
 * so that the fuzzer spends its time past the JSON syntax, in the parser's checks and the evaluator.
 */
final class FuzzedPolicies {
    static final String ARN_PREFIX = "arn:aws:iot:us-east-1:123456789012:";
    static final String TOPIC_PREFIX = ARN_PREFIX + "topic/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] VERSIONS = {PolicyDocument.VERSION_2012_10_17, PolicyDocument.VERSION_2008_10_17};
    private static final String[] EFFECTS = {"Allow", "Deny"};
    private static final String[] ACTIONS = {"iot:Connect", "iot:Publish", "iot:Receive", "iot:Subscribe",
        "iot:RetainPublish", "iot:GetThingShadow", "iot:UpdateThingShadow", "iot:*", "*", "iot:Get*", "iot:?ublish",
        "IOT:publish"};
    private static final String[] RESOURCE_TYPES = {"client/", "topic/", "topicfilter/", "thing/", ""};
    private static final String[] VARIABLES = {"iot:ClientId", "iot:Connection.Thing.ThingName",
        "iot:Connection.Thing.ThingTypeName", "iot:Connection.Thing.IsAttached", "iot:Connection.Thing.Attributes[loc]",
        "iot:CertificateId", "iot:Certificate.SerialNumber", "iot:Certificate.Subject.CommonName",
        "iot:Certificate.Subject.Organization.List", "iot:Certificate.Subject.OrganizationalUnit#1",
        "iot:Certificate.Issuer.Country.0", "iot:Certificate.AvailableKeys", "aws:SourceIp", "*", "?", "$", "nope"};
    private static final String[] PIECES = {"*", "?", "/", "+", "#", "$aws/things/", "fleet", "dev-1", "a", ":", "${",
        "}", "${*}", "${?}", "${$}", "%", "\u00e9", "\ud83d\ude00", ""};
    private static final String[] OPERATORS = {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "Bool", "ArnEquals", "ArnNotEquals", "ArnLike",
        "ArnNotLike", "NumericEquals"};
    private static final String[] QUALIFIERS = {"", "", "ForAnyValue:", "ForAllValues:"};

    private final FuzzedDataProvider data;

    FuzzedPolicies(FuzzedDataProvider data) {
        this.data = data;
    }

    /** A document's text: usually grammatical, sometimes with one character changed, sometimes anything. */
    String documentText() {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> data.consumeString(2_000);
            case 1 -> mutated(document().toString());
            default -> document().toString();
        };
    }

    private String mutated(String text) {
        if (text.isEmpty()) {
            return text;
        }
        int at = data.consumeInt(0, text.length() - 1);
        return text.substring(0, at) + data.consumeChar() + text.substring(at + 1);
    }

    private ObjectNode document() {
        ObjectNode document = JSON.createObjectNode();
        document.put("Version", data.consumeInt(0, 9) == 0 ? data.consumeString(12) : data.pickValue(VERSIONS));
        int statements = data.consumeInt(0, 3);
        if (statements == 1 && data.consumeBoolean()) {
            document.set("Statement", statement());
        } else {
            ArrayNode list = document.putArray("Statement");
            for (int i = 0; i < statements; i++) {
                list.add(statement());
            }
        }
        if (data.consumeInt(0, 15) == 0) {
            document.put(data.consumeString(8), data.consumeString(8));
        }
        return document;
    }

    private ObjectNode statement() {
        ObjectNode statement = JSON.createObjectNode();
        if (data.consumeInt(0, 7) == 0) {
            statement.put("Sid", data.consumeString(10));
        }
        statement.put("Effect", data.consumeInt(0, 15) == 0 ? data.consumeString(6) : data.pickValue(EFFECTS));
        strings(statement, data.consumeInt(0, 7) == 0 ? "NotAction" : "Action", this::action);
        strings(statement, data.consumeInt(0, 7) == 0 ? "NotResource" : "Resource", this::resourcePattern);
        if (data.consumeInt(0, 2) == 0) {
            statement.set("Condition", condition());
        }
        return statement;
    }

    private void strings(ObjectNode into, String element, Supplier<String> value) {
        int count = data.consumeInt(0, 3);
        if (count == 1 && data.consumeBoolean()) {
            into.put(element, value.get());
            return;
        }
        ArrayNode list = into.putArray(element);
        for (int i = 0; i < count; i++) {
            list.add(value.get());
        }
    }

    String action() {
        return data.consumeInt(0, 7) == 0 ? data.consumeString(16) : data.pickValue(ACTIONS);
    }

    /** A resource as policies write it: an ARN of some type whose tail mixes words, wildcards and variables. */
    private String resourcePattern() {
        if (data.consumeInt(0, 9) == 0) {
            return data.consumeBoolean() ? "*" : data.consumeString(24);
        }
        return ARN_PREFIX + data.pickValue(RESOURCE_TYPES) + tail(true);
    }

    private String tail(boolean variables) {
        StringBuilder tail = new StringBuilder();
        int parts = data.consumeInt(0, 6);
        for (int i = 0; i < parts; i++) {
            switch (data.consumeInt(0, 3)) {
                case 0 -> tail.append(data.consumeString(6));
                case 1 -> tail.append(variables ? "${" + data.pickValue(VARIABLES) + "}" : data.pickValue(PIECES));
                default -> tail.append(data.pickValue(PIECES));
            }
        }
        return tail.toString();
    }

    private ObjectNode condition() {
        ObjectNode block = JSON.createObjectNode();
        int operators = data.consumeInt(0, 2);
        for (int i = 0; i < operators; i++) {
            ObjectNode keys = block.putObject(data.pickValue(QUALIFIERS) + data.pickValue(OPERATORS));
            int count = data.consumeInt(0, 2);
            for (int k = 0; k < count; k++) {
                String key = data.consumeInt(0, 7) == 0 ? data.consumeString(12) : data.pickValue(VARIABLES);
                switch (data.consumeInt(0, 4)) {
                    case 0 -> keys.put(key, data.consumeBoolean());
                    case 1 -> keys.put(key, data.consumeLong());
                    case 2 -> keys.putArray(key).add(tail(true)).add(tail(true));
                    default -> keys.put(key, tail(true));
                }
            }
        }
        return block;
    }

    /** What the principal's connection and certificate supply; any of it may be missing. */
    AuthorizationContext context() {
        AuthorizationContext.Builder context = AuthorizationContext.builder();
        if (data.consumeBoolean()) {
            context.clientId(word());
        }
        if (data.consumeBoolean()) {
            context.thingName(word()).thingAttached(data.consumeBoolean());
        }
        if (data.consumeBoolean()) {
            context.thingAttribute("loc", word());
        }
        if (data.consumeBoolean()) {
            context.certificateId(word()).certificateSerialNumber(word());
        }
        int fields = data.consumeInt(0, 3);
        for (int i = 0; i < fields; i++) {
            List<String> values = new ArrayList<>();
            int count = data.consumeInt(0, 7);
            for (int v = 0; v < count; v++) {
                values.add(word());
            }
            context.certificate(data.pickValue(CertificateName.values()), data.pickValue(CertificateField.values()),
                    values);
        }
        return context.build();
    }

    /** A value a device controls: its client id, a topic level, a certificate field. */
    String word() {
        return data.consumeBoolean() ? data.pickValue(PIECES) + data.pickValue(PIECES) : data.consumeString(12);
    }

    /** A resource ARN as the broker builds it for a request. */
    String resource() {
        if (data.consumeInt(0, 15) == 0) {
            return data.consumeString(24);
        }
        return ARN_PREFIX + data.pickValue(RESOURCE_TYPES) + tail(false);
    }

    /** An MQTT topic filter the broker would accept: levels of text or {@code +}, maybe a last {@code #}. */
    List<String> topicFilterLevels() {
        List<String> levels = new ArrayList<>();
        int count = data.consumeInt(1, 4);
        for (int i = 0; i < count; i++) {
            levels.add(data.consumeInt(0, 2) == 0 ? "+" : level());
        }
        if (data.consumeBoolean()) {
            levels.add("#");
        }
        return levels;
    }

    /** How many levels a {@code #} stands for in a topic. */
    int levelCount() {
        return data.consumeInt(0, 2);
    }

    /** One topic level: no {@code /}, and no MQTT wildcard character. */
    String level() {
        String level = data.consumeBoolean() ? data.pickValue(PIECES) : data.consumeString(6);
        return level.replace("/", "").replace("+", "").replace("#", "");
    }
}
