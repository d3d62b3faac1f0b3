package io.fleetline.jobs.plan;

import io.fleetline.core.error.FleetlineException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A job's rollout plan beyond AWS.
 *
 * @param cohorts      ordered slices of the job's targets (in target order); each must reach its success threshold
 *                     before the next starts, and may wait for an approval
 * @param healthCheck  a device's SUCCEEDED counts only once it confirms, running the new version, within a window
 * @param retryBackoff retries (jobExecutionsRetryConfig) wait longer each time instead of starting at once
 */
public record JobPlan(List<Cohort> cohorts, Optional<HealthCheck> healthCheck, Optional<RetryBackoff> retryBackoff) {
    public static final int MAX_COHORTS = 20;

    public JobPlan {
        cohorts = List.copyOf(cohorts);
        if (cohorts.size() > MAX_COHORTS) {
            throw FleetlineException.invalid("A rollout plan has at most " + MAX_COHORTS + " cohorts");
        }
        Set<String> names = new HashSet<>();
        for (Cohort cohort : cohorts) {
            if (!names.add(cohort.name())) {
                throw FleetlineException.invalid("Two cohorts are named " + cohort.name());
            }
        }
    }

    public static JobPlan none() {
        return new JobPlan(List.of(), Optional.empty(), Optional.empty());
    }

    /**
     * A slice of the targets: {@code thingCount} things or {@code percentage} of them (the last cohort takes
     * whatever is left, including things a continuous job gains later).
     */
    public record Cohort(String name, Optional<Integer> thingCount, Optional<Double> percentage,
                         double successThresholdPercentage, boolean requiresApproval) {
        public Cohort {
            if (name == null || !name.matches("[a-zA-Z0-9_-]{1,64}")) {
                throw FleetlineException.invalid("A cohort name is 1-64 letters, digits, '_' or '-'; got " + name);
            }
            if (thingCount.isPresent() == percentage.isPresent()) {
                throw FleetlineException.invalid("Cohort " + name + " needs exactly one of thingCount and percentage");
            }
            thingCount.ifPresent(n -> {
                if (n < 1) {
                    throw FleetlineException.invalid("Cohort " + name + ": thingCount must be at least 1");
                }
            });
            percentage.ifPresent(p -> {
                if (p <= 0 || p > 100) {
                    throw FleetlineException.invalid("Cohort " + name + ": percentage must be above 0 and at most 100");
                }
            });
            if (successThresholdPercentage < 0 || successThresholdPercentage > 100) {
                throw FleetlineException.invalid("Cohort " + name + ": successThresholdPercentage must be 0-100");
            }
        }

        /** How many of {@code total} targets this cohort takes. */
        public long size(long total) {
            return thingCount.map(n -> (long) n).orElseGet(() -> (long) Math.ceil(total * percentage.get() / 100));
        }
    }

    /**
     * A SUCCEEDED report is held (the execution stays IN_PROGRESS, {@code fleetline:health} awaiting-confirmation)
     * until the device reports SUCCEEDED again with {@code requiredStatusDetails}, within
     * {@code confirmWithinMinutes}; otherwise the execution times out.
     */
    public record HealthCheck(long confirmWithinMinutes, Map<String, String> requiredStatusDetails) {
        public HealthCheck {
            requiredStatusDetails = Map.copyOf(requiredStatusDetails);
            if (confirmWithinMinutes < 1 || confirmWithinMinutes > 10_080) {
                throw FleetlineException.invalid("confirmWithinMinutes must be 1-10080; got " + confirmWithinMinutes);
            }
        }
    }

    /** The n-th retry waits {@code initialDelaySeconds × multiplier^(n-1)}, at most {@code maximumDelaySeconds}. */
    public record RetryBackoff(long initialDelaySeconds, double multiplier, long maximumDelaySeconds) {
        public RetryBackoff {
            if (initialDelaySeconds < 1 || initialDelaySeconds > 86_400) {
                throw FleetlineException.invalid("initialDelaySeconds must be 1-86400; got " + initialDelaySeconds);
            }
            if (multiplier < 1 || multiplier > 10) {
                throw FleetlineException.invalid("multiplier must be 1-10; got " + multiplier);
            }
            if (maximumDelaySeconds < initialDelaySeconds || maximumDelaySeconds > 7 * 86_400) {
                throw FleetlineException.invalid("maximumDelaySeconds must be at least initialDelaySeconds and at most"
                        + " a week; got " + maximumDelaySeconds);
            }
        }

        /** The wait before retry number {@code retry} (1 for the first retry). */
        public Duration delay(int retry) {
            double seconds = initialDelaySeconds * Math.pow(multiplier, Math.max(0, retry - 1));
            return Duration.ofSeconds((long) Math.min(maximumDelaySeconds, seconds));
        }
    }
}
