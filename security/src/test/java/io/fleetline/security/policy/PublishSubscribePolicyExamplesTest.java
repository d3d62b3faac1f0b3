package io.fleetline.security.policy;

import static io.fleetline.security.policy.DecisionAssert.assertThat;
import static io.fleetline.security.policy.PolicyCheck.given;

import org.junit.jupiter.api.Test;

/** The guide's publish/subscribe, Cognito and receive examples (developer guide L4891-L5441). */
class PublishSubscribePolicyExamplesTest {

    /** A document allowing {@code iot:Connect} on {@code *} plus one more statement, as most examples are. */
    private static String connectAnd(String effect, String actions, String resources) {
        return """
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Action": ["iot:Connect"], "Resource": ["*"]},
                        {"Effect": "%s", "Action": [%s], "Resource": [%s]}
                    ]
                }""".formatted(effect, actions, resources);
    }

    private static String onlyStatement(String actions, String resources) {
        return """
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": [%s], "Resource": [%s]}]
                }""".formatted(actions, resources);
    }

    @Test // L4893-L4929
    void plus_in_a_policy_topic_filter_allows_only_the_literal_filter() {
        PolicyCheck check = given(connectAnd("Allow", "\"iot:Subscribe\"",
                "\"arn:aws:iot:us-east-1:123456789012:topicfilter/foo/+/bar\""));

        assertThat(check.subscribe("foo/+/bar")).isAllowedBy("guide");
        assertThat(check.subscribe("foo/baz/bar")).isImplicitlyDenied();
        assertThat(check.subscribe("foo/goo/bar")).isImplicitlyDenied();
    }

    @Test // MQTT '#' is literal too (L4893)
    void hash_in_a_policy_topic_filter_allows_only_the_literal_filter() {
        PolicyCheck check = given(connectAnd("Allow", "\"iot:Subscribe\"",
                "\"arn:aws:iot:us-east-1:123456789012:topicfilter/foo/#\""));

        assertThat(check.subscribe("foo/#")).isAllowed();
        assertThat(check.subscribe("foo/bar")).isImplicitlyDenied();
    }

    @Test // L4931-L4951: lower-case action names, star resource
    void lower_case_actions_on_star_allow_publishing_and_subscribing_anywhere() {
        PolicyCheck check = given(onlyStatement("\"iot:publish\", \"iot:subscribe\"", "\"*\""));

        assertThat(check.publish("any/topic")).isAllowed();
        assertThat(check.subscribe("any/#")).isAllowed();
        assertThat(check.connect("device")).isImplicitlyDenied();
    }

    @Test // L4953-L4973
    void publish_and_connect_on_star_allow_every_topic_but_not_subscribe() {
        PolicyCheck check = given(onlyStatement("\"iot:Publish\", \"iot:Connect\"", "\"*\""));

        assertThat(check.connect("device")).isAllowed();
        assertThat(check.publish("a/b/c")).isAllowed();
        assertThat(check.subscribe("a/b/c")).isImplicitlyDenied();
    }

    @Test // L4975-L5014, with the stray "TopicFilter" line of the printed first statement (L4987) dropped
    void star_at_the_end_of_a_topic_filter_allows_filters_below_it() {
        PolicyCheck check = given(connectAnd("Allow", "\"iot:Subscribe\"",
                "\"arn:aws:iot:us-east-1:123456789012:topicfilter/foo/bar/*\""));

        assertThat(check.subscribe("foo/bar/baz")).isAllowed();
        assertThat(check.subscribe("foo/bar/+/qux")).isAllowed();
        assertThat(check.subscribe("foo/bar")).isImplicitlyDenied();
        assertThat(check.subscribe("foo/baz/bar")).isImplicitlyDenied();
    }

    @Test // L5016-L5045
    void publishing_is_allowed_to_each_listed_topic_only() {
        PolicyCheck check = given(connectAnd("Allow", "\"iot:Publish\"",
                "\"arn:aws:iot:us-east-1:123456789012:topic/foo/bar\","
                        + " \"arn:aws:iot:us-east-1:123456789012:topic/foo/baz\""));

        assertThat(check.publish("foo/bar")).isAllowed();
        assertThat(check.publish("foo/baz")).isAllowed();
        assertThat(check.publish("foo/qux")).isImplicitlyDenied();
    }

    @Test // L5047-L5081
    void deny_statement_blocks_publishing_to_foo_bar_while_connect_stays_allowed() {
        PolicyCheck check = given(connectAnd("Deny", "\"iot:Publish\"",
                "\"arn:aws:iot:us-east-1:123456789012:topic/foo/bar\""));

        assertThat(check.publish("foo/bar")).isExplicitlyDeniedBy("guide");
        assertThat(check.connect("device")).isAllowed();
        assertThat(check.publish("foo/baz")).isImplicitlyDenied();
    }

    @Test // L5083-L5118
    void publishing_to_foo_is_allowed_and_to_bar_explicitly_denied() {
        PolicyCheck check = given("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Effect": "Allow", "Action": ["iot:Connect"], "Resource": ["*"]},
                    {"Effect": "Allow", "Action": ["iot:Publish"],
                     "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/foo"]},
                    {"Effect": "Deny", "Action": ["iot:Publish"],
                     "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/bar"]}
                  ]
                }""");

        assertThat(check.publish("foo")).isAllowed();
        assertThat(check.publish("bar")).isExplicitlyDenied();
    }

    @Test // L5120-L5151
    void subscribing_is_allowed_to_exactly_the_filter_foo_bar() {
        PolicyCheck check = given(connectAnd("Allow", "\"iot:Subscribe\"",
                "\"arn:aws:iot:us-east-1:123456789012:topicfilter/foo/bar\""));

        assertThat(check.subscribe("foo/bar")).isAllowed();
        assertThat(check.subscribe("foo/+")).isImplicitlyDenied();
        assertThat(check.subscribe("foo/#")).isImplicitlyDenied();
    }

    @Test // L5153-L5190; the ARNs are broken over two lines in the printed guide, rejoined here
    void provisioning_topic_may_be_published_received_and_subscribed_to() {
        PolicyCheck check = given("""
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Action": ["iot:Connect"], "Resource": ["*"]},
                        {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
                         "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/iotmonitor/provisioning/8050373158915119971"]},
                        {"Effect": "Allow", "Action": ["iot:Subscribe"],
                         "Resource": ["arn:aws:iot:us-east-1:123456789012:topicfilter/iotmonitor/provisioning/8050373158915119971"]}
                    ]
                }""");

        assertThat(check.publish("iotmonitor/provisioning/8050373158915119971")).isAllowed();
        assertThat(check.receive("iotmonitor/provisioning/8050373158915119971")).isAllowed();
        assertThat(check.subscribe("iotmonitor/provisioning/8050373158915119971")).isAllowed();
        assertThat(check.subscribe("iotmonitor/provisioning/#")).isImplicitlyDenied();
        assertThat(check.request("iot:Publish", PolicyCheck.ARN_PREFIX
                + "topicfilter/iotmonitor/provisioning/8050373158915119971")).isImplicitlyDenied();
    }

    @Test // L5209-L5230 (printed with one closing brace too many)
    void cognito_pool_role_policy_allows_every_data_plane_action() {
        PolicyCheck check = given(onlyStatement("\"iot:Connect\", \"iot:Publish\", \"iot:Subscribe\", \"iot:Receive\","
                + " \"iot:GetThingShadow\", \"iot:UpdateThingShadow\", \"iot:DeleteThingShadow\"", "\"*\""));

        assertThat(check.connect("anyone")).isAllowed();
        assertThat(check.request("iot:GetThingShadow", PolicyCheck.ARN_PREFIX + "thing/thingOne")).isAllowed();
        assertThat(check.request("iot:DeleteThingShadow", PolicyCheck.ARN_PREFIX + "thing/thingOne")).isAllowed();
        assertThat(check.request("iot:CreateThing", PolicyCheck.ARN_PREFIX + "thing/thingOne"))
                .isImplicitlyDenied();
    }

    @Test // L5232-L5249
    void unauthenticated_cognito_publish_policy_allows_any_topic_and_nothing_else() {
        PolicyCheck check = given(onlyStatement("\"iot:Publish\"", "\"*\""));

        assertThat(check.publish("any/topic")).isAllowed();
        assertThat(check.subscribe("any/topic")).isImplicitlyDenied();
    }

    @Test // L5251-L5264
    void cognito_topic1_policy_allows_publishing_only_to_topic1() {
        PolicyCheck check = given(onlyStatement("\"iot:Publish\"",
                "\"arn:aws:iot:us-east-1:123456789012:topic/topic1\""));

        assertThat(check.publish("topic1")).isAllowed();
        assertThat(check.publish("topic2")).isImplicitlyDenied();
    }

    @Test // L5298-L5331
    void cognito_user_policy_allows_publishing_to_topic1_and_topic2() {
        PolicyCheck check = given(onlyStatement("\"iot:Publish\"",
                "\"arn:aws:iot:us-east-1:123456789012:topic/topic1\","
                        + " \"arn:aws:iot:us-east-1:123456789012:topic/topic2\""));

        assertThat(check.publish("topic1")).isAllowed();
        assertThat(check.publish("topic2")).isAllowed();
        assertThat(check.publish("topic3")).isImplicitlyDenied();
    }

    @Test // L5333-L5375: each user's policy grants only that user's topic
    void per_user_cognito_policies_each_allow_only_their_own_topic() {
        NamedPolicy user1 = NamedPolicy.of("user1", onlyStatement("\"iot:Publish\"",
                "\"arn:aws:iot:us-east-1:123456789012:topic/topic1\""));
        NamedPolicy user2 = NamedPolicy.of("user2", onlyStatement("\"iot:Publish\"",
                "\"arn:aws:iot:us-east-1:123456789012:topic/topic2\""));

        assertThat(given(user1).publish("topic1")).isAllowedBy("user1");
        assertThat(given(user1).publish("topic2")).isImplicitlyDenied();
        assertThat(given(user2).publish("topic2")).isAllowedBy("user2");
    }

    @Test // L5378-L5404, with the printed action "iot:>" read as "iot:*"
    void receive_from_the_restricted_topic_is_denied_whatever_else_is_allowed() {
        PolicyCheck check = given("""
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Deny", "Action": ["iot:Receive"],
                         "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/foo/restricted"]},
                        {"Effect": "Allow", "Action": ["iot:*"], "Resource": ["*"]}
                    ]
                }""");

        assertThat(check.receive("foo/restricted")).isExplicitlyDenied();
        assertThat(check.receive("foo/open")).isAllowed();
        assertThat(check.publish("foo/restricted")).isAllowed();
    }

    @Test // L5406-L5441
    void subscribe_and_receive_are_allowed_on_foo_bar_only() {
        PolicyCheck check = given("""
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Action": ["iot:Connect"], "Resource": ["*"]},
                        {"Effect": "Allow", "Action": ["iot:Subscribe"],
                         "Resource": ["arn:aws:iot:us-east-1:123456789012:topicfilter/foo/bar"]},
                        {"Effect": "Allow", "Action": ["iot:Receive"],
                         "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/foo/bar"]}
                    ]
                }""");

        assertThat(check.subscribe("foo/bar")).isAllowed();
        assertThat(check.receive("foo/bar")).isAllowed();
        assertThat(check.receive("foo/baz")).isImplicitlyDenied();
        assertThat(check.publish("foo/bar")).isImplicitlyDenied();
    }
}
