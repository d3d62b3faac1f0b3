package io.fleetline.blobs.object;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Range} header as S3 takes it: one range of bytes, {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}.
 * A header S3 does not take (several ranges, another unit, a malformed one) is ignored, and the whole object is
 * answered. A range no byte satisfies is {@code InvalidRange} (416).
 *
 * @param header the header as sent, for error messages
 * @param first  the first byte asked for, or -1 for a suffix range
 * @param last   the last byte asked for, or -1 when open-ended (or a suffix range)
 * @param suffix the length of a suffix range ({@code bytes=-n}), else -1
 */
public record RangeRequest(String header, long first, long last, long suffix) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final long OPEN = -1;

    /** The range a header asks for; empty when S3 would ignore the header. */
    public static Optional<RangeRequest> parse(String header) {
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return Optional.empty();
        }
        if (m.group(1).isEmpty()) {
            return Optional.of(new RangeRequest(header, OPEN, OPEN, number(m.group(2))));
        }
        long first = number(m.group(1));
        long last = m.group(2).isEmpty() ? OPEN : number(m.group(2));
        if (last != OPEN && last < first) {
            return Optional.empty();
        }
        return Optional.of(new RangeRequest(header, first, last, OPEN));
    }

    /**
     * An {@code x-amz-copy-source-range}: {@code bytes=first-last}, both given, else {@code InvalidArgument}.
     */
    public static RangeRequest copySource(String header) {
        Optional<RangeRequest> range = parse(header);
        if (range.isEmpty() || range.get().first == OPEN || range.get().last == OPEN) {
            throw BlobErrors.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last "
                    + "where first and last are the zero-based offsets of the first and last bytes to copy",
                    "x-amz-copy-source-range", header);
        }
        return range.get();
    }

    /** The bytes of an object of {@code size} this range takes: a last byte past the end is the end. */
    public ByteRange resolve(long size) {
        if (suffix != OPEN) {
            if (suffix == 0 || size == 0) {
                throw unsatisfiable(size);
            }
            return new ByteRange(Math.max(0, size - suffix), size - 1, size);
        }
        if (first >= size) {
            throw unsatisfiable(size);
        }
        return new ByteRange(first, last == OPEN ? size - 1 : Math.min(last, size - 1), size);
    }

    /** As {@link #resolve}, for a copy source: the range must lie within it ({@code InvalidArgument} otherwise). */
    public ByteRange resolveCopySource(long size) {
        if (first >= size || last >= size) {
            throw BlobErrors.invalidArgument("Range specified is not valid for source object of size: " + size,
                    "x-amz-copy-source-range", header);
        }
        return new ByteRange(first, last, size);
    }

    private FleetlineException unsatisfiable(long size) {
        return new FleetlineException(ErrorCode.INVALID_RANGE, "The requested range is not satisfiable",
                Map.of("RangeRequested", header, "ActualObjectSize", Long.toString(size)));
    }

    /** Digits beyond a {@code long} ask for more than any object holds: the largest value says as much. */
    private static long number(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLarge) {
            return Long.MAX_VALUE;
        }
    }
}
