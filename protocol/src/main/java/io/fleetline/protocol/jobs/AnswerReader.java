package io.fleetline.protocol.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.StrictJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the members of a jobs answer, each into the type the protocol gives it. */
final class AnswerReader {
    private final ObjectNode node;

    private AnswerReader(ObjectNode node) {
        this.node = node;
    }

    static AnswerReader of(byte[] payload) {
        try {
            return new AnswerReader(StrictJson.object(payload));
        } catch (DeviceRejection e) {
            throw new IllegalArgumentException("a jobs answer is one JSON object: " + e.getMessage(), e);
        }
    }

    Optional<String> clientToken() {
        return text("clientToken");
    }

    Optional<String> text(String member) {
        return text(node, member);
    }

    String requiredText(String member) {
        return text(member).orElseThrow(() -> malformed(member + " is missing"));
    }

    Optional<JobExecution> execution() {
        return object(node, "execution").map(AnswerReader::execution);
    }

    Optional<JobExecutionState> executionState() {
        return object(node, "executionState").map(s -> new JobExecutionState(status(s), details(s),
                whole(s, "versionNumber").orElseThrow(() -> malformed("executionState.versionNumber is missing"))));
    }

    Optional<String> document() {
        return document(node);
    }

    List<JobExecutionSummary> summaries(String member) {
        JsonNode list = node.get(member);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw malformed(member + " is not a list");
        }
        List<JobExecutionSummary> summaries = new ArrayList<>();
        for (JsonNode s : list) {
            summaries.add(new JobExecutionSummary(requiredText(s, "jobId"), time(s, "queuedAt").orElse(Instant.EPOCH),
                    time(s, "startedAt"), time(s, "lastUpdatedAt").orElse(Instant.EPOCH),
                    whole(s, "versionNumber").orElse(0L), whole(s, "executionNumber").orElse(0L)));
        }
        return summaries;
    }

    private static JobExecution execution(JsonNode e) {
        return new JobExecution(requiredText(e, "jobId"), text(e, "thingName").orElse(""), document(e), status(e),
                details(e), time(e, "queuedAt").orElse(Instant.EPOCH), time(e, "startedAt"),
                time(e, "lastUpdatedAt").orElse(Instant.EPOCH), whole(e, "approximateSecondsBeforeTimedOut"),
                whole(e, "versionNumber").orElse(0L), whole(e, "executionNumber").orElse(0L));
    }

    /** A document embedded as JSON (over MQTT) is kept as its text; one sent as a string is that string. */
    private static Optional<String> document(JsonNode parent) {
        JsonNode document = parent.get("jobDocument");
        if (document == null || document.isNull()) {
            return Optional.empty();
        }
        return Optional.of(document.isTextual() ? document.textValue() : document.toString());
    }

    private static JobExecutionStatus status(JsonNode parent) {
        String status = requiredText(parent, "status");
        return JobExecutionStatus.of(status).orElseThrow(() -> malformed("unknown status " + status));
    }

    private static Map<String, String> details(JsonNode parent) {
        Map<String, String> details = new LinkedHashMap<>();
        object(parent, "statusDetails").ifPresent(d -> d.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw malformed("statusDetails." + e.getKey() + " is not a string");
            }
            details.put(e.getKey(), e.getValue().textValue());
        }));
        return details;
    }

    private static Optional<JsonNode> object(JsonNode parent, String member) {
        JsonNode value = parent.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw malformed(member + " is not an object");
        }
        return Optional.of(value);
    }

    private static Optional<String> text(JsonNode parent, String member) {
        JsonNode value = parent.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw malformed(member + " is not a string");
        }
        return Optional.of(value.textValue());
    }

    private static String requiredText(JsonNode parent, String member) {
        return text(parent, member).orElseThrow(() -> malformed(member + " is missing"));
    }

    private static Optional<Long> whole(JsonNode parent, String member) {
        JsonNode value = parent.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw malformed(member + " is not a whole number");
        }
        return Optional.of(value.longValue());
    }

    private static Optional<Instant> time(JsonNode parent, String member) {
        return whole(parent, member).map(Instant::ofEpochSecond);
    }

    private static IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("malformed jobs answer: " + what);
    }
}
