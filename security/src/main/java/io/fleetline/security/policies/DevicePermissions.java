package io.fleetline.security.policies;

import io.fleetline.security.policy.AuthorizationContext;
import io.fleetline.security.policy.Decision;
import io.fleetline.security.policy.NamedPolicy;
import io.fleetline.security.policy.PolicyEvaluator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connected device's effective policies with its variables resolved: asked on every MQTT action. Its
 * {@link #allows} decisions are kept: a device publishes to the same few topics over and over, and nothing a
 * decision depends on changes while this object lives (the broker computes new permissions when a policy, an
 * attachment or the thing changes, and disconnects the device when its certificate does).
 */
public final class DevicePermissions {
    /** Decisions kept per connection, at most; past that they are forgotten and decided again. */
    static final int KEPT_DECISIONS = 64;

    private final List<NamedPolicy> policies;
    private final AuthorizationContext context;
    /** Action, then resource ARN, to the decision; most devices use one or two actions. */
    private final Map<String, Map<String, Boolean>> decided = new ConcurrentHashMap<>(4);
    /** Told of every refusal {@link #allows} answers, kept ones included; not part of what the permissions are. */
    private final DenialListener denials;

    public DevicePermissions(List<NamedPolicy> policies, AuthorizationContext context) {
        this(policies, context, DenialListener.NONE);
    }

    /** @param denials told of every action {@link #allows} refuses, each time it refuses it */
    public DevicePermissions(List<NamedPolicy> policies, AuthorizationContext context, DenialListener denials) {
        this.policies = List.copyOf(policies);
        this.context = Objects.requireNonNull(context, "context");
        this.denials = Objects.requireNonNull(denials, "denials");
    }

    public List<NamedPolicy> policies() {
        return policies;
    }

    public AuthorizationContext context() {
        return context;
    }

    public Decision decide(String action, String resourceArn) {
        return PolicyEvaluator.evaluate(policies, action, resourceArn, context);
    }

    /** Whether the action is allowed on the resource; a refusal, kept or decided now, is told to the listener. */
    public boolean allows(String action, String resourceArn) {
        boolean allowed = allowsKept(action, resourceArn);
        if (!allowed) {
            denials.denied(action);
        }
        return allowed;
    }

    private boolean allowsKept(String action, String resourceArn) {
        Map<String, Boolean> byResource = decided.computeIfAbsent(action, a -> new ConcurrentHashMap<>());
        Boolean known = byResource.get(resourceArn);
        if (known != null) {
            return known;
        }
        boolean allowed = decide(action, resourceArn).isAllowed();
        if (byResource.size() >= KEPT_DECISIONS) {
            byResource.clear();  // a device whose topics keep changing (ids in them) gains nothing from keeping them
        }
        byResource.put(resourceArn, allowed);
        return allowed;
    }

    /** {@link PolicyEvaluator#allowsEveryTopic}: whether every topic under an MQTT filter is allowed for the action. */
    public boolean allowsEveryTopic(String action, String topicArnPrefix, String topicFilter) {
        return PolicyEvaluator.allowsEveryTopic(policies, action, topicArnPrefix, topicFilter, context);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DevicePermissions that && policies.equals(that.policies)
                && context.equals(that.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(policies, context);
    }

    @Override
    public String toString() {
        return "DevicePermissions[policies=" + policies + ", context=" + context + "]";
    }
}
