package io.fleetline.protocol.streams;

import java.util.Optional;

/** What a device asks of a stream, named by the topic level before the format, and the topic it is answered on. */
public enum StreamOperation {
    /** The stream's version, description and files with their sizes: answered on {@code description}. */
    DESCRIBE("describe", "description"),
    /** Blocks of one file: answered on {@code data}, one message per block. */
    GET("get", "data");

    private final String segment;
    private final String answer;

    StreamOperation(String segment, String answer) {
        this.segment = segment;
        this.answer = answer;
    }

    /** The topic level a request is published under. */
    public String segment() {
        return segment;
    }

    /** The topic level its accepted answers are published under. */
    public String answer() {
        return answer;
    }

    /** The operation a topic level names, exactly as written. */
    public static Optional<StreamOperation> of(String segment) {
        for (StreamOperation operation : values()) {
            if (operation.segment.equals(segment)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
