package io.fleetline.security.policy;

import static io.fleetline.security.policy.DecisionAssert.assertThat;
import static io.fleetline.security.policy.PolicyCheck.given;

import org.junit.jupiter.api.Test;

/**
 * Condition operators (developer guide L4665-L4671, L5505-L5611; IAM semantics otherwise). Each case allows
 * {@code iot:Connect} on {@code *} under one condition and connects with a context built for it.
 */
class ConditionTest {

    private static PolicyCheck allowConnectWhen(String condition) {
        return given("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect",
                    "Resource": "*", "Condition": %s}]}""".formatted(condition));
    }

    private static AuthorizationContext.Builder client(String clientId) {
        return AuthorizationContext.builder().clientId(clientId);
    }

    private static AuthorizationContext.Builder owner(String ownerArn) {
        return client("c").thingAttribute("owner", ownerArn);
    }

    @Test // L5505-L5511
    void string_equals_holds_for_any_listed_value() {
        PolicyCheck check = allowConnectWhen("{\"StringEquals\": {\"iot:ClientId\": [\"a\", \"b\"]}}");

        assertThat(check.with(client("b")).connect("b")).isAllowed();
        assertThat(check.with(client("B")).connect("B")).isImplicitlyDenied();
    }

    @Test // IAM: a negated operator holds when no listed value matches
    void string_not_equals_holds_when_no_listed_value_matches() {
        PolicyCheck check = allowConnectWhen("{\"StringNotEquals\": {\"iot:ClientId\": [\"a\", \"b\"]}}");

        assertThat(check.with(client("c")).connect("c")).isAllowed();
        assertThat(check.with(client("a")).connect("a")).isImplicitlyDenied();
    }

    @Test // L5597-L5611: StringLike with * and ?
    void string_like_matches_wildcards() {
        PolicyCheck check = allowConnectWhen("{\"StringLike\": {\"iot:ClientId\": \"sensor-?-*\"}}");

        assertThat(check.with(client("sensor-1-kitchen")).connect("x")).isAllowed();
        assertThat(check.with(client("sensor-12-kitchen")).connect("x")).isImplicitlyDenied();
    }

    @Test // IAM StringNotLike
    void string_not_like_holds_when_no_pattern_matches() {
        PolicyCheck check = allowConnectWhen("{\"StringNotLike\": {\"iot:ClientId\": \"test-*\"}}");

        assertThat(check.with(client("prod-1")).connect("x")).isAllowed();
        assertThat(check.with(client("test-1")).connect("x")).isImplicitlyDenied();
    }

    @Test // StringEquals takes * literally; only the Like operators have wildcards
    void string_equals_treats_star_literally() {
        PolicyCheck check = allowConnectWhen("{\"StringEquals\": {\"iot:ClientId\": \"dev*\"}}");

        assertThat(check.with(client("dev*")).connect("x")).isAllowed();
        assertThat(check.with(client("device")).connect("x")).isImplicitlyDenied();
    }

    @Test // IAM StringEqualsIgnoreCase
    void string_equals_ignore_case_ignores_case() {
        PolicyCheck check = allowConnectWhen("{\"StringEqualsIgnoreCase\": {\"iot:ClientId\": \"Lamp-1\"}}");

        assertThat(check.with(client("LAMP-1")).connect("x")).isAllowed();
        assertThat(check.with(client("lamp-2")).connect("x")).isImplicitlyDenied();
    }

    @Test // L5579-L5583: Bool accepts JSON booleans as well as the strings "true" and "false"
    void bool_accepts_json_booleans() {
        PolicyCheck check = allowConnectWhen("{\"Bool\": {\"iot:Connection.Thing.IsAttached\": false}}");

        assertThat(check.with(client("c").thingAttached(false)).connect("c")).isAllowed();
        assertThat(check.with(client("c").thingAttached(true)).connect("c")).isImplicitlyDenied();
    }

    @Test // IAM ArnLike: wildcards within each colon-separated part
    void arn_like_matches_wildcards_part_by_part() {
        PolicyCheck check = allowConnectWhen("""
                {"ArnLike": {"iot:Connection.Thing.Attributes[owner]": "arn:aws:iot:*:123456789012:thing/owner-*"}}""");

        assertThat(check.with(owner("arn:aws:iot:eu-west-1:123456789012:thing/owner-7")).connect("c")).isAllowed();
        assertThat(check.with(owner("arn:aws:iot:eu-west-1:210987654321:thing/owner-7")).connect("c"))
                .isImplicitlyDenied();
    }

    @Test // IAM ArnLike: a "*" in one part does not reach into the next
    void arn_wildcard_does_not_cross_a_colon() {
        PolicyCheck check = allowConnectWhen("""
                {"ArnLike": {"iot:Connection.Thing.Attributes[owner]": "arn:aws:iot:*:thing/x"}}""");

        assertThat(check.with(owner("arn:aws:iot:eu-west-1:123456789012:thing/x")).connect("c"))
                .isImplicitlyDenied();
    }

    @Test // IAM ArnEquals: exact part by part; a value that is no ARN never matches
    void arn_equals_compares_whole_arns() {
        PolicyCheck check = allowConnectWhen("""
                {"ArnEquals":
                    {"iot:Connection.Thing.Attributes[owner]": "arn:aws:iot:us-east-1:123456789012:thing/o"}}""");

        assertThat(check.with(owner("arn:aws:iot:us-east-1:123456789012:thing/o")).connect("c")).isAllowed();
        assertThat(check.with(owner("arn:aws:iot:us-east-1:123456789012:thing/p")).connect("c"))
                .isImplicitlyDenied();
        assertThat(check.with(owner("thing/o")).connect("c")).isImplicitlyDenied();
    }

    @Test // IAM ArnNotLike
    void arn_not_like_holds_when_the_arn_does_not_match() {
        PolicyCheck check = allowConnectWhen("""
                {"ArnNotLike": {"iot:Connection.Thing.Attributes[owner]": "arn:aws:iot:*:*:thing/admin-*"}}""");

        assertThat(check.with(owner("arn:aws:iot:us-east-1:1:thing/user-1")).connect("c")).isAllowed();
        assertThat(check.with(owner("arn:aws:iot:us-east-1:1:thing/admin-1")).connect("c")).isImplicitlyDenied();
    }

    @Test // L4665-L4671 (IAM): every operator and every key of a Condition block must hold
    void all_operators_and_keys_of_a_condition_must_hold() {
        PolicyCheck check = allowConnectWhen("""
                {"StringLike": {"iot:ClientId": "lamp-*", "iot:Connection.Thing.ThingTypeName": "lamp"},
                 "Bool": {"iot:Connection.Thing.IsAttached": "true"}}""");

        assertThat(check.with(client("lamp-1").thingTypeName("lamp").thingAttached(true)).connect("x")).isAllowed();
        assertThat(check.with(client("lamp-1").thingTypeName("switch").thingAttached(true)).connect("x"))
                .isImplicitlyDenied();
        assertThat(check.with(client("lamp-1").thingTypeName("lamp").thingAttached(false)).connect("x"))
                .isImplicitlyDenied();
    }

    @Test // L4642-L4676: ForAnyValue needs one context value to satisfy the operator
    void for_any_value_with_a_negated_operator_needs_one_value_outside_the_list() {
        PolicyCheck check = allowConnectWhen("""
                {"ForAnyValue:StringNotEquals": {"iot:Certificate.Subject.Organization.List": "Example Corp"}}""");

        assertThat(check.with(client("c").subject(CertificateField.ORGANIZATION, "Example Corp", "Other")).connect("c"))
                .isAllowed();
        assertThat(check.with(client("c").subject(CertificateField.ORGANIZATION, "Example Corp")).connect("c"))
                .isImplicitlyDenied();
    }

    @Test // IAM: a negated operator on a missing key would hold; here it fails closed and is reported
    void missing_key_fails_even_a_negated_operator() {
        PolicyCheck check = allowConnectWhen("{\"StringNotEquals\": {\"iot:Connection.Thing.ThingTypeName\": \"x\"}}");

        assertThat(check.with(client("c")).connect("c"))
                .isImplicitlyDenied()
                .hasMissingContextValues("iot:Connection.Thing.ThingTypeName");
    }

    @Test // L4534: policy variables are allowed in the Condition block
    void condition_values_may_use_policy_variables() {
        PolicyCheck check = allowConnectWhen("""
                {"StringEquals": {"iot:Connection.Thing.Attributes[owner]": "${iot:ClientId}"}}""");

        assertThat(check.with(client("alice").thingAttribute("owner", "alice")).connect("alice")).isAllowed();
        assertThat(check.with(client("bob").thingAttribute("owner", "alice")).connect("bob")).isImplicitlyDenied();
    }

    @Test // L4540-L4543: aws:SourceIp is a context key like any other
    void source_ip_can_be_matched_as_a_string() {
        PolicyCheck check = allowConnectWhen("{\"StringLike\": {\"aws:SourceIp\": \"10.0.*\"}}");

        assertThat(check.with(client("c").sourceIp("10.0.3.4")).connect("c")).isAllowed();
        assertThat(check.with(client("c").sourceIp("192.168.0.1")).connect("c")).isImplicitlyDenied();
    }

    @Test // IAM condition keys are case-insensitive
    void condition_keys_ignore_case() {
        PolicyCheck check = allowConnectWhen("{\"StringEquals\": {\"IOT:CLIENTID\": \"c\"}}");

        assertThat(check.with(client("c")).connect("c")).isAllowed();
    }
}
