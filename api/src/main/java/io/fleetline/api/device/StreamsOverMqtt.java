package io.fleetline.api.device;

import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.protocol.Format;
import java.util.Optional;

/** Stream requests by their topic levels, handed to the streams protocol's {@link StreamsHandler}. */
final class StreamsOverMqtt implements DeviceProtocol {
    /** {@code $aws/things/{thing}/streams/{streamId}/{operation}/{format}}. */
    private static final int LEVELS = 7;
    private final StreamsHandler handler;

    StreamsOverMqtt(StreamsHandler handler) {
        this.handler = handler;
    }

    @Override
    public Optional<Reply> serve(DeviceMessage request) {
        String[] levels = request.topic().split("/", -1);
        if (levels.length != LEVELS || levels[2].isEmpty() || levels[4].isEmpty()) {
            return Optional.empty();
        }
        Optional<Format> format = Format.ofTopicLevel(levels[6]);
        if (format.isEmpty()) {
            return Optional.empty();
        }
        StreamsHandler.Answer answer = handler.handle(levels[2], levels[4], levels[5], format.get(), request.payload());
        return Optional.of(new Reply("$aws/things/" + levels[2] + "/streams/" + levels[4] + "/" + answer.topicSuffix(),
                answer.payload()));
    }
}
