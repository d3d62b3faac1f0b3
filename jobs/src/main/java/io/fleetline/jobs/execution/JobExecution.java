package io.fleetline.jobs.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One execution of a job on one thing: what the device reported and when, and the timers that may end it.
 *
 * @param executionNumber   1 for the first attempt on the thing, one more for each retry
 * @param versionNumber     1 when queued, one more with every update
 * @param retryAttempt      how many retries came before this attempt
 * @param stepTimeoutAt     when the device's step timer (stepTimeoutInMinutes) runs out
 * @param inProgressTimeoutAt when the job's in-progress timer runs out
 */
public record JobExecution(String jobId, String thingName, long executionNumber, ExecutionStatus status,
                           Map<String, String> statusDetails, Instant queuedAt, Optional<Instant> startedAt,
                           Instant lastUpdatedAt, long versionNumber, boolean forceCanceled, int retryAttempt,
                           Optional<Instant> stepTimeoutAt, Optional<Instant> inProgressTimeoutAt) {
    public JobExecution {
        statusDetails = Map.copyOf(statusDetails);
    }

    /** When the first of the two timers runs out, if one runs. */
    public Optional<Instant> timesOutAt() {
        if (stepTimeoutAt.isPresent() && inProgressTimeoutAt.isPresent()) {
            return Optional.of(stepTimeoutAt.get().isBefore(inProgressTimeoutAt.get())
                    ? stepTimeoutAt.get() : inProgressTimeoutAt.get());
        }
        return stepTimeoutAt.or(() -> inProgressTimeoutAt);
    }

    /** AWS's approximateSecondsBeforeTimedOut: while IN_PROGRESS with a timer, the seconds it has left. */
    public Optional<Long> secondsBeforeTimedOut(Instant now) {
        if (status != ExecutionStatus.IN_PROGRESS) {
            return Optional.empty();
        }
        return timesOutAt().map(at -> Math.max(0, Duration.between(now, at).toSeconds()));
    }

    public JobExecution with(ExecutionStatus newStatus, Map<String, String> details, Instant at) {
        Optional<Instant> started = startedAt.isEmpty() && newStatus == ExecutionStatus.IN_PROGRESS
                ? Optional.of(at) : startedAt;
        return new JobExecution(jobId, thingName, executionNumber, newStatus, details, queuedAt, started, at,
                versionNumber + 1, forceCanceled, retryAttempt,
                newStatus.terminal() ? Optional.empty() : stepTimeoutAt,
                newStatus.terminal() ? Optional.empty() : inProgressTimeoutAt);
    }

    public JobExecution withTimers(Optional<Instant> step, Optional<Instant> inProgress) {
        return new JobExecution(jobId, thingName, executionNumber, status, statusDetails, queuedAt, startedAt,
                lastUpdatedAt, versionNumber, forceCanceled, retryAttempt, step, inProgress);
    }

    public JobExecution forceCanceled(Map<String, String> details, Instant at) {
        JobExecution canceled = with(ExecutionStatus.CANCELED, details, at);
        return new JobExecution(jobId, thingName, executionNumber, canceled.status, canceled.statusDetails, queuedAt,
                canceled.startedAt, at, canceled.versionNumber, true, retryAttempt, Optional.empty(), Optional.empty());
    }

    /** The next attempt after this one failed or timed out: queued now, its own timers, one more retry. */
    public JobExecution retried(Instant at) {
        return new JobExecution(jobId, thingName, executionNumber + 1, ExecutionStatus.QUEUED, Map.of(), at,
                Optional.empty(), at, 1, false, retryAttempt + 1, Optional.empty(), Optional.empty());
    }

    /** A first attempt, queued now. */
    public static JobExecution queued(String jobId, String thingName, Instant at) {
        return new JobExecution(jobId, thingName, 1, ExecutionStatus.QUEUED, Map.of(), at, Optional.empty(), at, 1,
                false, 0, Optional.empty(), Optional.empty());
    }
}
