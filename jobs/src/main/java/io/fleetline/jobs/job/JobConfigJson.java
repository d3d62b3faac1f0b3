package io.fleetline.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.json.ExactJson;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link JobConfig} to and from the members of CreateJob, UpdateJob, DescribeJob and the job-template operations,
 * named and shaped as the AWS model has them. The same JSON is how stores keep it.
 */
public final class JobConfigJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("[0-9]{4}-");
    private static final Instant FIRST_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant END_OF_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    private JobConfigJson() {
    }

    /** Reads the configuration members of {@code request}; absent members are absent configurations. */
    public static JobConfig read(JsonNode request) {
        // an empty object is no configuration: DescribeJob writes these two even when the job has none
        return new JobConfig(member(request, "presignedUrlConfig").filter(n -> !n.isEmpty()).map(JobConfigJson::presignedUrl),
                member(request, "jobExecutionsRolloutConfig").filter(n -> !n.isEmpty()).map(JobConfigJson::rollout),
                member(request, "abortConfig").map(JobConfigJson::abort).orElse(List.of()),
                member(request, "timeoutConfig").flatMap(t -> optLong(t, "inProgressTimeoutInMinutes")),
                member(request, "jobExecutionsRetryConfig").map(JobConfigJson::retry).orElse(List.of()),
                member(request, "schedulingConfig").map(JobConfigJson::scheduling));
    }

    /** Overrides {@code base} with the configurations {@code request} has (UpdateJob, jobs from templates). */
    public static JobConfig merge(JobConfig base, JsonNode request) {
        JobConfig given = read(request);
        return new JobConfig(given.presignedUrl().or(base::presignedUrl), given.rollout().or(base::rollout),
                request.has("abortConfig") ? given.abort() : base.abort(),
                request.has("timeoutConfig") ? given.inProgressTimeoutMinutes() : base.inProgressTimeoutMinutes(),
                request.has("jobExecutionsRetryConfig") ? given.retry() : base.retry(),
                given.scheduling().or(base::scheduling));
    }

    /**
     * Writes the configuration members into {@code out}. As DescribeJob does, the presigned-URL, rollout and timeout
     * configurations are written even when empty.
     */
    public static ObjectNode write(JobConfig config, ObjectNode out) {
        ObjectNode presigned = out.putObject("presignedUrlConfig");
        config.presignedUrl().ifPresent(p -> {
            p.roleArn().ifPresent(arn -> presigned.put("roleArn", arn));
            p.expiresInSec().ifPresent(s -> presigned.put("expiresInSec", s));
        });
        ObjectNode rollout = out.putObject("jobExecutionsRolloutConfig");
        config.rollout().ifPresent(r -> writeRollout(r, rollout));
        if (!config.abort().isEmpty()) {
            ArrayNode criteria = out.putObject("abortConfig").putArray("criteriaList");
            config.abort().forEach(c -> criteria.addObject().put("failureType", c.failureType().name())
                    .put("action", "CANCEL").put("thresholdPercentage", c.thresholdPercentage())
                    .put("minNumberOfExecutedThings", c.minExecutedThings()));
        }
        ObjectNode timeout = out.putObject("timeoutConfig");
        config.inProgressTimeoutMinutes().ifPresent(m -> timeout.put("inProgressTimeoutInMinutes", m));
        if (!config.retry().isEmpty()) {
            ArrayNode criteria = out.putObject("jobExecutionsRetryConfig").putArray("criteriaList");
            config.retry().forEach(c -> criteria.addObject().put("failureType", c.failureType().name())
                    .put("numberOfRetries", c.numberOfRetries()));
        }
        config.scheduling().ifPresent(s -> writeScheduling(s, out.putObject("schedulingConfig")));
        return out;
    }

    public static ObjectNode write(JobConfig config) {
        return write(config, NODES.objectNode());
    }

    private static void writeRollout(JobConfig.Rollout rollout, ObjectNode out) {
        rollout.maximumPerMinute().ifPresent(m -> out.put("maximumPerMinute", m));
        rollout.exponentialRate().ifPresent(e -> {
            ObjectNode rate = out.putObject("exponentialRate").put("baseRatePerMinute", e.baseRatePerMinute())
                    .put("incrementFactor", e.incrementFactor());
            ObjectNode criteria = rate.putObject("rateIncreaseCriteria");
            e.notifiedThings().ifPresent(n -> criteria.put("numberOfNotifiedThings", n));
            e.succeededThings().ifPresent(n -> criteria.put("numberOfSucceededThings", n));
        });
    }

    private static void writeScheduling(JobConfig.Scheduling scheduling, ObjectNode out) {
        scheduling.startTimeText().ifPresent(t -> out.put("startTime", t));
        scheduling.endTimeText().ifPresent(t -> out.put("endTime", t));
        scheduling.endBehavior().ifPresent(b -> out.put("endBehavior", b.name()));
        if (!scheduling.maintenanceWindows().isEmpty()) {
            ArrayNode windows = out.putArray("maintenanceWindows");
            scheduling.maintenanceWindows().forEach(w -> windows.addObject().put("startTime", w.startTime())
                    .put("durationInMinutes", w.durationInMinutes()));
        }
    }

    private static JobConfig.PresignedUrl presignedUrl(JsonNode node) {
        return new JobConfig.PresignedUrl(optText(node, "roleArn"), optLong(node, "expiresInSec"));
    }

    private static JobConfig.Rollout rollout(JsonNode node) {
        return new JobConfig.Rollout(optInt(node, "maximumPerMinute"),
                member(node, "exponentialRate").map(rate -> {
                    JsonNode criteria = rate.path("rateIncreaseCriteria");
                    return new JobConfig.ExponentialRate(requiredInt(rate, "baseRatePerMinute"),
                            ExactJson.doubleValue(required(rate, "incrementFactor"), "incrementFactor"),
                            optInt(criteria, "numberOfNotifiedThings"), optInt(criteria, "numberOfSucceededThings"));
                }));
    }

    private static List<JobConfig.AbortCriterion> abort(JsonNode node) {
        List<JobConfig.AbortCriterion> criteria = new ArrayList<>();
        for (JsonNode c : required(node, "criteriaList")) {
            if (!"CANCEL".equals(required(c, "action").asText())) {
                throw FleetlineException.invalid("abortConfig action must be CANCEL");
            }
            criteria.add(new JobConfig.AbortCriterion(failureType(required(c, "failureType").asText()),
                    ExactJson.doubleValue(required(c, "thresholdPercentage"), "thresholdPercentage"),
                    requiredInt(c, "minNumberOfExecutedThings")));
        }
        if (criteria.isEmpty()) {
            throw FleetlineException.invalid("abortConfig.criteriaList needs at least one criterion");
        }
        return criteria;
    }

    private static List<JobConfig.RetryCriterion> retry(JsonNode node) {
        List<JobConfig.RetryCriterion> criteria = new ArrayList<>();
        for (JsonNode c : required(node, "criteriaList")) {
            criteria.add(new JobConfig.RetryCriterion(failureType(required(c, "failureType").asText()),
                    requiredInt(c, "numberOfRetries")));
        }
        if (criteria.isEmpty()) {
            throw FleetlineException.invalid("jobExecutionsRetryConfig.criteriaList needs at least one criterion");
        }
        return criteria;
    }

    private static JobConfig.Scheduling scheduling(JsonNode node) {
        Optional<String> start = optText(node, "startTime");
        Optional<String> end = optText(node, "endTime");
        List<JobConfig.MaintenanceWindow> windows = new ArrayList<>();
        for (JsonNode w : node.path("maintenanceWindows")) {
            windows.add(new JobConfig.MaintenanceWindow(required(w, "startTime").asText(),
                    requiredInt(w, "durationInMinutes")));
        }
        Optional<JobConfig.EndBehavior> behavior = optText(node, "endBehavior").map(b -> {
            try {
                return JobConfig.EndBehavior.valueOf(b);
            } catch (IllegalArgumentException e) {
                throw FleetlineException.invalid("endBehavior must be STOP_ROLLOUT, CANCEL or FORCE_CANCEL; got " + b);
            }
        });
        return new JobConfig.Scheduling(start, start.map(t -> time(t, "startTime")), end, end.map(t -> time(t, "endTime")),
                behavior, windows);
    }

    /**
     * AWS's StringDateTime: {@code YYYY-MM-DDTHH:MM}, seconds and a zone optional; UTC when no zone is given. Like
     * every AWS timestamp it lies in the years 0001 to 9999 (Smithy's range), so the year has four ASCII digits.
     */
    static Instant time(String text, String member) {
        Optional<Instant> time = FOUR_DIGIT_YEAR.matcher(text).lookingAt() ? parse(text) : Optional.empty();
        return time.filter(t -> !t.isBefore(FIRST_TIME) && t.isBefore(END_OF_TIME))
                .orElseThrow(() -> FleetlineException.invalid("schedulingConfig." + member
                        + " must be a date and time like 2024-05-01T12:30, in the years 0001 to 9999; got " + text));
    }

    private static Optional<Instant> parse(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException withoutZone) {
            try {
                return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    private static FailureType failureType(String text) {
        try {
            return FailureType.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw FleetlineException.invalid("failureType must be FAILED, REJECTED, TIMED_OUT or ALL; got " + text);
        }
    }

    private static Optional<JsonNode> member(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private static JsonNode required(JsonNode node, String name) {
        return member(node, name).orElseThrow(() -> FleetlineException.invalid(name + " is required"));
    }

    private static Optional<String> optText(JsonNode node, String name) {
        return member(node, name).map(JsonNode::asText);
    }

    private static Optional<Long> optLong(JsonNode node, String name) {
        return member(node, name).map(v -> ExactJson.longValue(v, name));
    }

    private static Optional<Integer> optInt(JsonNode node, String name) {
        return member(node, name).map(v -> ExactJson.intValue(v, name));
    }

    private static int requiredInt(JsonNode node, String name) {
        return ExactJson.intValue(required(node, name), name);
    }
}
