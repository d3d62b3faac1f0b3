package io.fleetline.jobs.execution;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.JobStore;
import io.fleetline.jobs.JobTx;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The control plane's view of executions: DescribeJobExecution, ListJobExecutionsForJob,
 * ListJobExecutionsForThing, CancelJobExecution and DeleteJobExecution.
 */
public final class ExecutionService {
    private final JobStore store;
    private final ExecutionUpdates updates;
    private final Clock clock;

    public ExecutionService(JobStore store, ExecutionUpdates updates, Clock clock) {
        this.store = store;
        this.updates = updates;
        this.clock = clock;
    }

    /** An execution in any status: the latest attempt, or the numbered one. */
    public JobExecution describe(String jobId, String thingName, Optional<Long> executionNumber) {
        return store.read(tx -> find(tx, jobId, thingName, executionNumber));
    }

    public Page<JobExecution> listForJob(String jobId, Optional<ExecutionStatus> status, PageRequest page) {
        return store.read(tx -> {
            tx.findJob(jobId).orElseThrow(() -> FleetlineException.notFound("Job " + jobId + " does not exist"));
            return Page.of(tx.executionsOfJob(jobId, status, page), page, JobExecution::thingName);
        });
    }

    public Page<JobExecution> listForThing(String thingName, Optional<ExecutionStatus> status, Optional<String> jobId,
                                           PageRequest page) {
        return store.read(tx -> Page.of(tx.executionsOfThing(thingName, status, jobId, page), page, JobExecution::jobId));
    }

    /**
     * CancelJobExecution: a QUEUED execution, or with {@code force} an IN_PROGRESS one, becomes CANCELED.
     *
     * @param statusDetails replaces the execution's details when given
     */
    public void cancel(String jobId, String thingName, boolean force, Optional<Long> expectedVersion,
                       Optional<Map<String, String>> statusDetails) {
        statusDetails.ifPresent(StatusDetails::validate);
        updates.onThing(thingName, (tx, ended) -> {
            JobExecution execution = find(tx, jobId, thingName, Optional.empty());
            if (execution.status().terminal()) {
                throw FleetlineException.invalidTransition("The job execution is already " + execution.status());
            }
            if (execution.status() == ExecutionStatus.IN_PROGRESS && !force) {
                throw FleetlineException.invalidTransition(
                        "The job execution is IN_PROGRESS; set force to cancel it anyway");
            }
            if (expectedVersion.isPresent() && expectedVersion.get() != execution.versionNumber()) {
                throw FleetlineException.versionConflict("The job execution is at version "
                        + execution.versionNumber() + ", not the expected " + expectedVersion.get());
            }
            Map<String, String> details = statusDetails.orElse(execution.statusDetails());
            JobExecution canceled = force && execution.status() == ExecutionStatus.IN_PROGRESS
                    ? execution.forceCanceled(details, clock.instant())
                    : execution.with(ExecutionStatus.CANCELED, details, clock.instant());
            tx.updateExecution(canceled);
            ended.add(canceled);
            return null;
        });
    }

    /** DeleteJobExecution: a terminal execution, or with {@code force} a pending one. */
    public void delete(String jobId, String thingName, long executionNumber, boolean force) {
        updates.onThing(thingName, (tx, ended) -> {
            JobExecution execution = find(tx, jobId, thingName, Optional.of(executionNumber));
            if (execution.status().pending() && !force) {
                throw FleetlineException.invalidTransition("The job execution is " + execution.status()
                        + "; only terminal executions can be deleted without force");
            }
            tx.deleteExecution(jobId, thingName, executionNumber);
            return null;
        });
    }

    private static JobExecution find(JobTx tx, String jobId, String thingName, Optional<Long> executionNumber) {
        return (executionNumber.isPresent() ? tx.findExecution(jobId, thingName, executionNumber.get())
                : tx.findExecution(jobId, thingName))
                .orElseThrow(() -> FleetlineException.notFound("No job execution of " + jobId + " on " + thingName));
    }
}
