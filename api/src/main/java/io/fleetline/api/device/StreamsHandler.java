package io.fleetline.api.device;

import io.fleetline.protocol.Format;

/**
 * The MQTT file streams protocol behind its one registration ({@link DeviceRequests#streams}): a request on
 * {@code $aws/things/{thing}/streams/{streamId}/{operation}/{format}} in, the answer the requester gets out. The
 * handler owns everything after the topic levels: the payload's codec, the operation ({@code describe}, {@code get},
 * or any other, which it rejects), its rejections and its answer topic. A topic of another shape, or whose format is
 * neither {@code json} nor {@code cbor}, never reaches it: no answer could be written in a format the device reads.
 */
@FunctionalInterface
public interface StreamsHandler {
    /**
     * Serves one request; the thing's policy allowed publishing on its topic.
     *
     * @param thing     the thing level of the topic, as the device wrote it
     * @param operation the level after the stream id, as the device wrote it
     * @return where under {@code $aws/things/{thing}/streams/{streamId}/} the answer goes, and its payload
     */
    Answer handle(String thing, String streamId, String operation, Format format, byte[] payload);

    /**
     * An answer: its topic after {@code $aws/things/{thing}/streams/{streamId}/} ({@code data/cbor},
     * {@code description/json}, {@code rejected/json}, ...), and its payload.
     */
    record Answer(String topicSuffix, byte[] payload) {
        public Answer {
            if (topicSuffix.isEmpty() || topicSuffix.startsWith("/") || topicSuffix.contains("+")
                    || topicSuffix.contains("#")) {
                throw new IllegalArgumentException("not the end of a topic: " + topicSuffix);
            }
        }
    }
}
