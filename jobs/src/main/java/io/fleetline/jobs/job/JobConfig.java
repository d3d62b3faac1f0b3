package io.fleetline.jobs.job;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.document.S3Documents;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a job rolls out, when it gives up and when it tries again: the configurations CreateJob and job templates
 * take, already checked against the rules the AWS model states in prose (the lengths and ranges the model states as
 * constraints are checked before this by the wire layer, and again here for input that does not come through it).
 */
public record JobConfig(Optional<PresignedUrl> presignedUrl, Optional<Rollout> rollout, List<AbortCriterion> abort,
                        Optional<Long> inProgressTimeoutMinutes, List<RetryCriterion> retry,
                        Optional<Scheduling> scheduling) {
    /** One week, the longest in-progress or step timeout AWS takes. */
    public static final long MAX_TIMEOUT_MINUTES = 10_080;

    public JobConfig {
        abort = List.copyOf(abort);
        retry = List.copyOf(retry);
        inProgressTimeoutMinutes.ifPresent(minutes -> requireTimeout(minutes, "inProgressTimeoutInMinutes"));
        requireDistinct(abort.stream().map(AbortCriterion::failureType).toList(), "abortConfig.criteriaList");
        requireDistinct(retry.stream().map(RetryCriterion::failureType).toList(), "jobExecutionsRetryConfig.criteriaList");
        if (retry.size() > 2) {
            throw FleetlineException.invalid("jobExecutionsRetryConfig.criteriaList has at most 2 criteria");
        }
    }

    public static JobConfig none() {
        return new JobConfig(Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of(), Optional.empty());
    }

    /** How long presigned URLs in the document live: {@code presignedUrlConfig.expiresInSec}, else the model's 3600 s. */
    public Duration presignedUrlExpiry() {
        return presignedUrl.flatMap(PresignedUrl::expiresInSec).map(Duration::ofSeconds)
                .orElse(S3Documents.DEFAULT_EXPIRY);
    }

    /** A step or in-progress timeout: 1 minute to 7 days. */
    public static void requireTimeout(long minutes, String member) {
        if (minutes < 1 || minutes > MAX_TIMEOUT_MINUTES) {
            throw FleetlineException.invalid(member + " must be between 1 and " + MAX_TIMEOUT_MINUTES + " minutes; got "
                    + minutes);
        }
    }

    private static void requireDistinct(List<FailureType> types, String member) {
        Set<FailureType> seen = EnumSet.noneOf(FailureType.class);
        for (FailureType type : types) {
            if (!seen.add(type)) {
                throw FleetlineException.invalid(member + " names failureType " + type + " twice");
            }
        }
    }

    /** How long presigned URLs in the job document live (60-3600 s, default 3600) and the role that signs them. */
    public record PresignedUrl(Optional<String> roleArn, Optional<Long> expiresInSec) {
        public PresignedUrl {
            expiresInSec.ifPresent(seconds -> {
                if (seconds < 60 || seconds > 3600) {
                    throw FleetlineException.invalid("presignedUrlConfig.expiresInSec must be 60-3600; got " + seconds);
                }
            });
        }

        /** URLs that live {@code seconds} (60-3600), without a role: Fleetline signs them with its own keys. */
        public static PresignedUrl expiringIn(long seconds) {
            return new PresignedUrl(Optional.empty(), Optional.of(seconds));
        }
    }

    /** The rollout rate: a constant {@code maximumPerMinute}, or an exponential ramp capped by it. */
    public record Rollout(Optional<Integer> maximumPerMinute, Optional<ExponentialRate> exponentialRate) {
        public Rollout {
            maximumPerMinute.ifPresent(max -> {
                if (max < 1) {
                    throw FleetlineException.invalid("maximumPerMinute must be at least 1; got " + max);
                }
            });
        }

        /** A constant rate of at most {@code max} releases a minute. */
        public static Rollout maximumPerMinute(int max) {
            return new Rollout(Optional.of(max), Optional.empty());
        }
    }

    /**
     * Starts at {@code baseRatePerMinute} and multiplies it by {@code incrementFactor} each time another
     * {@code notifiedThings} things were notified or {@code succeededThings} things succeeded.
     */
    public record ExponentialRate(int baseRatePerMinute, double incrementFactor, Optional<Integer> notifiedThings,
                                  Optional<Integer> succeededThings) {
        public ExponentialRate {
            if (baseRatePerMinute < 1 || baseRatePerMinute > 1000) {
                throw FleetlineException.invalid("baseRatePerMinute must be 1-1000; got " + baseRatePerMinute);
            }
            if (incrementFactor < 1.1 || incrementFactor > 5) {
                throw FleetlineException.invalid("incrementFactor must be 1.1-5; got " + incrementFactor);
            }
            if (notifiedThings.isEmpty() && succeededThings.isEmpty()) {
                throw FleetlineException.invalid(
                        "rateIncreaseCriteria needs numberOfNotifiedThings or numberOfSucceededThings");
            }
            notifiedThings.ifPresent(n -> requirePositive(n, "numberOfNotifiedThings"));
            succeededThings.ifPresent(n -> requirePositive(n, "numberOfSucceededThings"));
        }
    }

    /** Cancel the job once this share of the executed things failed this way, counted after enough were executed. */
    public record AbortCriterion(FailureType failureType, double thresholdPercentage, int minExecutedThings) {
        public AbortCriterion {
            if (thresholdPercentage < 0 || thresholdPercentage > 100) {
                throw FleetlineException.invalid("thresholdPercentage must be 0-100; got " + thresholdPercentage);
            }
            requirePositive(minExecutedThings, "minNumberOfExecutedThings");
        }
    }

    /** Retry an execution that ended this way, up to {@code numberOfRetries} times (0-10). */
    public record RetryCriterion(FailureType failureType, int numberOfRetries) {
        public RetryCriterion {
            if (failureType == FailureType.REJECTED) {
                throw FleetlineException.invalid("a retry failureType is FAILED, TIMED_OUT or ALL");
            }
            if (numberOfRetries < 0 || numberOfRetries > 10) {
                throw FleetlineException.invalid("numberOfRetries must be 0-10; got " + numberOfRetries);
            }
        }
    }

    /** What happens at the end time: stop releasing, cancel queued executions, or cancel all pending ones. */
    public enum EndBehavior {
        STOP_ROLLOUT,
        CANCEL,
        FORCE_CANCEL
    }

    /**
     * When the rollout may run: from {@code startTime}, until {@code endTime}, and only inside the maintenance
     * windows when there are any. The times keep the text they were given in, which DescribeJob returns.
     */
    public record Scheduling(Optional<String> startTimeText, Optional<Instant> startTime, Optional<String> endTimeText,
                             Optional<Instant> endTime, Optional<EndBehavior> endBehavior,
                             List<MaintenanceWindow> maintenanceWindows) {
        public Scheduling {
            maintenanceWindows = List.copyOf(maintenanceWindows);
            if (startTime.isPresent() && endTime.isPresent()
                    && endTime.get().isBefore(startTime.get().plusSeconds(30 * 60))) {
                throw FleetlineException.invalid("schedulingConfig.endTime must be at least 30 minutes after startTime");
            }
        }

        /**
         * Scheduling from the times as AWS's StringDateTime ({@code 2030-01-01T10:00}, seconds and a zone optional,
         * UTC without one), each kept as given and read as an instant.
         */
        public static Scheduling of(Optional<String> startTime, Optional<String> endTime,
                                    Optional<EndBehavior> endBehavior, List<MaintenanceWindow> maintenanceWindows) {
            return new Scheduling(startTime, startTime.map(t -> ScheduleTime.parse(t, "startTime")), endTime,
                    endTime.map(t -> ScheduleTime.parse(t, "endTime")), endBehavior, maintenanceWindows);
        }
    }

    /** A recurring window: AWS cron syntax for its start, and how long it stays open. */
    public record MaintenanceWindow(String startTime, int durationInMinutes) {
        public MaintenanceWindow {
            if (durationInMinutes < 1 || durationInMinutes > 1430) {
                throw FleetlineException.invalid("durationInMinutes must be 1-1430; got " + durationInMinutes);
            }
            MaintenanceCron.parse(startTime);  // fails on a malformed expression
        }

        public boolean isOpen(Instant at) {
            return MaintenanceCron.isOpen(startTime, java.time.Duration.ofMinutes(durationInMinutes), at);
        }

        /** The next {@code count} times the window opens after {@code at}. */
        public List<Instant> nextStarts(Instant at, int count) {
            return MaintenanceCron.nextStarts(startTime, at, count);
        }
    }

    private static void requirePositive(int value, String member) {
        if (value < 1) {
            throw FleetlineException.invalid(member + " must be at least 1; got " + value);
        }
    }
}
