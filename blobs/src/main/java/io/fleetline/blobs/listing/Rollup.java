package io.fleetline.blobs.listing;

import io.fleetline.blobs.KeyBounds;
import io.fleetline.blobs.object.ObjectKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One page of a listing in key order, with S3's delimiter: a key that holds the delimiter after the prefix is not
 * listed itself but stands in for its common prefix (the key up to and including the delimiter), listed once, and the
 * scan then jumps past every key under that prefix (one seek, not one row per key). Entries, items and common
 * prefixes alike, count against {@code maxKeys} and all lie after the marker.
 */
public final class Rollup {
    private Rollup() {
    }

    /** Where a listing reads its items from, in key order; it moves as the scan goes. */
    public interface Source<T> {
        /** Up to {@code limit} items from the current place on. */
        List<T> fetch(int limit);

        ObjectKey keyOf(T item);

        /** Moves past {@code item}, the last one taken. */
        void after(T item);

        /** Moves to the first item whose key is at or after {@code bound}, past the current place. */
        void seek(byte[] bound);
    }

    /** An entry of a page: an item, or a common prefix that stands for all the keys under it. */
    public sealed interface Entry<T> {
        record Item<T>(T value) implements Entry<T> {
        }

        record Prefix<T>(String prefix) implements Entry<T> {
        }
    }

    /** A page: its entries in key order, and whether more follow. */
    public record Page<T>(List<Entry<T>> entries, boolean truncated) {
        public List<T> items() {
            return entries.stream().<T>mapMulti((entry, out) -> {
                if (entry instanceof Entry.Item<T> item) {
                    out.accept(item.value());
                }
            }).toList();
        }

        public List<String> commonPrefixes() {
            return entries.stream().<String>mapMulti((entry, out) -> {
                if (entry instanceof Entry.Prefix<T> prefix) {
                    out.accept(prefix.prefix());
                }
            }).toList();
        }

        public Optional<Entry<T>> last() {
            return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
        }
    }

    /**
     * Reads one page of at most {@code maxKeys} entries from {@code source}, which starts at or after the prefix
     * and the marker and ends with the prefix's keys.
     */
    public static <T> Page<T> scan(Source<T> source, String prefix, Optional<String> delimiter,
                                   Optional<String> marker, int maxKeys) {
        List<Entry<T>> entries = new ArrayList<>();
        int wanted = maxKeys + 1;  // one more tells whether the page is truncated
        byte[] after = marker.map(m -> m.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        while (maxKeys > 0 && entries.size() < wanted) {
            int limit = wanted - entries.size();
            List<T> batch = source.fetch(limit);
            boolean moved = takeBatch(source, batch, prefix, delimiter, after, entries, wanted);
            if (!moved && batch.size() < limit) {
                break;  // the source has no more
            }
        }
        boolean truncated = entries.size() > maxKeys;
        return new Page<>(truncated ? List.copyOf(entries.subList(0, maxKeys)) : List.copyOf(entries), truncated);
    }

    /** Takes items from the batch until a common prefix (answers true: the source moved past it) or the end. */
    private static <T> boolean takeBatch(Source<T> source, List<T> batch, String prefix, Optional<String> delimiter,
                                         byte[] after, List<Entry<T>> entries, int wanted) {
        for (T item : batch) {
            Optional<String> common = commonPrefix(source.keyOf(item).value(), prefix, delimiter);
            if (common.isPresent()) {
                byte[] bytes = common.get().getBytes(StandardCharsets.UTF_8);
                if (Arrays.compareUnsigned(bytes, after) > 0) {
                    entries.add(new Entry.Prefix<>(common.get()));
                }
                // a delimiter is never 0xFF bytes only, so the prefix has an upper bound
                source.seek(KeyBounds.upperBound(bytes).orElseThrow());
                return true;
            }
            entries.add(new Entry.Item<>(item));
            source.after(item);
            if (entries.size() == wanted) {
                return false;
            }
        }
        return false;
    }

    /** The key up to and including the first delimiter after the prefix, if it holds one there. */
    static Optional<String> commonPrefix(String key, String prefix, Optional<String> delimiter) {
        if (delimiter.isEmpty() || !key.startsWith(prefix)) {
            return Optional.empty();
        }
        int at = key.indexOf(delimiter.get(), prefix.length());
        return at < 0 ? Optional.empty() : Optional.of(key.substring(0, at + delimiter.get().length()));
    }
}
