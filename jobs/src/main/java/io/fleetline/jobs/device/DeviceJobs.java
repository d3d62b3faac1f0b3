package io.fleetline.jobs.device;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.JobStore;
import io.fleetline.jobs.JobTx;
import io.fleetline.jobs.document.DeviceDocument;
import io.fleetline.jobs.document.S3Documents;
import io.fleetline.jobs.execution.ExecutionStateException;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.ExecutionUpdates;
import io.fleetline.jobs.execution.ExecutionUpdates.Written;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.execution.RetryRules;
import io.fleetline.jobs.execution.StatusDetails;
import io.fleetline.jobs.job.ExecutionTerms;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.plan.HealthConfirmation;
import io.fleetline.jobs.plan.JobPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The device side of IoT Jobs, the same over MQTT and HTTPS: GetPendingJobExecutions,
 * StartNextPendingJobExecution, DescribeJobExecution (with {@code $next}) and UpdateJobExecution.
 */
public final class DeviceJobs {
    /** The job id that means "the next pending execution". */
    public static final String NEXT = "$next";

    private final JobStore store;
    private final ExecutionUpdates updates;
    private final S3Documents documents;
    private final Clock clock;

    /** @param documents makes the documents devices get, their presigned-URL placeholders replaced at each read */
    public DeviceJobs(JobStore store, ExecutionUpdates updates, S3Documents documents, Clock clock) {
        this.store = store;
        this.updates = updates;
        this.documents = documents;
        this.clock = clock;
    }

    /**
     * An execution with its job's document, as the device gets it: each {@link DeviceDocument#text()} presigns the
     * document's URLs anew, so send it once per reply.
     */
    public record Execution(JobExecution execution, DeviceDocument document) {
    }

    public PendingJobs pending(String thingName) {
        return store.read(tx -> new PendingJobs(thingName, tx.pendingExecutions(thingName)));
    }

    /** Starts the next pending execution (a QUEUED one becomes IN_PROGRESS); empty when there is none. */
    public Optional<Execution> startNext(String thingName, Optional<Map<String, String>> details,
                                         Optional<Long> stepTimeoutInMinutes) {
        details.ifPresent(StatusDetails::validate);
        stepTimeoutInMinutes.ifPresent(m -> JobConfig.requireTimeout(m, "stepTimeoutInMinutes"));
        return updates.onPending(thingName, (tx, before) -> {
            Optional<JobExecution> next = before.next();
            if (next.isEmpty()) {
                return Written.nothing(Optional.<Execution>empty());
            }
            JobExecution execution = next.get();
            ExecutionTerms job = terms(tx, execution.jobId());
            if (execution.status() == ExecutionStatus.QUEUED) {
                // the guide: a QUEUED execution starts with the given details; an IN_PROGRESS one keeps its own
                execution = start(execution, details.orElse(execution.statusDetails()), job.config(),
                        stepTimeoutInMinutes);
            } else if (stepTimeoutInMinutes.isPresent()) {
                execution = execution.withTimers(Optional.of(clock.instant().plus(minutes(stepTimeoutInMinutes.get()))),
                        execution.inProgressTimeoutAt());
            } else {
                return Written.nothing(Optional.of(new Execution(execution, document(job))));
            }
            tx.updateExecution(execution);
            return new Written<>(Optional.of(new Execution(execution, document(job))), Optional.of(execution), false);
        });
    }

    /** DescribeJobExecution: a pending execution by job id, or the next one ({@code $next}, empty when none). */
    public Optional<Execution> describe(String thingName, String jobId, Optional<Long> executionNumber) {
        return store.read(tx -> {
            if (NEXT.equals(jobId)) {
                return new PendingJobs(thingName, tx.pendingExecutions(thingName)).next()
                        .map(e -> new Execution(e, document(terms(tx, e.jobId()))));
            }
            JobExecution execution = find(tx, thingName, jobId, executionNumber);
            if (execution.status().terminal()) {
                throw new FleetlineException(ErrorCode.TERMINAL_STATE, "The job execution of " + jobId + " on "
                        + thingName + " is " + execution.status() + ", a terminal state");
            }
            return Optional.of(new Execution(execution, document(terms(tx, jobId))));
        });
    }

    /** UpdateJobExecution, with the guide's rules on transitions and versions. */
    public Execution update(String thingName, String jobId, DeviceUpdate update) {
        update.statusDetails().ifPresent(StatusDetails::validate);
        update.stepTimeoutInMinutes().filter(m -> m != -1)
                .ifPresent(m -> JobConfig.requireTimeout(m, "stepTimeoutInMinutes"));
        return updates.onPending(thingName, (tx, before) -> {
            JobExecution execution = pendingOrFound(tx, before, jobId, update.executionNumber());
            if (!execution.status().deviceMayMoveTo(update.status())) {
                throw ExecutionStateException.transition(execution, "A job execution cannot move from "
                        + execution.status() + " to " + update.status());
            }
            if (update.expectedVersion().isPresent() && update.expectedVersion().get() != execution.versionNumber()) {
                throw ExecutionStateException.versionMismatch(execution, update.expectedVersion().get());
            }
            ExecutionTerms job = terms(tx, jobId);
            Map<String, String> details = update.statusDetails().orElse(execution.statusDetails());
            Optional<JobPlan.HealthCheck> health = update.status() == ExecutionStatus.SUCCEEDED
                    ? job.plan().healthCheck() : Optional.empty();
            JobExecution next = execution.status() == ExecutionStatus.QUEUED && update.status() == ExecutionStatus.IN_PROGRESS
                    ? start(execution, details, job.config(), update.stepTimeoutInMinutes())
                    : health.isPresent()
                    ? HealthConfirmation.apply(execution, details, health.get(), clock.instant())
                    : stepTimer(execution.with(update.status(), details, clock.instant()), update.stepTimeoutInMinutes());
            tx.updateExecution(next);
            boolean retried = next.status().terminal() && RetryRules.retryIfAllowed(tx, jobId, job.config(), next,
                    clock.instant());
            return new Written<>(new Execution(next, document(job)), Optional.of(next), retried);
        });
    }

    /** The execution a device names: from its pending list when it is there, else read (it may have ended). */
    private static JobExecution pendingOrFound(JobTx tx, PendingJobs pending, String jobId, Optional<Long> number) {
        return pending.executions().stream()
                .filter(e -> e.jobId().equals(jobId) && number.map(n -> n == e.executionNumber()).orElse(true))
                .findFirst().orElseGet(() -> find(tx, pending.thingName(), jobId, number));
    }

    private JobExecution start(JobExecution queued, Map<String, String> details, JobConfig config,
                               Optional<Long> stepMinutes) {
        Instant now = clock.instant();
        JobExecution started = queued.with(ExecutionStatus.IN_PROGRESS, details, now);
        Optional<Instant> inProgress = config.inProgressTimeoutMinutes().map(m -> now.plus(minutes(m)));
        return stepTimer(started.withTimers(started.stepTimeoutAt(), inProgress), stepMinutes);
    }

    private JobExecution stepTimer(JobExecution execution, Optional<Long> stepMinutes) {
        if (stepMinutes.isEmpty() || execution.status().terminal()) {
            return execution;
        }
        Optional<Instant> step = stepMinutes.get() == -1 ? Optional.empty()
                : Optional.of(clock.instant().plus(minutes(stepMinutes.get())));
        return execution.withTimers(step, execution.inProgressTimeoutAt());
    }

    private static JobExecution find(JobTx tx, String thingName, String jobId, Optional<Long> executionNumber) {
        return (executionNumber.isPresent() ? tx.findExecution(jobId, thingName, executionNumber.get())
                : tx.findExecution(jobId, thingName))
                .orElseThrow(() -> FleetlineException.notFound("No job execution of " + jobId + " on " + thingName
                        + executionNumber.map(n -> " with execution number " + n).orElse("")));
    }

    private DeviceDocument document(ExecutionTerms job) {
        return documents.forDevices(job.document(), job.config().presignedUrlExpiry());
    }

    private static ExecutionTerms terms(JobTx tx, String jobId) {
        return tx.findTerms(jobId).orElseThrow(() -> FleetlineException.notFound("Job " + jobId + " does not exist"));
    }

    private static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }
}
