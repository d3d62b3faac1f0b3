package io.fleetline.jobs.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.jobs.document.DeviceDocument;
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

    /**
     * The full JobExecution, with the document when one is given: as this read gets it, its presigned-URL placeholders
     * replaced by URLs made now.
     */
    public static ObjectNode execution(JobExecution e, Optional<DeviceDocument> document, boolean documentAsJson,
                                       Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("jobId", e.jobId());
        node.put("thingName", e.thingName());
        document.ifPresent(doc -> {
            if (documentAsJson) {
                node.set("jobDocument", json(doc));
            } else {
                node.put("jobDocument", doc.text());
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

    /**
     * Documents parsed once each: every notify-next and start-next of a job embeds the same one. Not those with
     * presigned URLs, which differ at every read.
     */
    private static final java.util.Map<String, JsonNode> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The document as JSON; a document that is not JSON (created before that was checked) stays text. */
    private static JsonNode json(DeviceDocument document) {
        if (document.personal()) {
            return parsed(document.text());
        }
        JsonNode cached = PARSED.get(document.stored());
        if (cached != null) {
            return cached;
        }
        JsonNode node = parsed(document.stored());
        if (PARSED.size() > 256) {
            PARSED.clear();
        }
        PARSED.put(document.stored(), node);
        return node;
    }

    private static JsonNode parsed(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
