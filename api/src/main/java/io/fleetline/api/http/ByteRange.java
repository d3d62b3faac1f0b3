package io.fleetline.api.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one byte range a {@code Range} header asks of a representation of known size (RFC 9110 §14.1.2):
 * {@code bytes=first-last}, {@code bytes=first-} or {@code bytes=-suffix}, clipped to the size.
 *
 * @param first the first byte served, from 0
 * @param last  the last byte served, inclusive
 * @param size  the whole representation's size
 */
public record ByteRange(long first, long last, long size) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    public ByteRange {
        if (first < 0 || last < first || last >= size) {
            throw new IllegalArgumentException("not a range of " + size + " bytes: " + first + "-" + last);
        }
    }

    /** What a request's {@code Range} header selects. */
    public sealed interface Selection {
    }

    /** No range, or one to ignore (not single, not bytes, not well formed): the whole representation, 200. */
    public record Whole() implements Selection {
    }

    /** A satisfiable range: 206 with {@link #contentRange()}. */
    public record Part(ByteRange range) implements Selection {
    }

    /** A well-formed range that selects nothing of the representation: 416 with {@code bytes *}/size. */
    public record Unsatisfiable(long size) implements Selection {
        public String contentRange() {
            return "bytes */" + size;
        }
    }

    /** What {@code header} selects of a representation of {@code size} bytes. */
    public static Selection select(Optional<String> header, long size) {
        if (header.isEmpty()) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(header.get().trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new Whole();
        }
        if (m.group(1).isEmpty()) {
            long suffix = parse(m.group(2));
            return suffix == 0 || size == 0 ? new Unsatisfiable(size)
                    : new Part(new ByteRange(Math.max(0, size - suffix), size - 1, size));
        }
        long first = parse(m.group(1));
        long last = m.group(2).isEmpty() ? Long.MAX_VALUE : parse(m.group(2));
        if (last < first) {
            return new Whole();
        }
        return first >= size ? new Unsatisfiable(size) : new Part(new ByteRange(first, Math.min(last, size - 1), size));
    }

    /** Digits past a long are as good as infinite here. */
    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} of a 206 serving it. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + size;
    }
}
