package io.fleetline.security.policy;

import static io.fleetline.security.policy.DecisionAssert.assertThat;
import static io.fleetline.security.policy.PolicyCheck.given;

import org.junit.jupiter.api.Test;

/** The guide's introductory, basic-variable and connect examples (developer guide L4451-L4889). */
class ConnectPolicyExamplesTest {

    // L4451-L4470
    private static final String CONNECT_ANY_PUBLISH_FOO_BAR = """
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Publish"],
                        "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/foo/bar"]
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Connect"],
                        "Resource": ["*"]
                    }
                ]
            }""";

    // L4545-L4567 (note the guide's account id 123451234510 in this example)
    private static final String CLIENT_ID_VARIABLES = """
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Connect"],
                        "Resource": [
                            "arn:aws:iot:us-east-1:123451234510:client/${iot:ClientId}"
                        ]
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Publish"],
                        "Resource": [
                            "arn:aws:iot:us-east-1:123451234510:topic/foo/bar/${iot:ClientId}"
                        ]
                    }
                ]
            }""";

    // L4571-L4581, wrapped in a document
    private static final String SUBSCRIBE_FILTER_WITH_CLIENT_ID = """
            {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": ["iot:Subscribe"],
                    "Resource": [
                        "arn:aws:iot:us-east-1:123456789012:topicfilter/foo/${iot:ClientId}/bar"
                    ]
                }]
            }""";

    // L4587-L4599
    private static final String CONNECT_ONLY_CLIENTID1 = """
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Connect"],
                        "Resource": [
                            "arn:aws:iot:us-east-1:123456789012:client/clientid1"
                        ]
                    }
                ]
            }""";

    // L4789-L4819
    private static final String CONNECT_LISTED_CLIENTS = """
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Connect"],
                        "Resource": [
                            "arn:aws:iot:us-east-1:123456789012:client/clientid1",
                            "arn:aws:iot:us-east-1:123456789012:client/clientid2",
                            "arn:aws:iot:us-east-1:123456789012:client/clientid3"
                        ]
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Publish", "iot:Subscribe", "iot:Receive"],
                        "Resource": ["*"]
                    }
                ]
            }""";

    // L4821-L4855; the guide splits it across two code blocks, rejoined here
    private static final String DENY_LISTED_CLIENTS = """
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Action": ["iot:Connect"],
                        "Resource": [
                            "arn:aws:iot:us-east-1:123456789012:client/clientid1",
                            "arn:aws:iot:us-east-1:123456789012:client/clientid2"
                        ]
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Connect"],
                        "Resource": ["*"]
                    }
                ]
            }""";

    // L4857-L4889
    private static final String SUBSCRIBE_FOO_STAR = """
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Connect"],
                        "Resource": ["*"]
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Subscribe"],
                        "Resource": ["arn:aws:iot:us-east-1:123456789012:topicfilter/foo/*"]
                    }
                ]
            }""";

    @Test // L4451-L4470
    void connect_star_lets_any_client_id_connect() {
        assertThat(given(CONNECT_ANY_PUBLISH_FOO_BAR).connect("any-device")).isAllowedBy("guide");
    }

    @Test // L4451-L4470
    void publishing_is_limited_to_the_one_named_topic() {
        PolicyCheck check = given(CONNECT_ANY_PUBLISH_FOO_BAR);

        assertThat(check.publish("foo/bar")).isAllowedBy("guide");
        assertThat(check.publish("foo/baz")).isImplicitlyDenied();
        assertThat(check.publish("foo/bar/child")).isImplicitlyDenied();
    }

    @Test // L4545-L4567
    void client_id_variable_lets_a_client_connect_only_as_itself() {
        PolicyCheck check = given(CLIENT_ID_VARIABLES).withClientId("100-234-3456");

        assertThat(check.request("iot:Connect", "arn:aws:iot:us-east-1:123451234510:client/100-234-3456"))
                .isAllowedBy("guide");
        assertThat(check.request("iot:Connect", "arn:aws:iot:us-east-1:123451234510:client/100-234-3457"))
                .isImplicitlyDenied();
    }

    @Test // L4545-L4567
    void client_id_variable_lets_a_client_publish_only_under_its_own_topic() {
        PolicyCheck check = given(CLIENT_ID_VARIABLES).withClientId("100-234-3456");

        assertThat(check.request("iot:Publish", "arn:aws:iot:us-east-1:123451234510:topic/foo/bar/100-234-3456"))
                .isAllowed();
        assertThat(check.request("iot:Publish", "arn:aws:iot:us-east-1:123451234510:topic/foo/bar/other"))
                .isImplicitlyDenied();
    }

    @Test // L4569-L4587: the warning case, client id "+" yields the literal filter foo/+/bar
    void client_id_plus_may_subscribe_to_the_literal_filter_foo_plus_bar() {
        PolicyCheck check = given(SUBSCRIBE_FILTER_WITH_CLIENT_ID).withClientId("+");

        assertThat(check.subscribe("foo/+/bar")).isAllowedBy("guide");
    }

    @Test // L4569-L4587 with L4927-L4929: the substituted "+" stays literal in the policy
    void client_id_plus_does_not_act_as_a_wildcard_over_concrete_filters() {
        PolicyCheck check = given(SUBSCRIBE_FILTER_WITH_CLIENT_ID).withClientId("+");

        assertThat(check.subscribe("foo/baz/bar")).isImplicitlyDenied();
    }

    @Test // L4587-L4599: the guide's remedy, constrain which client ids may connect
    void connect_policy_for_clientid1_keeps_a_plus_client_off_the_broker() {
        PolicyCheck check = given(NamedPolicy.of("connect", CONNECT_ONLY_CLIENTID1),
                NamedPolicy.of("subscribe", SUBSCRIBE_FILTER_WITH_CLIENT_ID)).withClientId("+");

        assertThat(check.connect("+")).isImplicitlyDenied();
        assertThat(check.connect("clientid1")).isAllowedBy("connect");
    }

    @Test // L4789-L4819
    void only_the_listed_client_ids_may_connect() {
        PolicyCheck check = given(CONNECT_LISTED_CLIENTS);

        assertThat(check.connect("clientid1")).isAllowed();
        assertThat(check.connect("clientid3")).isAllowed();
        assertThat(check.connect("clientid4")).isImplicitlyDenied();
        assertThat(check.publish("any/topic")).isAllowed();
    }

    @Test // L4821-L4855
    void listed_client_ids_are_denied_even_though_another_statement_allows_every_client() {
        PolicyCheck check = given(DENY_LISTED_CLIENTS);

        assertThat(check.connect("clientid1")).isExplicitlyDeniedBy("guide");
        assertThat(check.connect("clientid2")).isExplicitlyDeniedBy("guide");
        assertThat(check.connect("clientid3")).isAllowedBy("guide");
    }

    @Test // L4857-L4889
    void trailing_star_allows_any_filter_under_foo() {
        PolicyCheck check = given(SUBSCRIBE_FOO_STAR);

        assertThat(check.subscribe("foo/bar")).isAllowed();
        assertThat(check.subscribe("foo/bar/baz")).isAllowed();
        assertThat(check.subscribe("foo/#")).isAllowed();
        assertThat(check.subscribe("bar/foo")).isImplicitlyDenied();
    }
}
