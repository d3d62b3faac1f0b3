package io.fleetline.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobConfigPatch;
import io.fleetline.jobs.json.ExactJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configuration members of CreateJob, UpdateJob, CreateJobTemplate, DescribeJob and DescribeJobTemplate, named
 * and shaped as the AWS model has them: read into a {@link JobConfigPatch}, written from a {@link JobConfig}.
 */
final class JobConfigMembers {
    private JobConfigMembers() {
    }

    /**
     * The configurations {@code request} gives. An empty presigned-URL or rollout configuration is none given:
     * DescribeJob writes these two even when the job has none, and its output may come back as input. An abort,
     * retry or timeout member is given whenever present, and so clears what the base had when it is empty.
     */
    static JobConfigPatch read(JsonNode request) {
        return new JobConfigPatch(
                member(request, "presignedUrlConfig").filter(n -> !n.isEmpty()).map(JobConfigMembers::presignedUrl),
                member(request, "jobExecutionsRolloutConfig").filter(n -> !n.isEmpty()).map(JobConfigMembers::rollout),
                given(request, "abortConfig").map(n -> n.isNull() ? List.of() : abort(n)),
                given(request, "timeoutConfig").map(n -> new JobConfigPatch.Timeout(
                        optLong(n, "inProgressTimeoutInMinutes"))),
                given(request, "jobExecutionsRetryConfig").map(n -> n.isNull() ? List.of() : retry(n)),
                member(request, "schedulingConfig").map(JobConfigMembers::scheduling));
    }

    /**
     * Writes the configuration members into {@code out}. As DescribeJob does, the presigned-URL, rollout and timeout
     * configurations are written even when empty.
     */
    static ObjectNode write(JobConfig config, ObjectNode out) {
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
        return JobConfig.Scheduling.of(optText(node, "startTime"), optText(node, "endTime"), behavior, windows);
    }

    private static FailureType failureType(String text) {
        try {
            return FailureType.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw FleetlineException.invalid("failureType must be FAILED, REJECTED, TIMED_OUT or ALL; got " + text);
        }
    }

    /** A member that is there, even as JSON null: UpdateJob's "given" for the members that can be cleared. */
    private static Optional<JsonNode> given(JsonNode node, String name) {
        return Optional.ofNullable(node.get(name));
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
