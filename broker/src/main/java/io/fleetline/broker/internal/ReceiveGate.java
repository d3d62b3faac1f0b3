package io.fleetline.broker.internal;

import io.fleetline.security.policies.DevicePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether deliveries to one connection need an {@code iot:Receive} decision each. AWS decides Receive per message;
 * so does Fleetline, but when the device's policies provably allow every topic under each of its subscriptions,
 * the per-message decision always says yes and only costs a hand-off to the broker's extension threads (measured:
 * the hand-off, not the decision, is most of its cost). So the Receive interceptor sits on a connection only
 * while a proof is missing: from a subscription that was not proven, from a policy change until the next
 * delivery re-proves, and for the whole of a resumed session, whose earlier subscriptions this connection never saw.
 *
 * <p>The interceptor itself is shared with other reasons to look at deliveries ({@link DeliveryChecks}).
 *
 * <p>Changes are made under this object's lock, and a subscription is gated before it is acknowledged, so no
 * message under an unproven filter is delivered unchecked. A policy change installs the interceptor as the change
 * is applied; a delivery already on its way at that instant may still pass unchecked, as on AWS, where policy
 * changes also take effect within a short delay.
 */
final class ReceiveGate {
    private final DeliveryChecks checks;
    private final String topicArnPrefix;
    private final boolean filtersKnown;
    private final Set<String> filters = new HashSet<>();
    private boolean wanted;
    private long provenAt = -1;

    /**
     * @param filtersKnown false for a connection that resumed a session: it may hold subscriptions made earlier
     */
    ReceiveGate(DeliveryChecks checks, String topicArnPrefix, boolean filtersKnown) {
        this.checks = checks;
        this.topicArnPrefix = topicArnPrefix;
        this.filtersKnown = filtersKnown;
        this.wanted = !filtersKnown;
        checks.want(DeliveryChecks.Reason.RECEIVE, wanted);
    }

    /** A subscription is about to be acknowledged: gate it unless every topic under it may be received. */
    synchronized void subscribed(String filter, DevicePermissions permissions) {
        filters.add(filter);
        if (!permissions.allowsEveryTopic("iot:Receive", topicArnPrefix, filter)) {
            wanted = true;
            apply();
        }
    }

    synchronized void unsubscribed(List<String> removed) {
        removed.forEach(filters::remove);
        provenAt = -1;  // what is left may be provable now
    }

    /** Policies changed: decide per message again until a delivery proves the subscriptions anew. */
    synchronized void policiesChanged() {
        provenAt = -1;
        wanted = true;
        apply();
    }

    /**
     * Called from the interceptor with the permissions it just decided by: once per policy generation, tries to
     * prove every subscription and, if it can, takes the interceptor off.
     *
     * @param generation the policy generation {@code permissions} were computed at
     * @param current the policy generation now; a proof with older permissions is not used
     */
    synchronized void tryRelease(DevicePermissions permissions, long generation, long current) {
        if (!filtersKnown || !wanted || provenAt == generation || generation != current) {
            return;
        }
        provenAt = generation;
        for (String filter : filters) {
            if (!permissions.allowsEveryTopic("iot:Receive", topicArnPrefix, filter)) {
                return;
            }
        }
        wanted = false;
        apply();
    }

    private void apply() {
        checks.want(DeliveryChecks.Reason.RECEIVE, wanted);
    }
}
