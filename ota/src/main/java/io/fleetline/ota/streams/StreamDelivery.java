package io.fleetline.ota.streams;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.log.LimitedLog;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import io.fleetline.protocol.streams.DescribeStreamRequest;
import io.fleetline.protocol.streams.GetStreamRequest;
import io.fleetline.protocol.streams.StreamDescription;
import io.fleetline.protocol.Format;
import io.fleetline.protocol.streams.StreamMessages;
import io.fleetline.protocol.streams.StreamOperation;
import io.fleetline.protocol.streams.StreamRejection;
import io.fleetline.protocol.streams.StreamReply;
import io.fleetline.protocol.streams.StreamRequests;
import io.fleetline.protocol.streams.StreamTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Answers what devices publish on the streams topics, whatever carried it: a {@code describe} with the stream's
 * description, a {@code get} with one {@code data} message per block, anything refused with one {@code rejected}
 * message in the request's format (JSON when the topic names none) carrying AWS's code and the request's client
 * token. Never throws: a failure of the store is {@code InternalError}, logged (at a limited rate) without the
 * device's data.
 *
 * <p>The answers go to the device that asked, whether or not it subscribed to them; publishing them is the caller's
 * business. The requesting thing is not checked here: the broker's policy check on the request topic is what
 * authorizes it, as on AWS.
 */
public final class StreamDelivery {
    private static final LimitedLog LOG = new LimitedLog(LoggerFactory.getLogger(StreamDelivery.class));
    /** {@code $aws}, {@code things}, thing, {@code streams}, stream: what a rejection's topic needs. */
    private static final int ADDRESSABLE_LEVELS = 5;

    private final KnownStreams streams;
    private final BlockReader reader;

    StreamDelivery(KnownStreams streams, BlockReader reader) {
        this.streams = streams;
        this.reader = reader;
    }

    /**
     * A device's publish on a topic under {@code $aws/things/+/streams/}: the answers to publish to it, in order.
     * A topic that names no operation or format of the protocol is answered {@code InvalidTopic} (on
     * {@code rejected/json}, without a client token, when the format is unknown); one that does not even name a thing and a stream (fewer than
     * five levels) cannot be answered, and gets nothing.
     */
    public List<StreamReply> handle(String topic, byte[] payload) {
        Optional<StreamTopics.StreamTopic> parsed = StreamTopics.parse(topic);
        if (parsed.isEmpty()) {
            String[] levels = topic.split("/", -1);
            if (!StreamTopics.isStreamTopic(topic) || levels.length < ADDRESSABLE_LEVELS || levels[4].isEmpty()) {
                return List.of();
            }
            return List.of(rejected(levels[2], levels[4], Format.JSON, Optional.empty(),
                    new DeviceRejection(RejectionCode.INVALID_TOPIC, "Not a streams request topic: " + topic)));
        }
        StreamTopics.StreamTopic levels = parsed.get();
        if (levels.operation().isEmpty() || levels.format().isEmpty()) {
            // the format known, the payload says which request this was: its token goes back, as for every rejection
            Optional<String> token = levels.format().flatMap(format -> StreamRequests.clientToken(payload, format));
            return List.of(rejected(levels.thingName(), levels.streamId(), levels.answerFormat(), token,
                    new DeviceRejection(RejectionCode.INVALID_TOPIC, "Not a streams request topic: " + topic)));
        }
        return handle(levels.thingName(), levels.streamId(), levels.operation().get(), levels.format().get(),
                payload);
    }

    /** A request whose topic was already parsed: {@code operation} on {@code streamId}, in {@code format}. */
    public List<StreamReply> handle(String thingName, String streamId, StreamOperation operation,
                                    Format format, byte[] payload) {
        try {
            StreamId id = StreamId.parse(streamId).orElseThrow(() -> new DeviceRejection(RejectionCode.INVALID_TOPIC,
                    "Not a stream id: " + streamId));
            return switch (operation) {
                case DESCRIBE -> List.of(describe(thingName, id, format, StreamRequests.describe(payload, format)));
                case GET -> get(thingName, id, format, StreamRequests.get(payload, format));
            };
        } catch (DeviceRejection e) {
            return List.of(rejected(thingName, streamId, format, StreamRequests.clientToken(payload, format), e));
        } catch (FleetlineException e) {
            return List.of(rejected(thingName, streamId, format, StreamRequests.clientToken(payload, format),
                    new DeviceRejection(RejectionCode.of(e.code()), e.getMessage())));
        } catch (RuntimeException e) {
            LOG.error("stream request {} of thing {} on {} failed: {}", operation, thingName, streamId, e.toString());
            return List.of(rejected(thingName, streamId, format, StreamRequests.clientToken(payload, format),
                    new DeviceRejection(RejectionCode.INTERNAL_ERROR, "An internal error occurred")));
        }
    }

    private StreamReply describe(String thingName, StreamId id, Format format, DescribeStreamRequest request) {
        Stream stream = find(id);
        StreamDescription description = new StreamDescription(request.clientToken(), stream.version(),
                stream.description(), stream.files().stream()
                        .map(file -> new StreamDescription.FileSize(file.fileId(), file.size())).toList());
        return new StreamReply(StreamTopics.answer(thingName, id.value(), StreamOperation.DESCRIBE, format),
                StreamMessages.description(description, format));
    }

    private List<StreamReply> get(String thingName, StreamId id, Format format, GetStreamRequest request) {
        List<byte[]> messages = reader.messages(find(id), request, format);
        String topic = StreamTopics.answer(thingName, id.value(), StreamOperation.GET, format);
        List<StreamReply> replies = new ArrayList<>(messages.size());
        messages.forEach(message -> replies.add(new StreamReply(topic, message)));
        return replies;
    }

    private Stream find(StreamId id) {
        return streams.find(id).orElseThrow(() -> new DeviceRejection(RejectionCode.RESOURCE_NOT_FOUND,
                "Stream " + id + " does not exist"));
    }

    private static StreamReply rejected(String thingName, String streamId, Format format,
                                        Optional<String> clientToken, DeviceRejection rejection) {
        return new StreamReply(StreamTopics.rejected(thingName, streamId, format),
                StreamMessages.rejection(StreamRejection.of(rejection, clientToken), format));
    }
}
