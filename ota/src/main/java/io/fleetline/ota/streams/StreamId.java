package io.fleetline.ota.streams;

import io.fleetline.core.error.FleetlineException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A stream's id: 1 to 128 letters, digits, {@code _} and {@code -}, as AWS's model allows. OTA updates name their
 * streams {@code AFR_OTA-<uuid>} (44 characters), the length AWS's device agents make room for.
 */
public record StreamId(String value) implements Comparable<StreamId> {
    public static final int MAX_LENGTH = 128;
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]{1," + MAX_LENGTH + "}");

    public StreamId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw FleetlineException.invalid("The stream id must be 1 to " + MAX_LENGTH
                    + " letters, digits, _ and -: " + value);
        }
    }

    public static StreamId of(String value) {
        return new StreamId(value);
    }

    /** The id a topic level names, if it is a valid one. */
    public static Optional<StreamId> parse(String value) {
        return VALID.matcher(value).matches() ? Optional.of(new StreamId(value)) : Optional.empty();
    }

    @Override
    public int compareTo(StreamId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
