package io.fleetline.blobs.listing;

import io.fleetline.blobs.BlobErrors;
import java.util.Optional;

/**
 * What every listing shares: the prefix keys must start with (empty: all), the delimiter that rolls keys up into
 * common prefixes (an empty one is none, as S3 takes it), and at most how many entries a page holds: S3's
 * {@code max-keys}, 0 to 1,000 (more is 1,000; negative is {@code InvalidArgument}).
 */
public record ListQuery(String prefix, Optional<String> delimiter, int maxKeys) {
    public static final int MAX_KEYS = 1000;

    public ListQuery {
        delimiter = delimiter.filter(d -> !d.isEmpty());
        if (maxKeys < 0) {
            throw BlobErrors.invalidArgument("Argument maxKeys must be an integer between 0 and 2147483647",
                    "maxKeys", Integer.toString(maxKeys));
        }
        maxKeys = Math.min(maxKeys, MAX_KEYS);
    }

    /** From the request's values, absent ones as S3 defaults them. */
    public static ListQuery of(Optional<String> prefix, Optional<String> delimiter, Optional<Integer> maxKeys) {
        return new ListQuery(prefix.orElse(""), delimiter, maxKeys.orElse(MAX_KEYS));
    }

    public static ListQuery all() {
        return new ListQuery("", Optional.empty(), MAX_KEYS);
    }
}
