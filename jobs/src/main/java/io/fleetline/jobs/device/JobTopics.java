package io.fleetline.jobs.device;

import io.fleetline.core.log.LimitedLog;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.DeviceMessageHandler;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.execution.ExecutionStateException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The jobs MQTT API on {@code $aws/things/{thingName}/jobs/...}: each request is answered on its topic plus
 * {@code /accepted} or {@code /rejected}, with the guide's payloads and error codes. The broker has already
 * checked that the device may publish on the request topic (its policy decides whose jobs it may touch).
 */
public final class JobTopics implements DeviceMessageHandler {
    /** Where the handler is registered: every thing's jobs topics. */
    public static final String TOPIC_FILTER = "$aws/things/+/jobs/";
    /** Any device can send what makes a request fail, as often as it likes. */
    private static final LimitedLog FAILED = new LimitedLog(LoggerFactory.getLogger(JobTopics.class));

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
        Optional<DeviceRequest> request = Optional.empty();
        try {
            request = Optional.of(DeviceRequest.parse(message.payload()));
            ObjectNode accepted = answer(thing, parts, request.get());
            reply(topic + "/accepted", withEnvelope(accepted, request.get()));
        } catch (RejectedRequest e) {
            reply(topic + "/rejected", rejection(e.code(), e.getMessage(), request, Optional.empty()));
        } catch (ExecutionStateException e) {
            reply(topic + "/rejected", rejection(e.versionMismatch() ? "VersionMismatch" : "InvalidStateTransition",
                    e.getMessage(), request, Optional.of(DeviceJson.state(e.execution()))));
        } catch (FleetlineException e) {
            reply(topic + "/rejected", rejection(code(e.code()), e.getMessage(), request, Optional.empty()));
        } catch (RuntimeException e) {
            FAILED.error("jobs request on {} failed", topic, e);
            reply(topic + "/rejected", rejection("InternalError", "Internal error", request, Optional.empty()));
        }
    }

    private ObjectNode answer(String thing, String[] parts, DeviceRequest request) {
        if (parts.length == 5 && parts[4].equals("get")) {
            return DeviceJson.pending(jobs.pending(thing), DeviceJson.mapper().createObjectNode());
        }
        if (parts.length == 5 && parts[4].equals("start-next")) {
            ObjectNode out = DeviceJson.mapper().createObjectNode();
            jobs.startNext(thing, request.statusDetails(), request.optLong("stepTimeoutInMinutes"))
                    .ifPresent(e -> out.set("execution", DeviceJson.execution(e.execution(), Optional.of(e.document()),
                            true, clock.instant())));
            return out;
        }
        if (parts.length == 6 && parts[5].equals("get")) {
            ObjectNode out = DeviceJson.mapper().createObjectNode();
            boolean withDocument = request.optBoolean("includeJobDocument").orElse(true);
            jobs.describe(thing, parts[4], request.optLong("executionNumber"))
                    .ifPresent(e -> out.set("execution", DeviceJson.execution(e.execution(),
                            withDocument ? Optional.of(e.document()) : Optional.empty(), true, clock.instant())));
            return out;
        }
        if (parts.length == 6 && parts[5].equals("update")) {
            DeviceJobs.Execution e = jobs.update(thing, parts[4], request.update());
            ObjectNode out = DeviceJson.mapper().createObjectNode();
            if (request.optBoolean("includeJobExecutionState").orElse(false)) {
                out.set("executionState", DeviceJson.state(e.execution()));
            }
            if (request.optBoolean("includeJobDocument").orElse(false)) {
                out.set("jobDocument", DeviceJson.execution(e.execution(), Optional.of(e.document()), true,
                        clock.instant()).get("jobDocument"));
            }
            return out;
        }
        throw new RejectedRequest("InvalidTopic", "The topic is not one of the jobs API: " + String.join("/", parts));
    }

    private ObjectNode withEnvelope(ObjectNode body, DeviceRequest request) {
        body.put("timestamp", clock.instant().getEpochSecond());
        request.clientToken().ifPresent(t -> body.put("clientToken", t));
        return body;
    }

    private ObjectNode rejection(String code, String message, Optional<DeviceRequest> request,
                                 Optional<ObjectNode> state) {
        ObjectNode body = DeviceJson.mapper().createObjectNode();
        body.put("code", code);
        body.put("message", message);
        request.flatMap(DeviceRequest::clientToken).ifPresent(t -> body.put("clientToken", t));
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
}
