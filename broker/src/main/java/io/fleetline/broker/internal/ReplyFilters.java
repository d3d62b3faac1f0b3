package io.fleetline.broker.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The reply filters one connection was given ({@link Replies}), each once: the first answer under a filter adds it,
 * later ones find it added (or being added, and wait for it).
 */
final class ReplyFilters {
    private final Map<String, CompletableFuture<Void>> added = new ConcurrentHashMap<>();

    /** Done once {@code filter} is the connection's; {@code add} is called only if it was not added before. */
    CompletableFuture<Void> admit(String filter, Function<String, CompletableFuture<Void>> add) {
        CompletableFuture<Void> adding = added.computeIfAbsent(filter, add);
        adding.whenComplete((done, failed) -> {
            if (failed != null) {
                added.remove(filter, adding);  // tried again at the next answer
            }
        });
        return adding;
    }

    /** The filter is no longer the connection's (its client unsubscribed it): the next answer adds it again. */
    void forget(String filter) {
        added.remove(filter);
    }
}
