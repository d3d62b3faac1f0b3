package io.fleetline.security.policy;

import java.util.List;

/**
 * Given-style fixture: the policies attached to a principal and its connection, then one request at a time.
 * Resources use the guide's account and region, {@code arn:aws:iot:us-east-1:123456789012:}.
 */
final class PolicyCheck {
    static final String ARN_PREFIX = "arn:aws:iot:us-east-1:123456789012:";

    private final List<NamedPolicy> policies;
    private final AuthorizationContext context;

    private PolicyCheck(List<NamedPolicy> policies, AuthorizationContext context) {
        this.policies = List.copyOf(policies);
        this.context = context;
    }

    /** One policy, named {@code guide}, parsed from {@code json}. */
    static PolicyCheck given(String json) {
        return given(NamedPolicy.of("guide", json));
    }

    static PolicyCheck given(NamedPolicy... policies) {
        return new PolicyCheck(List.of(policies), AuthorizationContext.empty());
    }

    PolicyCheck with(AuthorizationContext.Builder context) {
        return new PolicyCheck(policies, context.build());
    }

    PolicyCheck withClientId(String clientId) {
        return with(AuthorizationContext.builder().clientId(clientId));
    }

    Decision connect(String clientId) {
        return request("iot:Connect", ARN_PREFIX + "client/" + clientId);
    }

    Decision publish(String topic) {
        return request("iot:Publish", ARN_PREFIX + "topic/" + topic);
    }

    Decision receive(String topic) {
        return request("iot:Receive", ARN_PREFIX + "topic/" + topic);
    }

    Decision subscribe(String topicFilter) {
        return request("iot:Subscribe", ARN_PREFIX + "topicfilter/" + topicFilter);
    }

    Decision request(String action, String resourceArn) {
        return PolicyEvaluator.evaluate(policies, action, resourceArn, context);
    }
}
