package io.fleetline.security.policy;

import static io.fleetline.security.policy.PolicyCheck.ARN_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proving that every topic under a subscription's filter may be received, so the broker can skip the
 * per-message {@code iot:Receive} decision. A yes must never be wrong; a no only costs a check.
 */
class TopicFilterCoverageTest {
    private static final String TOPIC = ARN_PREFIX + "topic/";

    private static List<NamedPolicy> policy(String statements) {
        return List.of(NamedPolicy.of("p", "{\"Version\": \"2012-10-17\", \"Statement\": [" + statements + "]}"));
    }

    private static String allowReceive(String topicPattern) {
        return "{\"Effect\": \"Allow\", \"Action\": \"iot:Receive\", \"Resource\": \"" + TOPIC + topicPattern + "\"}";
    }

    private static boolean everyTopic(List<NamedPolicy> policies, String filter) {
        return everyTopic(policies, filter, AuthorizationContext.empty());
    }

    private static boolean everyTopic(List<NamedPolicy> policies, String filter, AuthorizationContext context) {
        return PolicyEvaluator.allowsEveryTopic(policies, "iot:Receive", TOPIC, filter, context);
    }

    @Test
    void a_trailing_star_covers_every_filter_below_it() {
        List<NamedPolicy> fleet = policy(allowReceive("fleet/*"));

        assertThat(everyTopic(fleet, "fleet/a/#")).isTrue();
        assertThat(everyTopic(fleet, "fleet/+/telemetry")).isTrue();
        assertThat(everyTopic(fleet, "fleet/a/b")).isTrue();
        assertThat(everyTopic(fleet, "$share/workers/fleet/+")).isTrue();
    }

    @Test
    void a_filter_reaching_outside_the_allowed_topics_is_not_proven() {
        List<NamedPolicy> fleet = policy(allowReceive("fleet/*"));

        assertThat(everyTopic(fleet, "#")).isFalse();
        assertThat(everyTopic(fleet, "+/telemetry")).as("+ may be any first level").isFalse();
        // fleet/# also matches the topic "fleet" itself, which fleet/* does not allow; fleet* does
        assertThat(everyTopic(fleet, "fleet/#")).isFalse();
        assertThat(everyTopic(policy(allowReceive("fleet*")), "fleet/#")).isTrue();
        assertThat(everyTopic(fleet, "other/x")).isFalse();
    }

    @Test
    void exact_topics_and_single_character_wildcards() {
        assertThat(everyTopic(policy(allowReceive("fleet/a")), "fleet/a")).isTrue();
        assertThat(everyTopic(policy(allowReceive("fleet/a")), "fleet/+")).isFalse();
        assertThat(everyTopic(policy(allowReceive("fleet/?")), "fleet/b")).isTrue();
        assertThat(everyTopic(policy(allowReceive("fleet/?")), "fleet/+")).as("+ may be longer than one").isFalse();
        assertThat(everyTopic(policy(allowReceive("*")), "#")).isTrue();
    }

    @Test
    void mqtt_wildcards_in_a_policy_are_literal_characters() {
        List<NamedPolicy> literalPlus = policy(allowReceive("fleet/+"));

        assertThat(everyTopic(literalPlus, "fleet/+")).as("the filter's + is any level, the policy's only '+'")
                .isFalse();
    }

    @Test
    void any_deny_on_the_action_means_deciding_per_message() {
        List<NamedPolicy> withDeny = policy(allowReceive("fleet/*") + ","
                + "{\"Effect\": \"Deny\", \"Action\": \"iot:Receive\", \"Resource\": \"" + TOPIC + "fleet/secret\"}");

        assertThat(everyTopic(withDeny, "fleet/open")).isFalse();
        assertThat(everyTopic(policy(allowReceive("fleet/*") + ","
                + "{\"Effect\": \"Deny\", \"Action\": \"iot:*\", \"Resource\": \"*\"}"), "fleet/a")).isFalse();
        assertThat(everyTopic(policy(allowReceive("fleet/*") + ","
                + "{\"Effect\": \"Deny\", \"Action\": \"iot:Publish\", \"Resource\": \"*\"}"), "fleet/a"))
                .as("a deny of another action does not matter").isTrue();
    }

    @Test
    void conditions_and_negated_resources_are_not_proven() {
        assertThat(everyTopic(policy("{\"Effect\": \"Allow\", \"Action\": \"iot:Receive\", \"Resource\": \"" + TOPIC
                + "*\", \"Condition\": {\"Bool\": {\"iot:Connection.Thing.IsAttached\": \"true\"}}}"), "a")).isFalse();
        assertThat(everyTopic(policy("{\"Effect\": \"Allow\", \"Action\": \"iot:Receive\", \"NotResource\": \""
                + TOPIC + "secret\"}"), "a")).isFalse();
    }

    @Test
    void variables_are_bound_before_the_proof_and_their_values_stay_literal() {
        List<NamedPolicy> own = policy(allowReceive("things/${iot:ClientId}/*"));
        AuthorizationContext lamp = AuthorizationContext.builder().clientId("lamp").build();

        assertThat(everyTopic(own, "things/lamp/+/#", lamp)).isTrue();
        assertThat(everyTopic(own, "things/lamp/cmd", lamp)).isTrue();
        assertThat(everyTopic(own, "things/+/cmd", lamp)).isFalse();
        assertThat(everyTopic(own, "things/lamp/cmd")).as("unresolved: nothing proven").isFalse();
        assertThat(everyTopic(policy(allowReceive("things/${iot:ClientId}")), "things/lamp",
                AuthorizationContext.builder().clientId("*").build())).as("a client id of * is no wildcard").isFalse();
    }

    @Test
    void the_proof_agrees_with_the_evaluator_on_concrete_topics() {
        List<NamedPolicy> fleet = policy(allowReceive("fleet/*/t?"));
        for (String filter : List.of("fleet/a/tx", "fleet/a/b/tx", "fleet/+/t1", "fleet/a/t", "fleet/a/txx")) {
            boolean proven = everyTopic(fleet, filter);
            if (!filter.contains("+")) {
                boolean allowed = PolicyEvaluator.evaluate(fleet, "iot:Receive", TOPIC + filter,
                        AuthorizationContext.empty()).isAllowed();
                assertThat(proven).as(filter).isEqualTo(allowed);
            } else {
                assertThat(proven).as(filter + ": + may hold a slash-free run, still covered by *").isTrue();
            }
        }
    }
}
