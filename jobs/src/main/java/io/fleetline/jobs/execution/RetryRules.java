package io.fleetline.jobs.execution;

import io.fleetline.jobs.JobTx;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobConfig;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * jobExecutionsRetryConfig: an execution that ended FAILED or TIMED_OUT is tried again, as a new execution
 * (executionNumber + 1, retryAttempt + 1) queued at once, while its failure type has retries left: each criterion
 * counts the earlier attempts that ended its way (ALL counts both). A criterion for the failure type itself is
 * preferred to one for ALL.
 */
public final class RetryRules {
    private static final Set<ExecutionStatus> RETRIED = EnumSet.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT);

    private RetryRules() {
    }

    /**
     * The next attempt, when the job's retry criteria allow one.
     *
     * @param earlier the statuses the thing's earlier attempts of the job ended in
     */
    public static Optional<JobExecution> retryOf(JobExecution ended, List<ExecutionStatus> earlier,
                                                 List<JobConfig.RetryCriterion> criteria, Instant at) {
        if (!RETRIED.contains(ended.status())) {
            return Optional.empty();
        }
        Optional<JobConfig.RetryCriterion> criterion = criteria.stream()
                .filter(c -> c.failureType() != FailureType.ALL && c.failureType().matches(ended.status())).findFirst()
                .or(() -> criteria.stream().filter(c -> c.failureType() == FailureType.ALL).findFirst());
        return criterion.filter(c -> earlier.stream().filter(c.failureType()::matches).count() < c.numberOfRetries())
                .map(c -> ended.retried(at));
    }

    /**
     * Retries an execution that just ended, when the job's criteria allow: at once, or after the backoff of the
     * job's Fleetline plan. Answers whether it queued a retry.
     */
    public static boolean retryIfAllowed(JobTx tx, Job job, JobExecution ended, Instant now) {
        return retryIfAllowed(tx, job.jobId(), job.config(), ended, now);
    }

    /** {@link #retryIfAllowed(JobTx, Job, JobExecution, Instant)} with the job's id and configuration. */
    public static boolean retryIfAllowed(JobTx tx, String jobId, JobConfig config, JobExecution ended, Instant now) {
        if (config.retry().isEmpty() || !RETRIED.contains(ended.status())) {
            return false;  // the common case, answered without reading the earlier attempts
        }
        Optional<JobExecution> retry = retryOf(ended, tx.earlierAttempts(jobId, ended.thingName()), config.retry(), now);
        retry.ifPresent(next -> {
            Optional<Instant> notBefore = tx.findPlan(jobId).flatMap(p -> p.plan().retryBackoff())
                    .map(backoff -> now.plus(backoff.delay(next.retryAttempt())));
            tx.retryExecution(ended, next, notBefore);
        });
        return retry.isPresent();
    }
}
