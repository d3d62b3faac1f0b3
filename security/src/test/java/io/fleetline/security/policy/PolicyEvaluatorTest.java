package io.fleetline.security.policy;

import static io.fleetline.security.policy.DecisionAssert.assertThat;
import static io.fleetline.security.policy.PolicyCheck.ARN_PREFIX;
import static io.fleetline.security.policy.PolicyCheck.given;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Evaluation rules: combining policies, wildcards, variables and the negated elements. */
class PolicyEvaluatorTest {

    private static NamedPolicy policy(String name, String effect, String action, String resource) {
        return NamedPolicy.of(name, """
                {"Version": "2012-10-17",
                 "Statement": [{"Effect": "%s", "Action": "%s", "Resource": "%s"}]}"""
                .formatted(effect, action, resource));
    }

    private static NamedPolicy allowPublish(String name, String topicPattern) {
        return policy(name, "Allow", "iot:Publish", ARN_PREFIX + "topic/" + topicPattern);
    }

    @Test // L32976: "An explicit deny statement can override multiple allow statements"
    void deny_in_one_policy_overrides_allows_in_all_others() {
        PolicyCheck check = given(allowPublish("a", "*"), policy("d", "Deny", "iot:Publish", "*"),
                allowPublish("b", "foo"));

        assertThat(check.publish("foo")).isExplicitlyDeniedBy("d");
    }

    @Test // L32955-L32960: allowed.policies lists the policies that allowed
    void allowed_decision_names_every_allowing_policy_in_order() {
        PolicyCheck check = given(allowPublish("first", "foo"), allowPublish("other", "bar"),
                allowPublish("second", "f*"));

        assertThat(check.publish("foo")).isAllowedBy("first", "second");
    }

    @Test // L32963: "Policies that don't contain a matching allow or deny statement"
    void implicit_deny_names_the_policies_without_a_matching_statement() {
        PolicyCheck check = given(allowPublish("one", "foo"), allowPublish("two", "bar"));

        assertThat(check.publish("baz")).isImplicitlyDenied().hasPolicies("one", "two");
    }

    @Test // L32963: no policies at all is the default deny
    void principal_without_policies_is_implicitly_denied() {
        Decision decision = PolicyEvaluator.evaluate(List.of(), "iot:Connect", ARN_PREFIX + "client/c",
                AuthorizationContext.empty());

        assertThat(decision).isImplicitlyDenied().hasPolicies().hasNoMissingContextValues();
    }

    @Test // L32977: missingContextValues
    void unresolved_variable_is_reported_once_in_missing_context_values() {
        PolicyCheck check = given(allowPublish("mine", "${iot:Connection.Thing.ThingName}/*"),
                allowPublish("also", "x/${iot:Connection.Thing.ThingName}"));

        assertThat(check.publish("lamp/1"))
                .isImplicitlyDenied()
                .hasMissingContextValues("iot:Connection.Thing.ThingName");
    }

    @Test // L32977: only statements for the requested action need their variables
    void variables_of_statements_for_other_actions_are_not_reported() {
        PolicyCheck check = given(policy("p", "Allow", "iot:Subscribe", ARN_PREFIX + "topicfilter/${iot:ClientId}"),
                allowPublish("q", "foo"));

        assertThat(check.publish("foo")).isAllowedBy("q").hasNoMissingContextValues();
    }

    @Test // L4569-L4599: substituted values are literal, so a client id "*" is no wildcard
    void client_id_star_matches_only_a_literal_star() {
        PolicyCheck check = given(allowPublish("p", "devices/${iot:ClientId}")).withClientId("*");

        assertThat(check.publish("devices/*")).isAllowed();
        assertThat(check.publish("devices/other")).isImplicitlyDenied();
    }

    @Test // L4569-L4599: "?" in a client id is literal too
    void client_id_question_mark_matches_only_a_literal_question_mark() {
        PolicyCheck check = given(allowPublish("p", "devices/${iot:ClientId}")).withClientId("?");

        assertThat(check.publish("devices/?")).isAllowed();
        assertThat(check.publish("devices/x")).isImplicitlyDenied();
    }

    @Test // spec 4.3: IAM's "?" matches exactly one character
    void question_mark_in_a_resource_matches_exactly_one_character() {
        PolicyCheck check = given(allowPublish("p", "room/?/temp"));

        assertThat(check.publish("room/1/temp")).isAllowed();
        assertThat(check.publish("room//temp")).isImplicitlyDenied();
        assertThat(check.publish("room/12/temp")).isImplicitlyDenied();
    }

    @Test // L4931: "*" matches any run of characters, topic levels included
    void star_in_a_resource_matches_across_topic_levels() {
        PolicyCheck check = given(allowPublish("p", "a/*/z"));

        assertThat(check.publish("a/b/c/z")).isAllowed();
        assertThat(check.publish("a//z")).isAllowed();
        assertThat(check.publish("a/z")).isImplicitlyDenied();
    }

    @Test // spec 4.2 (IAM resources are case-sensitive)
    void resources_match_case_sensitively() {
        assertThat(given(allowPublish("p", "Foo")).publish("foo")).isImplicitlyDenied();
    }

    @Test // L4941: actions match ignoring case
    void actions_match_ignoring_case() {
        PolicyCheck check = given(policy("p", "Allow", "IOT:PUBLISH", "*"));

        assertThat(check.request("iot:Publish", ARN_PREFIX + "topic/t")).isAllowed();
        assertThat(check.request("Iot:publish", ARN_PREFIX + "topic/t")).isAllowed();
    }

    @Test // L5396 (read as iot:*) and IAM's wildcard actions such as iot:Get*
    void action_wildcards_cover_every_matching_action() {
        PolicyCheck shadows = given(policy("p", "Allow", "iot:*ThingShadow", ARN_PREFIX + "thing/lamp"));
        PolicyCheck everything = given(policy("p", "Allow", "*", "*"));
        PolicyCheck gets = given(policy("p", "Allow", "iot:Get*", "*"));

        assertThat(shadows.request("iot:GetThingShadow", ARN_PREFIX + "thing/lamp")).isAllowed();
        assertThat(shadows.request("iot:DeleteThingShadow", ARN_PREFIX + "thing/lamp")).isAllowed();
        assertThat(shadows.request("iot:Publish", ARN_PREFIX + "thing/lamp")).isImplicitlyDenied();
        assertThat(everything.request("iot:Connect", ARN_PREFIX + "client/c")).isAllowed();
        assertThat(gets.request("iot:GetThingShadow", ARN_PREFIX + "thing/lamp")).isAllowed();
        assertThat(gets.request("iot:UpdateThingShadow", ARN_PREFIX + "thing/lamp")).isImplicitlyDenied();
    }

    @Test // IAM NotAction: the statement covers every action but the listed ones
    void not_action_denies_everything_except_the_listed_actions() {
        PolicyCheck check = given(NamedPolicy.of("p", """
                {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "iot:*", "Resource": "*"},
                    {"Effect": "Deny", "NotAction": ["iot:Connect", "iot:Receive"], "Resource": "*"}]}"""));

        assertThat(check.connect("c")).isAllowed();
        assertThat(check.receive("t")).isAllowed();
        assertThat(check.publish("t")).isExplicitlyDenied();
    }

    @Test // IAM NotResource: the statement covers every resource but the listed ones
    void not_resource_allows_everything_except_the_listed_resources() {
        PolicyCheck check = given(NamedPolicy.of("p", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish",
                    "NotResource": "arn:aws:iot:us-east-1:123456789012:topic/admin/*"}]}"""));

        assertThat(check.publish("status")).isAllowed();
        assertThat(check.publish("admin/reboot")).isImplicitlyDenied();
    }

    @Test // an unresolved variable must not widen a NotResource statement
    void not_resource_with_an_unresolved_variable_does_not_match() {
        PolicyCheck check = given(NamedPolicy.of("p", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish",
                    "NotResource": "arn:aws:iot:us-east-1:123456789012:topic/${iot:Connection.Thing.ThingName}/*"}]}
                """));

        assertThat(check.publish("lamp-2/state"))
                .isImplicitlyDenied()
                .hasMissingContextValues("iot:Connection.Thing.ThingName");
    }

    @Test // L4708: an unresolved variable leaves its pattern unmatched, the statement's other patterns still count
    void other_resources_of_a_statement_still_match_when_one_has_an_unresolved_variable() {
        PolicyCheck check = given(NamedPolicy.of("p", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iot:Publish",
                    "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/${iot:Connection.Thing.ThingName}",
                                 "arn:aws:iot:us-east-1:123456789012:topic/admin/*"]}]}"""));

        assertThat(check.publish("admin/reboot"))
                .isExplicitlyDenied()
                .hasMissingContextValues("iot:Connection.Thing.ThingName");
    }

    @Test // IAM: the 2008-10-17 language has no variables, "${...}" is literal text
    void version_2008_treats_variables_as_literal_text() {
        NamedPolicy old = NamedPolicy.of("old", """
                {"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish",
                    "Resource": "arn:aws:iot:us-east-1:123456789012:topic/${iot:ClientId}"}]}""");
        PolicyCheck check = given(old).withClientId("lamp");

        assertThat(check.publish("${iot:ClientId}")).isAllowed();
        assertThat(check.publish("lamp")).isImplicitlyDenied();
    }

    @Test // IAM's escapes: ${*}, ${?} and ${$} are the literal characters
    void escaped_star_matches_only_a_literal_star() {
        PolicyCheck check = given(allowPublish("p", "a/${*}/${?}${$}"));

        assertThat(check.publish("a/*/?$")).isAllowed();
        assertThat(check.publish("a/b/c$")).isImplicitlyDenied();
    }

    @Test // spec 4.2: one parsed policy serves any number of requests and contexts
    void one_parsed_policy_gives_each_context_its_own_answer() {
        PolicyCheck check = given(allowPublish("p", "devices/${iot:ClientId}/*"));

        for (int i = 0; i < 100; i++) {
            assertThat(check.withClientId("d" + i).publish("devices/d" + i + "/state")).isAllowed();
            assertThat(check.withClientId("d" + i).publish("devices/d" + (i + 1) + "/state")).isImplicitlyDenied();
        }
    }
}
