package io.fleetline.core.page;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A page of results and, when more remain, the token for the next one. */
public record Page<T>(List<T> items, Optional<String> nextToken) {
    public Page {
        items = List.copyOf(items);
    }

    /**
     * Cuts a list fetched with one item more than the limit into a page: the extra item only tells
     * that another page exists, and the last kept item's key becomes the token.
     */
    public static <T> Page<T> of(List<T> fetched, PageRequest request, Function<T, String> key) {
        if (fetched.size() <= request.limit()) {
            return new Page<>(fetched, Optional.empty());
        }
        List<T> kept = fetched.subList(0, request.limit());
        return new Page<>(kept, Optional.of(PageRequest.encode(key.apply(kept.get(kept.size() - 1)))));
    }

    /** A page of a list already sorted by key, held in memory (lists that are small by their nature). */
    public static <T> Page<T> ofSorted(List<T> sorted, PageRequest request, Function<T, String> key) {
        List<T> after = request.after()
                .map(a -> sorted.stream().filter(item -> key.apply(item).compareTo(a) > 0).toList())
                .orElse(sorted);
        return of(after.subList(0, Math.min(after.size(), request.limit() + 1)), request, key);
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), nextToken);
    }
}
