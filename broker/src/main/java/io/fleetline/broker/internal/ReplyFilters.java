package io.fleetline.broker.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The reply filters one connection was given ({@link Replies}), each once: the first answer under a filter adds it,
 * later ones find it added (or being added, and wait for it). And what was decided for each answer topic, so that a
 * download's thousands of answers on one topic are not each decided anew.
 */
final class ReplyFilters {
    /** Answer topics whose decision is kept at most; one client is answered on a handful. */
    private static final int MAX_DECIDED = 64;
    private final Map<String, CompletableFuture<Void>> added = new ConcurrentHashMap<>();
    private final Map<String, Answer> decided = new ConcurrentHashMap<>();

    /**
     * What was decided for answers on a topic (the broker's name for it): the device's name for the topic, the reply
     * filter they go under, and whether the client's policy lets it receive them, as of the policy generation named.
     */
    record Answer(String deviceTopic, String filter, boolean receives, long generation) {
    }

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

    /** What was decided for answers on {@code topic} at policy generation {@code generation}, if it was. */
    Optional<Answer> decided(String topic, long generation) {
        return Optional.ofNullable(decided.get(topic)).filter(answer -> answer.generation() == generation);
    }

    /** Keeps what was decided for answers on {@code topic}, and answers it. */
    Answer decide(String topic, Answer answer) {
        if (decided.size() >= MAX_DECIDED) {
            decided.clear();
        }
        decided.put(topic, answer);
        return answer;
    }
}
