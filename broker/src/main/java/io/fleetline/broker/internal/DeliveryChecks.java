package io.fleetline.broker.internal;

import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import java.util.EnumSet;
import java.util.Set;

/**
 * The delivery interceptor of one connection, on while any reason asks for it. Every interceptor HiveMQ runs costs
 * each delivery two hand-offs to its extension threads (measured: the hand-offs, not the decisions, are most of
 * the cost), so a connection carries it only while a reason holds, and only once whatever the number of reasons.
 */
final class DeliveryChecks {
    /** Why deliveries to a connection are looked at. */
    enum Reason {
        /** {@code iot:Receive} is not proven for every topic under the connection's filters ({@link ReceiveGate}). */
        RECEIVE,
        /** The connection holds a filter that starts with a wildcard ({@link DollarTopics}). */
        DOLLAR_TOPICS
    }

    private final PublishOutboundInterceptor interceptor;
    private final Set<Reason> reasons = EnumSet.noneOf(Reason.class);
    private ClientContext context;
    private boolean installed;

    /** @param interceptor one instance for all connections, so that what was put on can be taken off */
    DeliveryChecks(PublishOutboundInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    /** The connection is initialized: interceptors can be set from now on. */
    synchronized void attach(ClientContext clientContext) {
        context = clientContext;
        apply();
    }

    synchronized void want(Reason reason, boolean wanted) {
        if (wanted) {
            reasons.add(reason);
        } else {
            reasons.remove(reason);
        }
        apply();
    }

    private void apply() {
        boolean wanted = !reasons.isEmpty();
        if (context == null || wanted == installed) {
            return;
        }
        if (wanted) {
            context.addPublishOutboundInterceptor(interceptor);
        } else {
            context.removePublishOutboundInterceptor(interceptor);
        }
        installed = wanted;
    }
}
