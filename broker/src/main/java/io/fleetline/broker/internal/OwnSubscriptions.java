package io.fleetline.broker.internal;

import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;
import io.fleetline.broker.DeviceAccount;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions a connection's client made itself, with their QoS, as the client named them: what QoS its answers
 * go at ({@link Replies}). MQTT delivers a message at most at the QoS of the subscription it arrives under; an answer
 * arrives under the client's own subscription when it has one that matches, so it goes at that subscription's QoS
 * (the highest of those matching), not at that of the broker's own reply filter.
 *
 * <p>Shared subscriptions ({@code $share/...}) are left out: they deliver to one member of a group, not to this
 * client as such. A connection that resumed a session holds the filters of the earlier connection too; they are read
 * from the broker (except those shaped as the broker's reply filters, which the earlier connection was given), and an
 * answer waits until they are known.
 */
final class OwnSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(OwnSubscriptions.class);
    /** No subscription of the client matches the topic. */
    static final int NONE = -1;
    private static final long READ_TIMEOUT_SECONDS = 10;
    /** Answer topics whose QoS is kept at most; one client asks about a handful. */
    private static final int MAX_DECIDED = 64;
    /** AWS IoT's highest QoS, and the broker's. */
    private static final int MAX_QOS = 1;

    private final Map<String, Integer> filters = new HashMap<>();
    private final Map<String, Integer> decided = new HashMap<>();
    /** Filters given up before those of a resumed session were known: the broker's list may still have them. */
    private final Set<String> droppedEarly = new HashSet<>();
    private final CompletableFuture<Void> known = new CompletableFuture<>();

    /** @param filtersKnown false for a connection that resumed a session: it may hold filters subscribed earlier */
    OwnSubscriptions(boolean filtersKnown) {
        if (filtersKnown) {
            known.complete(null);
        }
    }

    /** The connection is initialized: a resumed session's filters are read from the broker. */
    void initialized(String clientId, DeviceAccount account) {
        if (known.isDone()) {
            return;
        }
        Services.subscriptionStore().getSubscriptions(clientId).whenComplete((stored, failed) -> {
            synchronized (this) {
                if (failed != null) {
                    LOG.warn("the subscriptions {} resumed are unknown: {}", clientId, failed.getMessage());
                } else {
                    for (TopicSubscription subscription : stored) {
                        String filter = DeviceRules.outsideFilter(account, subscription.getTopicFilter());
                        if (!droppedEarly.contains(filter) && !Replies.isReplyFilter(filter)) {
                            filters.merge(filter, subscription.getQos().getQosNumber(), Math::max);
                        }
                    }
                }
                droppedEarly.clear();
                decided.clear();
                known.complete(null);
            }
        });
    }

    /** A subscription is about to be acknowledged. */
    synchronized void subscribed(String filter, int qos) {
        if (!filter.startsWith("$share/")) {
            filters.put(filter, qos);
            decided.clear();
        }
    }

    synchronized void unsubscribed(Collection<String> removed) {
        removed.forEach(filters::remove);
        if (!known.isDone()) {
            droppedEarly.addAll(removed);
        }
        decided.clear();
    }

    /**
     * The QoS an answer on {@code topic} (as the client names it) arrives at under the client's own subscriptions: the
     * highest of those that match, at most 1; {@link #NONE} when none does (or a resumed session's are not known in
     * time).
     */
    int qosFor(String topic) {
        if (!known.isDone()) {
            try {
                known.get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return NONE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return NONE;
            }
        }
        synchronized (this) {
            Integer qos = decided.get(topic);
            if (qos == null) {
                qos = matching(topic);
                if (decided.size() >= MAX_DECIDED) {
                    decided.clear();
                }
                decided.put(topic, qos);
            }
            return qos;
        }
    }

    private int matching(String topic) {
        int highest = NONE;
        for (Map.Entry<String, Integer> filter : filters.entrySet()) {
            if (filter.getValue() > highest && DollarTopics.matches(filter.getKey(), topic)
                    && !DollarTopics.startsWithWildcard(filter.getKey())) {
                highest = filter.getValue();
            }
        }
        return Math.min(highest, MAX_QOS);
    }
}
