package io.fleetline.protocol.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import io.fleetline.protocol.StrictJson;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The members of a jobs request, each read only into a type it fits ({@code InvalidRequest} otherwise): an
 * {@code expectedVersion} of 2^64 + 2 is refused, not taken for 2. Only the members of the topic's operation are
 * read, as AWS ignores the others.
 */
final class JobsRequestReader {
    /** As the guide's examples send expectedVersion: a string of digits. */
    private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,20}");
    private static final int MAX_CLIENT_TOKEN = 64;

    private final ObjectNode node;

    JobsRequestReader(byte[] payload) {
        this.node = StrictJson.object(payload);
    }

    JobsRequest read(JobsTopic topic) {
        String thing = topic.thingName();
        Optional<String> token = clientToken();
        return switch (topic.operation()) {
            case GET_PENDING -> new JobsRequest.GetPendingJobExecutions(thing, token);
            case START_NEXT -> new JobsRequest.StartNextPendingJobExecution(thing, statusDetails(),
                    optLong("stepTimeoutInMinutes"), token);
            case DESCRIBE -> new JobsRequest.DescribeJobExecution(thing, topic.jobId().orElseThrow(),
                    optLong("executionNumber"), optBoolean("includeJobDocument").orElse(true), token);
            case UPDATE -> new JobsRequest.UpdateJobExecution(thing, topic.jobId().orElseThrow(), status(),
                    statusDetails(), optLong("expectedVersion"), optLong("executionNumber"),
                    optLong("stepTimeoutInMinutes"), optBoolean("includeJobExecutionState").orElse(false),
                    optBoolean("includeJobDocument").orElse(false), token);
        };
    }

    Optional<String> clientToken() {
        JsonNode token = node.get("clientToken");
        if (token != null && (!token.isTextual() || token.textValue().length() > MAX_CLIENT_TOKEN)) {
            throw invalid("clientToken must be a string of at most " + MAX_CLIENT_TOKEN + " characters");
        }
        return Optional.ofNullable(token).map(JsonNode::textValue);
    }

    /** A whole number that fits a {@code long}, sent as a number or a string of digits. */
    Optional<Long> optLong(String member) {
        return present(member).map(value -> {
            JsonNode number = value;
            if (value.isTextual()) {
                if (!DIGITS.matcher(value.textValue()).matches()) {
                    throw invalid(member + " must be a whole number");
                }
                number = node.numberNode(new BigInteger(value.textValue()));
            }
            if (!number.isIntegralNumber() || !number.canConvertToLong()) {
                throw invalid(member + " must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                        + "; got " + shown(value));
            }
            return number.longValue();
        });
    }

    Optional<Boolean> optBoolean(String member) {
        return present(member).map(value -> {
            if (!value.isBoolean()) {
                throw invalid(member + " must be true or false");
            }
            return value.booleanValue();
        });
    }

    /** statusDetails: an object of strings, absent when not sent. */
    Optional<Map<String, String>> statusDetails() {
        return present("statusDetails").map(value -> {
            if (!value.isObject()) {
                throw invalid("statusDetails must be an object of strings");
            }
            Map<String, String> details = new LinkedHashMap<>();
            value.properties().forEach(e -> {
                if (!e.getValue().isTextual()) {
                    throw invalid("statusDetails." + e.getKey() + " must be a string");
                }
                details.put(e.getKey(), e.getValue().textValue());
            });
            return details;
        });
    }

    /** UpdateJobExecution's status, which it requires. */
    JobExecutionStatus status() {
        JsonNode status = node.get("status");
        if (status == null || !status.isTextual()) {
            throw invalid("status is required: IN_PROGRESS, SUCCEEDED, FAILED or REJECTED");
        }
        return JobExecutionStatus.of(status.textValue())
                .orElseThrow(() -> invalid("Unknown status " + shown(status)));
    }

    private Optional<JsonNode> present(String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private static String shown(JsonNode value) {
        String shown = value.isValueNode() ? value.asText() : value.toString();
        return shown.length() > 64 ? shown.substring(0, 64) + "..." : shown;
    }

    private static DeviceRejection invalid(String message) {
        return new DeviceRejection(RejectionCode.INVALID_REQUEST, message);
    }
}
