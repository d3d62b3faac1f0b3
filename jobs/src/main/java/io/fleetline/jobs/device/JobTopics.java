package io.fleetline.jobs.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.DeviceMessageHandler;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.execution.ExecutionStateException;
import io.fleetline.jobs.execution.ExecutionStatus;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs MQTT API on {@code $aws/things/{thingName}/jobs/...}: each request is answered on its topic plus
 * {@code /accepted} or {@code /rejected}, with the guide's payloads and error codes. The broker has already
 * checked that the device may publish on the request topic (its policy decides whose jobs it may touch).
 */
public final class JobTopics implements DeviceMessageHandler {
    /** Where the handler is registered: every thing's jobs topics. */
    public static final String TOPIC_FILTER = "$aws/things/+/jobs/";
    private static final Logger LOG = LoggerFactory.getLogger(JobTopics.class);

    private final DeviceJobs jobs;
    private final MessageBus bus;
    private final Clock clock;

    public JobTopics(DeviceJobs jobs, MessageBus bus, Clock clock) {
        this.jobs = jobs;
        this.bus = bus;
        this.clock = clock;
    }

    public void register() {
        bus.onDeviceMessage(TOPIC_FILTER, this);
    }

    @Override
    public void handle(DeviceMessage message) {
        String topic = message.topic();
        String[] parts = topic.split("/", -1);
        // $aws / things / {thing} / jobs / ...
        String thing = parts.length > 2 ? parts[2] : "";
        Optional<ObjectNode> request = Optional.empty();
        try {
            request = Optional.of(parse(message.payload()));
            ObjectNode accepted = answer(thing, parts, request.get());
            reply(topic + "/accepted", withEnvelope(accepted, request.get()));
        } catch (RejectedRequest e) {
            reply(topic + "/rejected", rejection(e.code, e.getMessage(), request, Optional.empty()));
        } catch (ExecutionStateException e) {
            reply(topic + "/rejected", rejection(e.versionMismatch() ? "VersionMismatch" : "InvalidStateTransition",
                    e.getMessage(), request, Optional.of(DeviceJson.state(e.execution()))));
        } catch (FleetlineException e) {
            reply(topic + "/rejected", rejection(code(e.code()), e.getMessage(), request, Optional.empty()));
        } catch (RuntimeException e) {
            LOG.error("jobs request on {} failed", topic, e);
            reply(topic + "/rejected", rejection("InternalError", "Internal error", request, Optional.empty()));
        }
    }

    private ObjectNode answer(String thing, String[] parts, ObjectNode request) {
        if (parts.length == 5 && parts[4].equals("get")) {
            return DeviceJson.pending(jobs.pending(thing), DeviceJson.mapper().createObjectNode());
        }
        if (parts.length == 5 && parts[4].equals("start-next")) {
            ObjectNode out = DeviceJson.mapper().createObjectNode();
            jobs.startNext(thing, details(request), optLong(request, "stepTimeoutInMinutes"))
                    .ifPresent(e -> out.set("execution", DeviceJson.execution(e.execution(), Optional.of(e.document()),
                            true, clock.instant())));
            return out;
        }
        if (parts.length == 6 && parts[5].equals("get")) {
            ObjectNode out = DeviceJson.mapper().createObjectNode();
            boolean withDocument = optBoolean(request, "includeJobDocument").orElse(true);
            jobs.describe(thing, parts[4], optLong(request, "executionNumber"))
                    .ifPresent(e -> out.set("execution", DeviceJson.execution(e.execution(),
                            withDocument ? Optional.of(e.document()) : Optional.empty(), true, clock.instant())));
            return out;
        }
        if (parts.length == 6 && parts[5].equals("update")) {
            DeviceJobs.Execution e = jobs.update(thing, parts[4], update(request));
            ObjectNode out = DeviceJson.mapper().createObjectNode();
            if (optBoolean(request, "includeJobExecutionState").orElse(false)) {
                out.set("executionState", DeviceJson.state(e.execution()));
            }
            if (optBoolean(request, "includeJobDocument").orElse(false)) {
                out.set("jobDocument", DeviceJson.execution(e.execution(), Optional.of(e.document()), true,
                        clock.instant()).get("jobDocument"));
            }
            return out;
        }
        throw new RejectedRequest("InvalidTopic", "The topic is not one of the jobs API: " + String.join("/", parts));
    }

    private static DeviceUpdate update(ObjectNode request) {
        JsonNode status = request.get("status");
        if (status == null || !status.isTextual()) {
            throw new RejectedRequest("InvalidRequest", "status is required: IN_PROGRESS, SUCCEEDED, FAILED or REJECTED");
        }
        ExecutionStatus parsed;
        try {
            parsed = ExecutionStatus.parse(status.asText());
        } catch (IllegalArgumentException e) {
            throw new RejectedRequest("InvalidRequest", "Unknown status " + status.asText());
        }
        return new DeviceUpdate(parsed, details(request), optLong(request, "expectedVersion"),
                optLong(request, "executionNumber"), optLong(request, "stepTimeoutInMinutes"));
    }

    private static Optional<Map<String, String>> details(ObjectNode request) {
        JsonNode node = request.get("statusDetails");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new RejectedRequest("InvalidRequest", "statusDetails must be an object of strings");
        }
        Map<String, String> details = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw new RejectedRequest("InvalidRequest", "statusDetails." + e.getKey() + " must be a string");
            }
            details.put(e.getKey(), e.getValue().asText());
        });
        return Optional.of(details);
    }

    /**
     * A number, or (as the guide's examples send expectedVersion) a string of digits; either must fit the model's
     * {@code long}, since a larger one read as a long wraps (2^64 + 1 would pass for version 1).
     */
    private static Optional<Long> optLong(ObjectNode request, String member) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if ((node.isIntegralNumber() && node.canConvertToLong())
                || (node.isTextual() && node.asText().matches("-?\\d{1,18}"))) {
            return Optional.of(node.asLong());
        }
        throw new RejectedRequest("InvalidRequest", member + " must be a whole number of at most 64 bits");
    }

    private static Optional<Boolean> optBoolean(ObjectNode request, String member) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw new RejectedRequest("InvalidRequest", member + " must be true or false");
        }
        return Optional.of(node.asBoolean());
    }

    /** The request as JSON; an empty payload is an empty request. */
    private static ObjectNode parse(byte[] payload) {
        if (payload.length == 0) {
            return DeviceJson.mapper().createObjectNode();
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(payload)).toString();
            JsonNode node = DeviceJson.mapper().readTree(text);
            if (node == null || !node.isObject()) {
                throw new RejectedRequest("InvalidJson", "The request must be a JSON object");
            }
            JsonNode token = node.get("clientToken");
            if (token != null && (!token.isTextual() || token.asText().length() > 64)) {
                throw new RejectedRequest("InvalidRequest", "clientToken must be a string of at most 64 characters");
            }
            return (ObjectNode) node;
        } catch (CharacterCodingException e) {
            throw new RejectedRequest("InvalidJson", "The request is not UTF-8");
        } catch (java.io.IOException e) {
            throw new RejectedRequest("InvalidJson", "The request is not valid JSON");
        }
    }

    private ObjectNode withEnvelope(ObjectNode body, ObjectNode request) {
        body.put("timestamp", clock.instant().getEpochSecond());
        Optional.ofNullable(request.get("clientToken")).ifPresent(t -> body.put("clientToken", t.asText()));
        return body;
    }

    private ObjectNode rejection(String code, String message, Optional<ObjectNode> request, Optional<ObjectNode> state) {
        ObjectNode body = DeviceJson.mapper().createObjectNode();
        body.put("code", code);
        body.put("message", message);
        request.flatMap(r -> Optional.ofNullable(r.get("clientToken"))).ifPresent(t -> body.put("clientToken", t.asText()));
        body.put("timestamp", clock.instant().getEpochSecond());
        state.ifPresent(s -> body.set("executionState", s));
        return body;
    }

    /** The guide's rejected codes for Fleetline's errors. */
    private static String code(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST -> "InvalidRequest";
            case RESOURCE_NOT_FOUND -> "ResourceNotFound";
            case INVALID_STATE_TRANSITION -> "InvalidStateTransition";
            case VERSION_CONFLICT -> "VersionMismatch";
            case TERMINAL_STATE -> "TerminalStateReached";
            default -> "InternalError";
        };
    }

    private void reply(String topic, ObjectNode payload) {
        bus.publish(topic, payload.toString().getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** A request refused with one of the guide's codes before it reached the jobs service. */
    private static final class RejectedRequest extends RuntimeException {
        private final String code;

        RejectedRequest(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
