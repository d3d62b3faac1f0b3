package io.fleetline.protocol.streams;

import java.util.Optional;

/** The two encodings of the streams protocol, named by the last topic level. */
public enum StreamFormat {
    JSON("json"),
    CBOR("cbor");

    private final String segment;

    StreamFormat(String segment) {
        this.segment = segment;
    }

    /** The topic level that names this format. */
    public String segment() {
        return segment;
    }

    /** The format a topic level names, exactly as written ({@code JSON} is no format). */
    public static Optional<StreamFormat> of(String segment) {
        for (StreamFormat format : values()) {
            if (format.segment.equals(segment)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
