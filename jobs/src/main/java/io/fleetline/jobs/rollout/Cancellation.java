package io.fleetline.jobs.rollout;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.jobs.JobStore;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.ExecutionUpdates;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.events.JobEvents;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobDocuments;
import io.fleetline.jobs.job.JobProcessDetails;
import io.fleetline.jobs.job.JobStatus;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ending a job early: CancelJob (by an operator, or by the engine when abort criteria are met or the schedule
 * ends) and DeleteJob. Executions are ended one thing at a time, so each device is told its pending list changed.
 */
public final class Cancellation {
    private static final int BATCH = 500;

    private final JobStore store;
    private final ExecutionUpdates updates;
    private final JobEvents events;
    private final JobDocuments documents;
    private final AccountScope scope;
    private final Clock clock;
    /** Jobs this process is deleting now, so the first tick, which finishes interrupted deletions, leaves them alone. */
    private final Set<String> deleting = ConcurrentHashMap.newKeySet();

    public Cancellation(JobStore store, ExecutionUpdates updates, JobEvents events, JobDocuments documents,
                        AccountScope scope, Clock clock) {
        this.store = store;
        this.scope = scope;
        this.updates = updates;
        this.events = events;
        this.documents = documents;
        this.clock = clock;
    }

    /**
     * Cancels the job: no more releases, QUEUED executions CANCELED, and with {@code force} IN_PROGRESS ones too.
     * Canceling a canceled job again only does something with {@code force}: it cancels what is still in progress.
     */
    public Job cancelJob(Job job, boolean force, Optional<String> reasonCode, Optional<String> comment) {
        boolean wasActive = job.status().active();
        Job canceled = store.transact(tx -> {
            Job current = tx.findJob(job.jobId()).orElse(job);
            Job next = current.status() == JobStatus.CANCELED
                    ? current.canceled(force || current.forceCanceled(), reasonCode.or(current::reasonCode),
                            comment.or(current::comment), current.completedAt().orElse(clock.instant()))
                    : current.canceled(force, reasonCode, comment, clock.instant());
            tx.updateJob(next);
            tx.dropWaiting(job.jobId());
            return next;
        });
        endExecutions(job.jobId(), force ? EnumSet.of(ExecutionStatus.QUEUED, ExecutionStatus.IN_PROGRESS)
                : EnumSet.of(ExecutionStatus.QUEUED), force);
        if (wasActive) {
            events.jobEnded(canceled, "canceled", new JobProcessDetails(store.read(tx -> tx.countExecutions(job.jobId()))));
        }
        return canceled;
    }

    /** Deletes the job: its pending executions vanish (their devices are told), then everything else of it, tags too. */
    public void deleteJob(Job job) {
        delete(job, true);
    }

    /**
     * Deletes an ended job whose retention period is over, as {@link #deleteJob} does but without the job's
     * {@code deleted} event: nobody asked for the deletion, and the guide names no event for a purge.
     */
    void purgeJob(Job job) {
        delete(job, false);
    }

    /**
     * Finishes the deletions a stop interrupted: a job left DELETION_IN_PROGRESS with some of its executions would
     * otherwise stay so for good, and its id could never be used again.
     */
    public void finishInterruptedDeletions() {
        for (Job job : store.read(tx -> tx.jobsBeingDeleted())) {
            deleteJob(job);
        }
    }

    private void delete(Job job, boolean announce) {
        if (!deleting.add(job.jobId())) {
            return;  // another caller is deleting it right now
        }
        try {
            deleteNow(job);
        } finally {
            deleting.remove(job.jobId());
        }
        if (announce) {
            events.jobDeleted(job);
        }
    }

    private void deleteNow(Job job) {
        store.transact(tx -> {
            tx.updateJob(job.withStatus(JobStatus.DELETION_IN_PROGRESS, clock.instant()));
            tx.dropWaiting(job.jobId());
            return null;
        });
        Set<ExecutionStatus> pending = EnumSet.of(ExecutionStatus.QUEUED, ExecutionStatus.IN_PROGRESS);
        for (List<JobExecution> batch = next(job.jobId(), pending); !batch.isEmpty(); batch = next(job.jobId(), pending)) {
            for (JobExecution execution : batch) {
                updates.onThing(execution.thingName(), (tx, ended) -> {
                    tx.deleteExecution(job.jobId(), execution.thingName(), execution.executionNumber());
                    return null;
                });
            }
        }
        store.transact(tx -> {
            tx.deleteJob(job.jobId());
            tx.deleteTags(scope.arn(ResourceType.JOB, job.jobId()));
            return null;
        });
        documents.forget(job.jobId());  // the id may be used again, with another document
    }

    /** Cancels the job's executions in {@code statuses}, each in its own transaction. */
    private void endExecutions(String jobId, Set<ExecutionStatus> statuses, boolean force) {
        for (List<JobExecution> batch = next(jobId, statuses); !batch.isEmpty(); batch = next(jobId, statuses)) {
            for (JobExecution execution : batch) {
                updates.onThing(execution.thingName(), (tx, ended) -> {
                    tx.findExecution(jobId, execution.thingName()).filter(e -> statuses.contains(e.status()))
                            .ifPresent(current -> {
                                JobExecution canceled = force && current.status() == ExecutionStatus.IN_PROGRESS
                                        ? current.forceCanceled(current.statusDetails(), clock.instant())
                                        : current.with(ExecutionStatus.CANCELED, current.statusDetails(), clock.instant());
                                tx.updateExecution(canceled);
                                ended.add(canceled);
                            });
                    return null;
                });
            }
        }
    }

    private List<JobExecution> next(String jobId, Set<ExecutionStatus> statuses) {
        return store.read(tx -> tx.executionsIn(jobId, statuses, BATCH));
    }
}
