package io.fleetline.jobs.plan;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Health-confirmed success. A device's first SUCCEEDED is held: the execution stays IN_PROGRESS with
 * {@code fleetline:health = awaiting-confirmation} and a step timer of the check's window. The device confirms by
 * reporting SUCCEEDED again from the new version (with the check's required status details); only then is the
 * execution SUCCEEDED. If it never does, the timer times it out, which abort and retry criteria count.
 */
public final class HealthConfirmation {
    public static final String KEY = "fleetline:health";
    public static final String AWAITING = "awaiting-confirmation";
    public static final String CONFIRMED = "confirmed";

    private HealthConfirmation() {
    }

    /** What a SUCCEEDED report turns the execution into under the health check. */
    public static JobExecution apply(JobExecution execution, Map<String, String> reported, JobPlan.HealthCheck check,
                                     Instant now) {
        Map<String, String> details = new LinkedHashMap<>(reported);
        if (!AWAITING.equals(execution.statusDetails().get(KEY))) {
            details.put(KEY, AWAITING);
            JobExecution held = execution.with(ExecutionStatus.IN_PROGRESS, details, now);
            return held.withTimers(Optional.of(now.plus(Duration.ofMinutes(check.confirmWithinMinutes()))),
                    held.inProgressTimeoutAt());
        }
        check.requiredStatusDetails().forEach((key, value) -> {
            if (!value.equals(details.get(key))) {
                throw FleetlineException.invalid("The health confirmation must report statusDetails " + key + "=" + value
                        + "; it reported " + Optional.ofNullable(details.get(key)).orElse("none"));
            }
        });
        details.put(KEY, CONFIRMED);
        return execution.with(ExecutionStatus.SUCCEEDED, details, now);
    }
}
