package io.fleetline.protocol;

import java.util.Optional;

/** The payload format a device protocol lets the device choose, named by the last level of its request topic. */
public enum Format {
    JSON("json"),
    CBOR("cbor");

    private final String topicLevel;

    Format(String topicLevel) {
        this.topicLevel = topicLevel;
    }

    /** The format as a topic names it: {@code json} or {@code cbor}. */
    public String topicLevel() {
        return topicLevel;
    }

    /** The format a topic level names; empty for any other level (the names are lower case, as AWS's). */
    public static Optional<Format> ofTopicLevel(String level) {
        for (Format format : values()) {
            if (format.topicLevel.equals(level)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
