package io.fleetline.security.policy;

import static io.fleetline.security.policy.FuzzedPolicies.TOPIC_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing (Jazzer) of the policy language, parser and evaluator. Every build replays the inputs
 * under {@code src/test/resources/io/fleetline/security/policy/PolicyFuzzTestInputs}; {@code mvn verify} and
 * {@code bench/fuzz policy} also fuzz it.
 *
 * <p>Any document either parses or is refused with {@code InvalidRequestException}; any decision on any request in
 * any context is reached without an exception; and three rules hold whatever the policies say: an explicit deny of
 * the request wins, a resource written without wildcards matches that resource and no other, and a topic filter the
 * evaluator proves covered (so the broker skips per-message checks) only leads to topics the policies allow.
 */
class PolicyFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLAIN_ACTION = Pattern.compile("[A-Za-z0-9-]+:[A-Za-z0-9]+");

    @FuzzTest(maxDuration = "10s")
    void any_document_parses_or_is_refused_and_decisions_keep_the_deny_literal_and_filter_rules(
            FuzzedDataProvider data) {
        FuzzedPolicies fuzzed = new FuzzedPolicies(data);
        List<NamedPolicy> policies = new ArrayList<>();
        int count = data.consumeInt(1, 3);
        for (int i = 0; i < count; i++) {
            String name = "p" + i;
            parsedOrRefused(fuzzed.documentText()).ifPresent(document -> policies.add(new NamedPolicy(name, document)));
        }
        AuthorizationContext context = fuzzed.context();
        String action = fuzzed.action();
        String resource = fuzzed.resource();

        Decision decision = PolicyEvaluator.evaluate(policies, action, resource, context);

        assertThat(policies.stream().map(NamedPolicy::name)).containsAll(decision.policyNames());
        anExplicitDenyWins(policies, action, resource, context);
        aLiteralResourceMatchesOnlyItself(action, resource, fuzzed.resource(), context);
        aCoveredFilterOnlyLeadsToAllowedTopics(policies, fuzzed, context);
    }

    private static Optional<PolicyDocument> parsedOrRefused(String text) {
        try {
            return Optional.of(PolicyDocument.parse(text));
        } catch (FleetlineException refused) {
            assertThat(refused.code()).as(refused.getMessage()).isEqualTo(ErrorCode.INVALID_REQUEST);
            return Optional.empty();
        }
    }

    private static void anExplicitDenyWins(List<NamedPolicy> policies, String action, String resource,
                                           AuthorizationContext context) {
        List<NamedPolicy> withDeny = new ArrayList<>(policies);
        withDeny.add(NamedPolicy.of("deny", document("Deny", PLAIN_ACTION.matcher(action).matches() ? action : "*",
                resource.startsWith("arn:") ? literal(resource) : "*")));

        assertThat(PolicyEvaluator.evaluate(withDeny, action, resource, context))
                .isInstanceOf(Decision.ExplicitDeny.class);
    }

    private static void aLiteralResourceMatchesOnlyItself(String action, String resource, String other,
                                                          AuthorizationContext context) {
        if (!resource.startsWith("arn:")) {
            return;
        }
        List<NamedPolicy> exactly = List.of(NamedPolicy.of("exact", document("Allow", "*", literal(resource))));

        assertThat(PolicyEvaluator.evaluate(exactly, action, resource, context).isAllowed()).isTrue();
        assertThat(PolicyEvaluator.evaluate(exactly, action, other, context).isAllowed())
                .as("%s allowed by a policy naming only %s", other, resource).isEqualTo(other.equals(resource));
    }

    private static void aCoveredFilterOnlyLeadsToAllowedTopics(List<NamedPolicy> policies, FuzzedPolicies fuzzed,
                                                               AuthorizationContext context) {
        List<String> levels = fuzzed.topicFilterLevels();
        String filter = String.join("/", levels);
        String topic = topicUnder(levels, fuzzed);
        if (filter.isEmpty() || topic.isEmpty()
                || !PolicyEvaluator.allowsEveryTopic(policies, "iot:Receive", TOPIC_PREFIX, filter, context)) {
            return;  // MQTT has no empty filter or topic
        }

        assertThat(PolicyEvaluator.evaluate(policies, "iot:Receive", TOPIC_PREFIX + topic, context).isAllowed())
                .as("topic %s under the filter %s the policies were proven to cover", topic, filter).isTrue();
    }

    /** A topic the filter matches: each {@code +} one level, a last {@code #} any levels or none. */
    private static String topicUnder(List<String> levels, FuzzedPolicies fuzzed) {
        List<String> topic = new ArrayList<>();
        for (String level : levels) {
            if (level.equals("+")) {
                topic.add(fuzzed.level());
            } else if (level.equals("#")) {
                int below = fuzzed.levelCount();
                for (int i = 0; i < below; i++) {
                    topic.add(fuzzed.level());
                }
            } else {
                topic.add(level);
            }
        }
        return String.join("/", topic);
    }

    private static String document(String effect, String action, String resource) {
        ObjectNode statement = JSON.createObjectNode().put("Effect", effect).put("Action", action)
                .put("Resource", resource);
        ObjectNode document = JSON.createObjectNode().put("Version", PolicyDocument.VERSION_2012_10_17);
        document.putArray("Statement").add(statement);
        return document.toString();
    }

    /** The policy text that stands for exactly {@code text}: its wildcards and {@code $} escaped as IAM does. */
    private static String literal(String text) {
        return text.replace("$", "${$}").replace("*", "${*}").replace("?", "${?}");
    }
}
