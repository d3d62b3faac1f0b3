package io.fleetline.broker.internal;

import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 3.1.1 and 5 §4.7.2: a filter that starts with a wildcard ({@code #}, {@code +/...}) does not match a topic
 * that starts with {@code $}, so a subscriber to {@code #} gets none of {@code $aws/events/...} while one to
 * {@code $aws/events/presence/connected/+} does. HiveMQ's topic tree can leave such filters out, but its publish path
 * never asks it to; so a connection that holds such a filter has its deliveries looked at, and one of a {@code $}
 * topic goes through only if a filter of the connection that starts with a topic level matches it. Connections
 * without such a filter (devices' ordinary subscriptions, the benchmarks') carry no check at all, and for those with
 * one, a delivery of an ordinary topic is let through on its first character.
 *
 * <p>An account in a namespace (permissive mode) needs none of this: its {@code $} topics live in a tree of their
 * own ({@code fleetline$/...}) that no filter of its devices, wildcards included, reaches.
 *
 * <p>A connection that resumed a session holds the filters of the earlier connection too; they are read from the
 * broker, and deliveries of {@code $} topics wait until they are known.
 */
final class DollarTopics {
    private static final Logger LOG = LoggerFactory.getLogger(DollarTopics.class);
    private static final String SHARED = "$share/";

    private final DeliveryChecks checks;
    /** Every filter the connection holds, as the client named it (shared ones with their {@code $share/group/}). */
    private final Set<String> filters = new HashSet<>();
    /** Filters given up before those of a resumed session were known: the broker's list may still have them. */
    private final Set<String> droppedEarly = new HashSet<>();
    private final CompletableFuture<Void> known = new CompletableFuture<>();

    /** @param filtersKnown false for a connection that resumed a session: it may hold filters subscribed earlier */
    DollarTopics(DeliveryChecks checks, boolean filtersKnown) {
        this.checks = checks;
        if (filtersKnown) {
            known.complete(null);
        } else {
            checks.want(DeliveryChecks.Reason.DOLLAR_TOPICS, true);
        }
    }

    /** The connection is initialized: a resumed session's filters are read from the broker. */
    void initialized(String clientId) {
        if (known.isDone()) {
            return;
        }
        Services.subscriptionStore().getSubscriptions(clientId).whenComplete((stored, failed) -> {
            synchronized (this) {
                if (failed != null) {
                    LOG.warn("the subscriptions {} resumed are unknown: {}", clientId, failed.getMessage());
                } else {
                    stored.stream().map(TopicSubscription::getTopicFilter).filter(f -> !droppedEarly.contains(f))
                            .forEach(filters::add);
                }
                droppedEarly.clear();
                known.complete(null);
                update();
            }
        });
    }

    /** A subscription is about to be acknowledged: checked from now on if its filter starts with a wildcard. */
    synchronized void subscribed(String filter) {
        filters.add(filter);
        update();
    }

    synchronized void unsubscribed(Collection<String> removed) {
        filters.removeAll(removed);
        if (!known.isDone()) {
            droppedEarly.addAll(removed);
        }
        update();
    }

    /** Whether a delivery of this {@code $} topic may go: a filter starting with a topic level matches it. */
    CompletableFuture<Boolean> delivers(String topic) {
        return known.thenApply(ignored -> matchedFromTheFirstLevel(topic));
    }

    private synchronized boolean matchedFromTheFirstLevel(String topic) {
        for (String filter : filters) {
            String matching = unshared(filter);
            if (!startsWithWildcard(matching) && matches(matching, topic)) {
                return true;
            }
        }
        return false;
    }

    private void update() {
        checks.want(DeliveryChecks.Reason.DOLLAR_TOPICS, !known.isDone()
                || filters.stream().anyMatch(filter -> startsWithWildcard(unshared(filter))));
    }

    static boolean startsWithWildcard(String filter) {
        return filter.startsWith("#") || filter.startsWith("+");
    }

    /** The filter a shared subscription ({@code $share/group/filter}) matches topics with. */
    static String unshared(String filter) {
        if (filter.startsWith(SHARED)) {
            int group = filter.indexOf('/', SHARED.length());
            if (group > 0) {
                return filter.substring(group + 1);
            }
        }
        return filter;
    }

    /** MQTT topic matching, as the broker does it: {@code +} is one level, a trailing {@code #} any, the parent too. */
    static boolean matches(String filter, String topic) {
        String[] filterLevels = filter.split("/", -1);
        String[] topicLevels = topic.split("/", -1);
        for (int i = 0; i < filterLevels.length; i++) {
            if (filterLevels[i].equals("#")) {
                return true;
            }
            if (i >= topicLevels.length || !filterLevels[i].equals("+") && !filterLevels[i].equals(topicLevels[i])) {
                return false;
            }
        }
        return filterLevels.length == topicLevels.length;
    }
}
