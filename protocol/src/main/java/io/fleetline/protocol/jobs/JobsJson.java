package io.fleetline.protocol.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import io.fleetline.protocol.StrictJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of the jobs device protocol. Requests are read strictly ({@link StrictJson}, then each member into a type
 * it fits). Answers carry the request's {@code clientToken} and a {@code timestamp}; times are whole epoch seconds,
 * as the jobs data plane types them.
 */
public final class JobsJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** How a job document is written: over MQTT embedded as JSON, as AWS sends it and agents read it; over HTTPS as
     * its text, as the jobs data plane's model types it. */
    public enum Document {
        /** The document as JSON; a document that is not JSON (stored before that was checked) stays text. */
        JSON,
        TEXT
    }

    private JobsJson() {
    }

    /**
     * The request a device published on {@code topic}.
     *
     * @throws DeviceRejection {@code InvalidJson} when the payload is not one JSON object, {@code InvalidRequest}
     *                         when a member the operation reads does not fit its type
     */
    public static JobsRequest request(JobsTopic topic, byte[] payload) {
        return new JobsRequestReader(payload).read(topic);
    }

    /** The {@code clientToken} of a payload, to echo in a rejection; empty when it cannot be read. */
    public static Optional<String> clientToken(byte[] payload) {
        try {
            return new JobsRequestReader(payload).clientToken();
        } catch (DeviceRejection e) {
            return Optional.empty();
        }
    }

    /** What an {@code /accepted} topic carries. */
    public static byte[] accepted(JobsResponse response, Optional<String> clientToken, Instant timestamp) {
        ObjectNode body = body(response, Document.JSON);
        body.put("timestamp", timestamp.getEpochSecond());
        clientToken.ifPresent(t -> body.put("clientToken", t));
        return bytes(body);
    }

    /** What a {@code /rejected} topic carries: the code, why, and where the execution stands when that is why. */
    public static byte[] rejected(RejectionCode code, String message, Optional<String> clientToken, Instant timestamp,
                                  Optional<JobExecutionState> executionState) {
        ObjectNode body = NODES.objectNode();
        body.put("code", code.wire());
        body.put("message", message);
        clientToken.ifPresent(t -> body.put("clientToken", t));
        body.put("timestamp", timestamp.getEpochSecond());
        executionState.ifPresent(s -> body.set("executionState", state(s)));
        return bytes(body);
    }

    /** The response's members, without an MQTT answer's timestamp and token: the body of an HTTPS answer. */
    public static ObjectNode body(JobsResponse response, Document document) {
        ObjectNode body = NODES.objectNode();
        switch (response) {
            case JobsResponse.Pending pending -> {
                body.set("inProgressJobs", summaries(pending.inProgressJobs()));
                body.set("queuedJobs", summaries(pending.queuedJobs()));
            }
            case JobsResponse.Execution found -> found.execution()
                    .ifPresent(e -> body.set("execution", execution(e, document)));
            case JobsResponse.Updated updated -> {
                updated.executionState().ifPresent(s -> body.set("executionState", state(s)));
                updated.jobDocument().ifPresent(d -> putDocument(body, d, document));
            }
        }
        return body;
    }

    /** {@code jobs/notify}: the pending executions by status, a status without any left out. */
    public static byte[] notify(JobsResponse.Pending pending, Instant timestamp) {
        ObjectNode body = NODES.objectNode();
        body.put("timestamp", timestamp.getEpochSecond());
        ObjectNode jobs = body.putObject("jobs");
        if (!pending.inProgressJobs().isEmpty()) {
            jobs.set(JobExecutionStatus.IN_PROGRESS.name(), summaries(pending.inProgressJobs()));
        }
        if (!pending.queuedJobs().isEmpty()) {
            jobs.set(JobExecutionStatus.QUEUED.name(), summaries(pending.queuedJobs()));
        }
        return bytes(body);
    }

    /** {@code jobs/notify-next}: the next pending execution with its document, or only a timestamp when none is. */
    public static byte[] notifyNext(Optional<JobExecution> next, Instant timestamp) {
        ObjectNode body = NODES.objectNode();
        body.put("timestamp", timestamp.getEpochSecond());
        next.ifPresent(e -> body.set("execution", execution(e, Document.JSON)));
        return bytes(body);
    }

    private static ObjectNode execution(JobExecution e, Document document) {
        ObjectNode node = NODES.objectNode();
        node.put("jobId", e.jobId());
        node.put("thingName", e.thingName());
        e.jobDocument().ifPresent(d -> putDocument(node, d, document));
        node.put("status", e.status().name());
        node.set("statusDetails", details(e.statusDetails()));
        node.put("queuedAt", e.queuedAt().getEpochSecond());
        e.startedAt().ifPresent(t -> node.put("startedAt", t.getEpochSecond()));
        node.put("lastUpdatedAt", e.lastUpdatedAt().getEpochSecond());
        e.approximateSecondsBeforeTimedOut().ifPresent(s -> node.put("approximateSecondsBeforeTimedOut", s));
        node.put("versionNumber", e.versionNumber());
        node.put("executionNumber", e.executionNumber());
        return node;
    }

    private static ArrayNode summaries(List<JobExecutionSummary> summaries) {
        ArrayNode list = NODES.arrayNode(summaries.size());
        for (JobExecutionSummary s : summaries) {
            ObjectNode node = list.addObject();
            node.put("jobId", s.jobId());
            node.put("queuedAt", s.queuedAt().getEpochSecond());
            s.startedAt().ifPresent(t -> node.put("startedAt", t.getEpochSecond()));
            node.put("lastUpdatedAt", s.lastUpdatedAt().getEpochSecond());
            node.put("versionNumber", s.versionNumber());
            node.put("executionNumber", s.executionNumber());
        }
        return list;
    }

    private static ObjectNode state(JobExecutionState s) {
        ObjectNode node = NODES.objectNode();
        node.put("status", s.status().name());
        node.set("statusDetails", details(s.statusDetails()));
        node.put("versionNumber", s.versionNumber());
        return node;
    }

    private static ObjectNode details(Map<String, String> details) {
        ObjectNode node = NODES.objectNode();
        details.forEach(node::put);
        return node;
    }

    /**
     * A JSON document goes out as written, not parsed and written again: only checked to be one JSON value, which
     * costs a pass over its tokens and builds nothing (every notify-next of a fleet carries one).
     */
    private static void putDocument(ObjectNode node, String text, Document document) {
        if (document == Document.JSON && StrictJson.isValue(text)) {
            node.putRawValue("jobDocument", new RawValue(text));
        } else {
            node.put("jobDocument", text);
        }
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always writes", e);
        }
    }
}
