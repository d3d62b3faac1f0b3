package io.fleetline.jobs.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.jobs.execution.JobExecution;
import java.time.Instant;
import java.util.Optional;

/**
 * Executions as devices see them. Times are whole epoch seconds (the jobs data plane types them {@code long}).
 * Over MQTT the job document is embedded as JSON, as AWS sends it and device agents read it; over HTTPS it is the
 * document's text, as the iot-jobs-data model types it.
 */
public final class DeviceJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceJson() {
    }

    public static ObjectMapper mapper() {
        return JSON;
    }

    /** The full JobExecution, with the document when one is given. */
    public static ObjectNode execution(JobExecution e, Optional<String> document, boolean documentAsJson, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("jobId", e.jobId());
        node.put("thingName", e.thingName());
        document.ifPresent(doc -> {
            if (documentAsJson) {
                node.set("jobDocument", parsed(doc));
            } else {
                node.put("jobDocument", doc);
            }
        });
        node.put("status", e.status().name());
        ObjectNode details = node.putObject("statusDetails");
        e.statusDetails().forEach(details::put);
        node.put("queuedAt", seconds(e.queuedAt()));
        e.startedAt().ifPresent(t -> node.put("startedAt", seconds(t)));
        node.put("lastUpdatedAt", seconds(e.lastUpdatedAt()));
        e.secondsBeforeTimedOut(now).ifPresent(s -> node.put("approximateSecondsBeforeTimedOut", s));
        node.put("versionNumber", e.versionNumber());
        node.put("executionNumber", e.executionNumber());
        return node;
    }

    /** A JobExecutionSummary as GetPendingJobExecutions and notify list them. */
    public static ObjectNode summary(JobExecution e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("jobId", e.jobId());
        node.put("queuedAt", seconds(e.queuedAt()));
        e.startedAt().ifPresent(t -> node.put("startedAt", seconds(t)));
        node.put("lastUpdatedAt", seconds(e.lastUpdatedAt()));
        node.put("versionNumber", e.versionNumber());
        node.put("executionNumber", e.executionNumber());
        return node;
    }

    /** The JobExecutionState of UpdateJobExecution and of rejections. */
    public static ObjectNode state(JobExecution e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", e.status().name());
        ObjectNode details = node.putObject("statusDetails");
        e.statusDetails().forEach(details::put);
        node.put("versionNumber", e.versionNumber());
        return node;
    }

    /** {@code inProgressJobs} and {@code queuedJobs}, as GetPendingJobExecutions answers. */
    public static ObjectNode pending(PendingJobs pending, ObjectNode into) {
        ArrayNode inProgress = into.putArray("inProgressJobs");
        pending.inProgress().forEach(e -> inProgress.add(summary(e)));
        ArrayNode queued = into.putArray("queuedJobs");
        pending.queued().forEach(e -> queued.add(summary(e)));
        return into;
    }

    public static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }

    /** Documents parsed once each: every notify-next and start-next of a job embeds the same one. */
    private static final java.util.Map<String, JsonNode> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The document as JSON; a document that is not JSON (created before that was checked) stays text. */
    private static JsonNode parsed(String document) {
        JsonNode cached = PARSED.get(document);
        if (cached != null) {
            return cached;
        }
        JsonNode node;
        try {
            node = JSON.readTree(document);
        } catch (java.io.IOException e) {
            node = JSON.getNodeFactory().textNode(document);
        }
        if (PARSED.size() > 256) {
            PARSED.clear();
        }
        PARSED.put(document, node);
        return node;
    }
}
