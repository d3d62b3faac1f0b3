package io.fleetline.storage.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link JobConfig} as the {@code config} column of {@code job} and {@code job_template} keeps it: JSON named and
 * shaped as AWS's DescribeJob members, with the presigned-URL, rollout and timeout objects always there and empty when
 * the job has none. That is the form stores have always had, so every row written so far still reads. The wire codec
 * lives in the API module and may change with the wire; this one changes only with a migration.
 */
final class StoredJobConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredJobConfig() {
    }

    static String write(JobConfig config) {
        ObjectNode out = JSON.createObjectNode();
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
        return out.toString();
    }

    private static void writeRollout(JobConfig.Rollout rollout, ObjectNode out) {
        rollout.maximumPerMinute().ifPresent(m -> out.put("maximumPerMinute", m));
        rollout.exponentialRate().ifPresent(e -> {
            ObjectNode criteria = out.putObject("exponentialRate").put("baseRatePerMinute", e.baseRatePerMinute())
                    .put("incrementFactor", e.incrementFactor()).putObject("rateIncreaseCriteria");
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

    /** @throws IllegalStateException when {@code text} is not a configuration this class wrote */
    static JobConfig read(String text) {
        JsonNode stored = tree(text);
        return new JobConfig(
                member(stored, "presignedUrlConfig").filter(p -> !p.isEmpty()).map(p -> new JobConfig.PresignedUrl(
                        text(p, "roleArn"), member(p, "expiresInSec").map(StoredJobConfig::whole))),
                member(stored, "jobExecutionsRolloutConfig").filter(r -> !r.isEmpty()).map(StoredJobConfig::rollout),
                list(stored, "abortConfig", c -> new JobConfig.AbortCriterion(failureType(c),
                        number(c, "thresholdPercentage"), integer(c.get("minNumberOfExecutedThings")))),
                member(stored, "timeoutConfig").flatMap(t -> member(t, "inProgressTimeoutInMinutes"))
                        .map(StoredJobConfig::whole),
                list(stored, "jobExecutionsRetryConfig", c -> new JobConfig.RetryCriterion(failureType(c),
                        integer(c.get("numberOfRetries")))),
                member(stored, "schedulingConfig").map(StoredJobConfig::scheduling));
    }

    private static JobConfig.Rollout rollout(JsonNode node) {
        return new JobConfig.Rollout(member(node, "maximumPerMinute").map(StoredJobConfig::integer),
                member(node, "exponentialRate").map(rate -> {
                    JsonNode criteria = rate.path("rateIncreaseCriteria");
                    return new JobConfig.ExponentialRate(integer(rate.get("baseRatePerMinute")),
                            number(rate, "incrementFactor"),
                            member(criteria, "numberOfNotifiedThings").map(StoredJobConfig::integer),
                            member(criteria, "numberOfSucceededThings").map(StoredJobConfig::integer));
                }));
    }

    private static JobConfig.Scheduling scheduling(JsonNode node) {
        List<JobConfig.MaintenanceWindow> windows = new ArrayList<>();
        node.path("maintenanceWindows").forEach(w -> windows.add(new JobConfig.MaintenanceWindow(
                text(w, "startTime").orElseThrow(() -> corrupt("a maintenance window without a start")),
                integer(w.get("durationInMinutes")))));
        return JobConfig.Scheduling.of(text(node, "startTime"), text(node, "endTime"),
                text(node, "endBehavior").map(JobConfig.EndBehavior::valueOf), windows);
    }

    private static <T> List<T> list(JsonNode stored, String member, Function<JsonNode, T> criterion) {
        List<T> criteria = new ArrayList<>();
        member(stored, member).ifPresent(c -> c.path("criteriaList").forEach(n -> criteria.add(criterion.apply(n))));
        return criteria;
    }

    private static FailureType failureType(JsonNode criterion) {
        return FailureType.valueOf(text(criterion, "failureType").orElseThrow(() -> corrupt("a criterion without a"
                + " failureType")));
    }

    private static Optional<JsonNode> member(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<String> text(JsonNode node, String name) {
        return member(node, name).map(JsonNode::asText);
    }

    private static long whole(JsonNode value) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw corrupt("not a whole number where one belongs: " + value);
        }
        return value.longValue();
    }

    private static int integer(JsonNode value) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw corrupt("not a 32-bit whole number where one belongs: " + value);
        }
        return value.intValue();
    }

    private static double number(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isNumber()) {
            throw corrupt(name + " is not a number");
        }
        return value.doubleValue();
    }

    private static JsonNode tree(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw corrupt("not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored job configuration is corrupt", e);
        }
    }

    private static IllegalStateException corrupt(String why) {
        return new IllegalStateException("a stored job configuration is corrupt: " + why);
    }
}
