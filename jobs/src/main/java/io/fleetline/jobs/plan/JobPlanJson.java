package io.fleetline.jobs.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.json.ExactJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link JobPlan} to and from the JSON of the companion API (which is also how stores keep it). */
public final class JobPlanJson {
    private JobPlanJson() {
    }

    public static JobPlan read(JsonNode node) {
        List<JobPlan.Cohort> cohorts = new ArrayList<>();
        for (JsonNode c : node.path("cohorts")) {
            cohorts.add(new JobPlan.Cohort(c.path("name").asText(null), optInt(c, "thingCount"),
                    opt(c, "percentage").map(p -> ExactJson.doubleValue(p, "percentage")),
                    ExactJson.doubleValue(required(c, "successThresholdPercentage"), "successThresholdPercentage"),
                    c.path("requiresApproval").asBoolean(false)));
        }
        Optional<JobPlan.HealthCheck> health = opt(node, "healthCheck").map(h -> {
            Map<String, String> required = new LinkedHashMap<>();
            h.path("requiredStatusDetails").properties().forEach(e -> required.put(e.getKey(), e.getValue().asText()));
            return new JobPlan.HealthCheck(requiredLong(h, "confirmWithinMinutes"), required);
        });
        Optional<JobPlan.RetryBackoff> backoff = opt(node, "retryBackoff").map(b -> {
            long initial = requiredLong(b, "initialDelaySeconds");
            return new JobPlan.RetryBackoff(initial,
                    opt(b, "multiplier").map(m -> ExactJson.doubleValue(m, "multiplier")).orElse(2.0),
                    opt(b, "maximumDelaySeconds").map(m -> ExactJson.longValue(m, "maximumDelaySeconds"))
                            .orElse(Math.max(initial, 3600L)));
        });
        return new JobPlan(cohorts, health, backoff);
    }

    public static ObjectNode write(JobPlan plan, ObjectNode out) {
        ArrayNode cohorts = out.putArray("cohorts");
        for (JobPlan.Cohort c : plan.cohorts()) {
            ObjectNode node = cohorts.addObject().put("name", c.name());
            c.thingCount().ifPresent(n -> node.put("thingCount", n));
            c.percentage().ifPresent(p -> node.put("percentage", p));
            node.put("successThresholdPercentage", c.successThresholdPercentage());
            node.put("requiresApproval", c.requiresApproval());
        }
        plan.healthCheck().ifPresent(h -> {
            ObjectNode node = out.putObject("healthCheck").put("confirmWithinMinutes", h.confirmWithinMinutes());
            ObjectNode required = node.putObject("requiredStatusDetails");
            h.requiredStatusDetails().forEach(required::put);
        });
        plan.retryBackoff().ifPresent(b -> out.putObject("retryBackoff").put("initialDelaySeconds", b.initialDelaySeconds())
                .put("multiplier", b.multiplier()).put("maximumDelaySeconds", b.maximumDelaySeconds()));
        return out;
    }

    public static ObjectNode write(JobPlan plan) {
        return write(plan, JsonNodeFactory.instance.objectNode());
    }

    private static Optional<JsonNode> opt(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Integer> optInt(JsonNode node, String member) {
        return opt(node, member).map(v -> ExactJson.intValue(v, member));
    }

    private static long requiredLong(JsonNode node, String member) {
        return ExactJson.longValue(required(node, member), member);
    }

    private static JsonNode required(JsonNode node, String member) {
        return opt(node, member).orElseThrow(() -> FleetlineException.invalid(member + " is required"));
    }
}
