package io.fleetline.protocol.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * The device's side of the jobs JSON, the reverse of {@link JobsJson}: requests written as AWS's device SDKs write
 * them (members in the guide's order, defaults left out, so that {@link JobsJson#request} reads back the same
 * request), and the server's answers read into typed values: {@code /accepted} into the operation's
 * {@link JobsResponse}, {@code /rejected} into a {@link JobsAnswer.Rejected}, and {@code notify-next} into the next
 * execution. An answer that does not have the protocol's shape is an {@link IllegalArgumentException}.
 */
public final class JobsDeviceJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JobsDeviceJson() {
    }

    /** The payload of a request, to publish on {@link JobsTopic#topic()} of its operation. */
    public static byte[] request(JobsRequest request) {
        ObjectNode body = NODES.objectNode();
        switch (request) {
            case JobsRequest.GetPendingJobExecutions get -> {
            }
            case JobsRequest.StartNextPendingJobExecution start -> {
                start.statusDetails().ifPresent(d -> body.set("statusDetails", details(d)));
                start.stepTimeoutInMinutes().ifPresent(m -> body.put("stepTimeoutInMinutes", m));
            }
            case JobsRequest.DescribeJobExecution describe -> {
                describe.executionNumber().ifPresent(n -> body.put("executionNumber", n));
                if (!describe.includeJobDocument()) {
                    body.put("includeJobDocument", false);
                }
            }
            case JobsRequest.UpdateJobExecution update -> update(body, update);
        }
        request.clientToken().ifPresent(t -> body.put("clientToken", t));
        return bytes(body);
    }

    private static void update(ObjectNode body, JobsRequest.UpdateJobExecution update) {
        body.put("status", update.status().name());
        update.statusDetails().ifPresent(d -> body.set("statusDetails", details(d)));
        update.expectedVersion().ifPresent(v -> body.put("expectedVersion", v));
        update.executionNumber().ifPresent(n -> body.put("executionNumber", n));
        update.stepTimeoutInMinutes().ifPresent(m -> body.put("stepTimeoutInMinutes", m));
        if (update.includeJobExecutionState()) {
            body.put("includeJobExecutionState", true);
        }
        if (update.includeJobDocument()) {
            body.put("includeJobDocument", true);
        }
    }

    /** The {@code /accepted} answer to a request of {@code topic}'s operation. */
    public static JobsAnswer.Accepted accepted(JobsTopic topic, byte[] payload) {
        AnswerReader answer = AnswerReader.of(payload);
        JobsResponse response = switch (topic.operation()) {
            case GET_PENDING -> new JobsResponse.Pending(answer.summaries("inProgressJobs"),
                    answer.summaries("queuedJobs"));
            case START_NEXT, DESCRIBE -> new JobsResponse.Execution(answer.execution());
            case UPDATE -> new JobsResponse.Updated(answer.executionState(), answer.document());
        };
        return new JobsAnswer.Accepted(answer.clientToken(), response);
    }

    /** A {@code /rejected} answer. */
    public static JobsAnswer.Rejected rejected(byte[] payload) {
        AnswerReader answer = AnswerReader.of(payload);
        return new JobsAnswer.Rejected(answer.clientToken(), answer.requiredText("code"),
                answer.text("message").orElse(""), answer.executionState());
    }

    /** {@code notify-next}: the next pending execution with its document, empty when none is pending. */
    public static Optional<JobExecution> notifyNext(byte[] payload) {
        return AnswerReader.of(payload).execution();
    }

    private static ObjectNode details(Map<String, String> details) {
        ObjectNode node = NODES.objectNode();
        details.forEach(node::put);
        return node;
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always writes", e);
        }
    }
}
