package io.fleetline.security.policies;

import io.fleetline.security.policy.AuthorizationContext;
import io.fleetline.security.policy.Decision;
import io.fleetline.security.policy.NamedPolicy;
import io.fleetline.security.policy.PolicyEvaluator;
import java.util.List;

/** A connected device's effective policies with its variables resolved: asked on every MQTT action. */
public record DevicePermissions(List<NamedPolicy> policies, AuthorizationContext context) {
    public DevicePermissions {
        policies = List.copyOf(policies);
    }

    public Decision decide(String action, String resourceArn) {
        return PolicyEvaluator.evaluate(policies, action, resourceArn, context);
    }

    public boolean allows(String action, String resourceArn) {
        return decide(action, resourceArn).isAllowed();
    }

    /** {@link PolicyEvaluator#allowsEveryTopic}: whether every topic under an MQTT filter is allowed for the action. */
    public boolean allowsEveryTopic(String action, String topicArnPrefix, String topicFilter) {
        return PolicyEvaluator.allowsEveryTopic(policies, action, topicArnPrefix, topicFilter, context);
    }
}
