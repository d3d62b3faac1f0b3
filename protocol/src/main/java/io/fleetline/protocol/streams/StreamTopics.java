package io.fleetline.protocol.streams;

import io.fleetline.protocol.Format;
import java.util.Optional;

/**
 * The streams topics: requests on {@code $aws/things/{thing}/streams/{streamId}/describe|get/json|cbor}, answers on
 * {@code .../description|data|rejected/json|cbor} of the same thing and stream.
 */
public final class StreamTopics {
    private static final String THINGS = "$aws/things/";
    private static final String STREAMS = "streams";
    private static final String REJECTED = "rejected";
    /** {@code $aws}, {@code things}, thing, {@code streams}, stream, operation, format. */
    private static final int LEVELS = 7;

    private StreamTopics() {
    }

    /**
     * The levels of a topic under {@code $aws/things/{thing}/streams/{streamId}/}, whatever they say below; empty when
     * the topic is not of that shape (no thing or stream named, or another number of levels).
     */
    public static Optional<StreamTopic> parse(String topic) {
        if (!topic.startsWith(THINGS)) {
            return Optional.empty();
        }
        String[] levels = topic.split("/", -1);
        if (levels.length != LEVELS || !levels[3].equals(STREAMS) || levels[2].isEmpty() || levels[4].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StreamTopic(levels[2], levels[4], levels[5], levels[6]));
    }

    /** Whether a topic is one of a thing's streams topics, well formed or not: {@code $aws/things/+/streams/#}. */
    public static boolean isStreamTopic(String topic) {
        if (!topic.startsWith(THINGS)) {
            return false;
        }
        int thingEnd = topic.indexOf('/', THINGS.length());
        return thingEnd > THINGS.length() && topic.startsWith(STREAMS + "/", thingEnd + 1);
    }

    /** Where a device publishes a request. */
    public static String request(String thingName, String streamId, StreamOperation operation, Format format) {
        return base(thingName, streamId) + operation.segment() + "/" + format.topicLevel();
    }

    /** Where the accepted answers of a request are published: {@code description} or {@code data}. */
    public static String answer(String thingName, String streamId, StreamOperation operation, Format format) {
        return base(thingName, streamId) + operation.answer() + "/" + format.topicLevel();
    }

    /** Where the rejections of a thing's requests on a stream are published. */
    public static String rejected(String thingName, String streamId, Format format) {
        return base(thingName, streamId) + REJECTED + "/" + format.topicLevel();
    }

    private static String base(String thingName, String streamId) {
        return THINGS + thingName + "/" + STREAMS + "/" + streamId + "/";
    }

    /**
     * A streams topic's levels as written. {@link #operation()} and {@link #format()} are empty when the levels name
     * none (a request the protocol does not have, or an answer topic a device published to).
     */
    public record StreamTopic(String thingName, String streamId, String operationLevel, String formatLevel) {
        public Optional<StreamOperation> operation() {
            return StreamOperation.of(operationLevel);
        }

        public Optional<Format> format() {
            return Format.ofTopicLevel(formatLevel);
        }

        /** The format to answer in: the one the topic names, JSON when it names none. */
        public Format answerFormat() {
            return format().orElse(Format.JSON);
        }
    }
}
