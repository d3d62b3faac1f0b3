package io.fleetline.blobs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A span of keys as UTF-8 byte strings: from {@code from} (inclusive) to {@code to} (exclusive; none means to the end).
 * Listing by prefix is the span from the prefix to the prefix's {@link #upperBound}, which an index on the key serves
 * as one range scan.
 */
public record KeyBounds(byte[] from, Optional<byte[]> to) {
    public KeyBounds {
        from = from.clone();
        to = to.map(byte[]::clone);
    }

    public static KeyBounds all() {
        return new KeyBounds(new byte[0], Optional.empty());
    }

    /** The keys that start with {@code prefix}. */
    public static KeyBounds prefix(String prefix) {
        byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
        return new KeyBounds(bytes, upperBound(bytes));
    }

    /** The same end, starting at {@code start} unless this span starts later. */
    public KeyBounds startingAt(byte[] start) {
        return Arrays.compareUnsigned(start, from) > 0 ? new KeyBounds(start, to) : this;
    }

    /** Whether no key can lie in the span. */
    public boolean empty() {
        return to.isPresent() && Arrays.compareUnsigned(from, to.get()) >= 0;
    }

    /** The first byte string after {@code key}: the key followed by a zero byte. */
    public static byte[] after(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    /**
     * The first byte string after every string that starts with {@code prefix}; none when there is no such string
     * (an empty prefix, or one of 0xFF bytes, which UTF-8 never holds).
     */
    public static Optional<byte[]> upperBound(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] bound = Arrays.copyOf(prefix, i + 1);
                bound[i]++;
                return Optional.of(bound);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyBounds that && Arrays.equals(from, that.from)
                && to.isPresent() == that.to.isPresent() && (to.isEmpty() || Arrays.equals(to.get(), that.to.get()));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(from) * 31 + to.map(Arrays::hashCode).orElse(0);
    }

    @Override
    public String toString() {
        return "[" + new String(from, StandardCharsets.UTF_8) + ", "
                + to.map(bound -> new String(bound, StandardCharsets.UTF_8)).orElse("end") + ")";
    }
}
