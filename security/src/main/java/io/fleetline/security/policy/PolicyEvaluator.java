package io.fleetline.security.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides a request against the policies in effect for a principal, with the rules of the developer guide
 * (L32955-L32977): a matching {@code Deny} in any policy overrides every {@code Allow}; without a matching
 * statement the request is implicitly denied.
 *
 * <p>The caller supplies the action ({@code iot:Connect}, {@code iot:Publish}, ...; matched ignoring case) and the
 * full resource ARN: {@code client/<clientId>} for Connect, {@code topic/<topic>} for Publish and Receive,
 * {@code topicfilter/<filter>} for Subscribe, {@code thing/<thingName>} for the shadow actions (L4521-L4532).
 * Evaluation allocates little and takes no locks, so the broker can call it on every publish and delivery.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {
    }

    /**
     * Evaluates every statement of every policy and reports which policies decided.
     *
     * @param policies the policies attached to the principal, in the order decisions should list them
     * @param action the action requested, e.g. {@code iot:Publish}
     * @param resourceArn the resource's ARN, e.g. {@code arn:aws:iot:us-east-1:123456789012:topic/foo/bar}
     * @param context the values policy variables resolve to
     */
    public static Decision evaluate(List<NamedPolicy> policies, String action, String resourceArn,
            AuthorizationContext context) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceArn, "resourceArn");
        Objects.requireNonNull(context, "context");
        String lowerCaseAction = action.toLowerCase(Locale.ROOT);
        MissingValues missing = new MissingValues();
        List<String> allowing = new ArrayList<>();
        List<String> denying = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        for (NamedPolicy policy : policies) {
            Optional<Effect> effect = policy.document().match(lowerCaseAction, resourceArn, context, missing);
            (effect.isEmpty() ? silent : effect.get() == Effect.DENY ? denying : allowing).add(policy.name());
        }
        if (!denying.isEmpty()) {
            return new Decision.ExplicitDeny(denying, missing.toList());
        }
        if (!allowing.isEmpty()) {
            return new Decision.Allowed(allowing, missing.toList());
        }
        return new Decision.ImplicitDeny(silent, missing.toList());
    }

    /**
     * Whether the policies allow {@code action} on every topic an MQTT topic filter matches, whatever topic a
     * message has: true only when an unconditional allow provably covers them all and no deny statement names
     * the action. The broker asks this when a device subscribes, so that deliveries under a filter like
     * {@code fleet/+/telemetry} need no {@code iot:Receive} decision each; false means "decide per message".
     *
     * @param topicArnPrefix the ARN of topic resources up to the topic, e.g.
     *     {@code arn:aws:iot:us-east-1:123456789012:topic/}
     * @param topicFilter an MQTT topic filter, possibly with {@code +} and {@code #}, or a shared subscription
     *     {@code $share/group/filter}
     */
    public static boolean allowsEveryTopic(List<NamedPolicy> policies, String action, String topicArnPrefix,
            String topicFilter, AuthorizationContext context) {
        String lowerCaseAction = action.toLowerCase(Locale.ROOT);
        int[] subject = topicFilterSubject(topicArnPrefix, topicFilter);
        boolean allowed = false;
        for (NamedPolicy policy : policies) {
            Optional<Effect> effect = policy.document().coversAll(lowerCaseAction, subject, context);
            if (effect.isPresent() && effect.get() == Effect.DENY) {
                return false;
            }
            allowed |= effect.isPresent();
        }
        return allowed;
    }

    /**
     * The topic ARNs a filter matches, as a pattern over-approximating them: {@code +} and a trailing {@code #}
     * become unknown runs ({@code a/#} also matches {@code a} itself, hence the run replaces {@code /#}).
     */
    static int[] topicFilterSubject(String topicArnPrefix, String topicFilter) {
        String filter = topicFilter;
        if (filter.startsWith("$share/")) {
            int groupEnd = filter.indexOf('/', "$share/".length());
            filter = groupEnd < 0 ? "" : filter.substring(groupEnd + 1);
        }
        int[] codes = new int[topicArnPrefix.length() + filter.length()];
        int n = 0;
        for (int i = 0; i < topicArnPrefix.length(); i++) {
            codes[n++] = topicArnPrefix.charAt(i);
        }
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '+') {
                codes[n++] = Glob.ANY_RUN;
            } else if (c == '#') {
                if (i > 0 && filter.charAt(i - 1) == '/') {
                    n--;
                }
                codes[n++] = Glob.ANY_RUN;
            } else {
                codes[n++] = c;
            }
        }
        return java.util.Arrays.copyOf(codes, n);
    }
}
