package io.fleetline.api.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.bus.MessageLimits;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.StrictJson;
import io.fleetline.protocol.shadow.ShadowTopic;
import io.fleetline.shadow.ShadowKey;
import io.fleetline.shadow.ShadowRejection;
import io.fleetline.shadow.ShadowService;
import io.fleetline.shadow.ShadowUpdate;
import io.fleetline.shadow.UpdateOutcome;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Device Shadow requests, as MQTT and the iot-data HTTPS API both make them: the payload read (UTF-8, one JSON
 * object), the service asked, and the answer with the messages the request publishes to the shadow's topics. An
 * update publishes {@code update/accepted}, {@code update/delta} (when desired now differs from reported) and
 * {@code update/documents}, and a delete {@code delete/accepted}, whichever way they came, as AWS does.
 */
public final class ShadowRequests {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ShadowService service;

    public ShadowRequests(ShadowService service) {
        this.service = service;
    }

    /**
     * What a request answers: the response document and the messages it publishes.
     *
     * @param response  the accepted document (MQTT's {@code /accepted} payload, the HTTP body)
     * @param published every message for the shadow's subscribers, in order
     */
    public record Answer(ObjectNode response, List<DeviceProtocol.Reply> published) {
        public Answer {
            published = List.copyOf(published);
        }
    }

    public Answer update(ShadowKey key, byte[] payload) {
        UpdateOutcome outcome = service.update(key, ShadowUpdate.of(document(payload)));
        ShadowTopic topic = topic(key, ShadowTopic.Operation.UPDATE);
        List<DeviceProtocol.Reply> published = new ArrayList<>();
        published.add(reply(topic.accepted(), outcome.accepted()));
        outcome.delta().ifPresent(delta -> published.add(reply(topic.delta(), delta)));
        published.add(reply(topic.documents(), outcome.documents()));
        return new Answer(outcome.accepted(), published);
    }

    /** A get publishes nothing of itself: over MQTT its answer goes to {@code get/accepted}. */
    public Answer get(ShadowKey key, byte[] payload) {
        return new Answer(service.get(key, ShadowUpdate.clientToken(document(payload))), List.of());
    }

    public Answer delete(ShadowKey key, byte[] payload) {
        ObjectNode deleted = service.delete(key, ShadowUpdate.clientToken(document(payload)));
        return new Answer(deleted, List.of(reply(topic(key, ShadowTopic.Operation.DELETE).accepted(), deleted)));
    }

    /**
     * The request document: an empty payload is an empty object (a get or delete may send nothing).
     *
     * @throws ShadowRejection 413 past the size of an MQTT message, 415 when not UTF-8, 400 when not one JSON object
     */
    static ObjectNode document(byte[] payload) {
        if (payload.length > MessageLimits.MAX_PAYLOAD_BYTES) {
            throw ShadowRejection.payloadTooLarge();
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload));
        } catch (CharacterCodingException e) {
            throw ShadowRejection.unsupportedEncoding();
        }
        try {
            return StrictJson.object(payload);
        } catch (DeviceRejection e) {
            throw ShadowRejection.invalidJson();
        }
    }

    /** The client token a rejection echoes, when the payload holds a valid one. */
    static Optional<String> tokenOf(byte[] payload) {
        try {
            return ShadowUpdate.echoedToken(StrictJson.object(payload));
        } catch (DeviceRejection e) {
            return Optional.empty();
        }
    }

    static ShadowTopic topic(ShadowKey key, ShadowTopic.Operation operation) {
        return new ShadowTopic(key.thingName(), key.shadowName(), operation);
    }

    static DeviceProtocol.Reply reply(String topic, JsonNode payload) {
        try {
            return new DeviceProtocol.Reply(topic, MAPPER.writeValueAsBytes(payload));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a shadow message", e);
        }
    }
}
