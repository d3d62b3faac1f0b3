package io.fleetline.protocol.streams;

import java.nio.charset.StandardCharsets;

/**
 * A message to publish to the device that made a streams request: the topic (on the request's thing and stream:
 * {@code description}, {@code data} or {@code rejected}, in the request's format) and the payload.
 */
public record StreamReply(String topic, byte[] payload) {
    /** The topic's last two levels, e.g. {@code data/cbor}. */
    public String suffix() {
        int format = topic.lastIndexOf('/');
        return topic.substring(topic.lastIndexOf('/', format - 1) + 1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StreamReply reply && topic.equals(reply.topic)
                && java.util.Arrays.equals(payload, reply.payload);
    }

    @Override
    public int hashCode() {
        return 31 * topic.hashCode() + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "StreamReply[" + topic + ", " + (topic.endsWith("/json")
                ? new String(payload, 0, Math.min(payload.length, 200), StandardCharsets.UTF_8)
                : payload.length + " bytes") + "]";
    }
}
