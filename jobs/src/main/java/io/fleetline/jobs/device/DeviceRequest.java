package io.fleetline.jobs.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.json.ExactJson;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The JSON a device sends on a jobs topic, read strictly: one UTF-8 JSON object with each key once and nothing after
 * it ({@code InvalidJson} otherwise, as for any malformed request), and each member read only into a type it fits
 * ({@code InvalidRequest} otherwise): an {@code expectedVersion} of 2^64 + 2 is refused, not taken for 2.
 */
final class DeviceRequest {
    /** As the guide's examples send expectedVersion: a string of digits. */
    private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,20}");

    private final ObjectNode node;

    private DeviceRequest(ObjectNode node) {
        this.node = node;
    }

    /** The request in {@code payload}; an empty payload is an empty request. */
    static DeviceRequest parse(byte[] payload) {
        if (payload.length == 0) {
            return new DeviceRequest(JsonNodeFactory.instance.objectNode());
        }
        JsonNode node;
        try {
            node = ExactJson.read(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString());
        } catch (CharacterCodingException e) {
            throw new RejectedRequest("InvalidJson", "The request is not UTF-8");
        } catch (JsonProcessingException e) {
            throw new RejectedRequest("InvalidJson", "The request is not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new RejectedRequest("InvalidJson", "The request must be a JSON object");
        }
        JsonNode token = node.get("clientToken");
        if (token != null && (!token.isTextual() || token.asText().length() > 64)) {
            throw new RejectedRequest("InvalidRequest", "clientToken must be a string of at most 64 characters");
        }
        return new DeviceRequest((ObjectNode) node);
    }

    Optional<String> clientToken() {
        return Optional.ofNullable(node.get("clientToken")).map(JsonNode::asText);
    }

    /** A whole number that fits a {@code long}, sent as a number or a string of digits. */
    Optional<Long> optLong(String member) {
        return present(member).map(value -> {
            if (value.isTextual() && !DIGITS.matcher(value.textValue()).matches()) {
                throw new RejectedRequest("InvalidRequest", member + " must be a whole number");
            }
            try {
                return ExactJson.longValue(value.isTextual()
                        ? JsonNodeFactory.instance.numberNode(new BigInteger(value.textValue())) : value, member);
            } catch (FleetlineException e) {
                throw new RejectedRequest("InvalidRequest", e.getMessage());
            }
        });
    }

    Optional<Boolean> optBoolean(String member) {
        return present(member).map(value -> {
            if (!value.isBoolean()) {
                throw new RejectedRequest("InvalidRequest", member + " must be true or false");
            }
            return value.booleanValue();
        });
    }

    /** statusDetails: an object of strings, absent when not sent. */
    Optional<Map<String, String>> statusDetails() {
        return present("statusDetails").map(value -> {
            if (!value.isObject()) {
                throw new RejectedRequest("InvalidRequest", "statusDetails must be an object of strings");
            }
            Map<String, String> details = new LinkedHashMap<>();
            value.properties().forEach(e -> {
                if (!e.getValue().isTextual()) {
                    throw new RejectedRequest("InvalidRequest", "statusDetails." + e.getKey() + " must be a string");
                }
                details.put(e.getKey(), e.getValue().asText());
            });
            return details;
        });
    }

    /** UpdateJobExecution's members; its status is required. */
    DeviceUpdate update() {
        JsonNode status = node.get("status");
        if (status == null || !status.isTextual()) {
            throw new RejectedRequest("InvalidRequest", "status is required: IN_PROGRESS, SUCCEEDED, FAILED or REJECTED");
        }
        ExecutionStatus parsed;
        try {
            parsed = ExecutionStatus.parse(status.asText());
        } catch (IllegalArgumentException e) {
            throw new RejectedRequest("InvalidRequest", "Unknown status " + status.asText());
        }
        return new DeviceUpdate(parsed, statusDetails(), optLong("expectedVersion"), optLong("executionNumber"),
                optLong("stepTimeoutInMinutes"));
    }

    private Optional<JsonNode> present(String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }
}
