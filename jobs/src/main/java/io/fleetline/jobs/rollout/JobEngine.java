package io.fleetline.jobs.rollout;

import io.fleetline.jobs.JobStore;
import io.fleetline.jobs.JobTx;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.ExecutionUpdates;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.execution.RetryRules;
import io.fleetline.jobs.events.JobEvents;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobProcessDetails;
import io.fleetline.jobs.job.JobStatus;
import io.fleetline.jobs.job.TargetSelection;
import io.fleetline.jobs.plan.CohortGate;
import io.fleetline.jobs.plan.PlanState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollout engine. Each {@link #tick()} looks at the clock and, for every active job: starts a scheduled job
 * whose time came and applies its end behaviour when it ends, aborts it when an abort criterion is met, releases
 * waiting executions at the job's rate (inside maintenance windows when it has them), and completes a snapshot job
 * whose executions all ended. It also times out executions whose timers ran out, retrying them when the job says so,
 * and purges jobs that ended longer ago than the {@link JobRetention} period.
 *
 * <p>Everything it decides from is in the store, so ticks after a restart carry on where the last one stopped.
 * Tests call {@code tick()} with a manual clock; the server calls it from a {@link JobScheduler}.
 */
public final class JobEngine {
    private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);
    /** Executions released per transaction: big enough to be fast, small enough not to hold up other writers. */
    static final int RELEASE_BATCH = 2_000;
    private static final int TIMEOUT_BATCH = 500;

    private final JobStore store;
    private final ExecutionUpdates updates;
    private final Cancellation cancellation;
    private final JobEvents events;
    private final JobRetention retention;
    private final Clock clock;
    private boolean started;

    public JobEngine(JobStore store, ExecutionUpdates updates, Cancellation cancellation, JobEvents events,
                     JobRetention retention, Clock clock) {
        this.store = store;
        this.updates = updates;
        this.cancellation = cancellation;
        this.events = events;
        this.retention = retention;
        this.clock = clock;
    }

    public synchronized void tick() {
        if (!started) {
            // only a stop leaves a deletion unfinished: the first tick of a process takes those up, later ones need not
            cancellation.finishInterruptedDeletions();
            started = true;
        }
        timeOutExecutions();
        showDueRetries();
        for (Job job : store.read(tx -> tx.activeJobs())) {
            try {
                step(job);
            } catch (RuntimeException e) {
                LOG.error("the rollout of job {} failed this tick; it is retried on the next", job.jobId(), e);
            }
        }
        retention.purgeExpired();
    }

    private void step(Job job) {
        Instant now = clock.instant();
        Optional<JobConfig.Scheduling> scheduling = job.config().scheduling();
        if (job.status() == JobStatus.SCHEDULED) {
            if (scheduling.flatMap(JobConfig.Scheduling::startTime).map(now::isBefore).orElse(false)) {
                return;
            }
            job = save(job.withStatus(JobStatus.IN_PROGRESS, now));
        }
        if (scheduling.flatMap(JobConfig.Scheduling::endTime).map(end -> !now.isBefore(end)).orElse(false)) {
            if (endSchedule(job, scheduling.get())) {
                return;
            }
        }
        // counting a big job's executions is the expensive part of a tick: only jobs whose rules need it count
        boolean counts = !job.config().abort().isEmpty()
                || job.config().rollout().flatMap(JobConfig.Rollout::exponentialRate).isPresent();
        JobProcessDetails details = counts ? details(job) : new JobProcessDetails(java.util.Map.of());
        Optional<String> abort = AbortRule.reason(job.config().abort(), details);
        if (abort.isPresent()) {
            LOG.info("job {}: {}", job.jobId(), abort.get());
            events.jobAborted();
            cancellation.cancelJob(job, false, Optional.empty(), abort);
            return;
        }
        long limit = planLimit(job);
        if (limit > Long.MIN_VALUE && MaintenanceWindows.open(scheduling, now)) {
            release(job, details, now, limit);
        }
        completeIfDone(job);
    }

    /**
     * How far the job's Fleetline plan lets the rollout go now: the end of the current cohort, nothing while the
     * plan is paused or waits for an approval ({@code Long.MIN_VALUE}), everything without a plan.
     */
    private long planLimit(Job job) {
        Optional<PlanState> state = store.transact(tx -> tx.findPlan(job.jobId()).map(current -> {
            PlanState next = CohortGate.evaluate(current, tx);
            if (!next.equals(current)) {
                tx.savePlan(next);
                next.pausedReason().filter(r -> !current.paused()).ifPresent(r -> LOG.info("job {}: {}", job.jobId(), r));
            }
            return next;
        }));
        if (state.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return state.get().paused() || state.get().awaitingApproval() ? Long.MIN_VALUE : state.get().releaseLimit();
    }

    /** Retries whose backoff is over become visible to their devices. */
    private void showDueRetries() {
        Instant now = clock.instant();
        List<JobExecution> due;
        do {
            due = store.read(tx -> tx.dueRetries(now, TIMEOUT_BATCH));
            for (JobExecution retry : due) {
                updates.onThing(retry.thingName(), (tx, ended) -> {
                    tx.showRetry(retry.jobId(), retry.thingName());
                    return null;
                });
            }
        } while (due.size() == TIMEOUT_BATCH);
    }

    /** Applies the end behaviour once the end time passed; true when the job is over. */
    private boolean endSchedule(Job job, JobConfig.Scheduling scheduling) {
        JobConfig.EndBehavior behavior = scheduling.endBehavior().orElse(JobConfig.EndBehavior.STOP_ROLLOUT);
        switch (behavior) {
            case STOP_ROLLOUT -> store.transact(tx -> tx.dropWaiting(job.jobId()));
            case CANCEL -> cancellation.cancelJob(job, false, Optional.empty(), Optional.of("The schedule ended"));
            case FORCE_CANCEL -> cancellation.cancelJob(job, true, Optional.empty(), Optional.of("The schedule ended"));
        }
        return behavior != JobConfig.EndBehavior.STOP_ROLLOUT;
    }

    /**
     * Releases what the rate's budget allows now, batch by batch, and tells each thing. Each batch's transaction
     * also records its releases with the job, so that a stop between two batches cannot forget what went out.
     */
    private void release(Job job, JobProcessDetails details, Instant now, long upToPosition) {
        RolloutState state = ReleaseRate.ramp(job.rollout(), job.config(), details.notified(),
                details.count(ExecutionStatus.SUCCEEDED));
        long allowed = ReleaseRate.releasable(state, now);
        if (allowed == 0 && ReleaseRate.released(state, now, 0).equals(job.rollout())) {
            return;
        }
        RolloutState stored = job.rollout();
        long released = 0;
        do {
            long batch = Math.min(RELEASE_BATCH, allowed - released);
            RolloutState before = state;
            RolloutState expected = stored;
            List<String> things = store.transact(tx -> releaseBatch(tx, job.jobId(), expected, before, batch, now,
                    upToPosition));
            updates.released(things, job.jobId());
            released += things.size();
            state = ReleaseRate.released(state, now, things.size());
            stored = state;
            if (things.size() < batch) {
                break;
            }
        } while (released < allowed);
    }

    /**
     * One batch: nothing when the job stopped rolling out or its rollout changed since the tick read it (UpdateJob
     * set a new rate: the next tick starts from that).
     */
    private static List<String> releaseBatch(JobTx tx, String jobId, RolloutState expected, RolloutState state,
                                             long batch, Instant now, long upToPosition) {
        Optional<Job> current = tx.findJob(jobId)
                .filter(j -> j.status() == JobStatus.IN_PROGRESS && j.rollout().equals(expected));
        if (current.isEmpty()) {
            return List.of();
        }
        List<String> things = batch == 0 ? List.of() : tx.release(jobId, batch, now, upToPosition);
        RolloutState after = ReleaseRate.released(state, now, things.size());
        if (!after.equals(expected)) {
            tx.updateJob(current.get().withRollout(after));
        }
        return things;
    }

    private void completeIfDone(Job job) {
        if (job.targetSelection() != TargetSelection.SNAPSHOT) {
            return;
        }
        Optional<Job> completed = store.transact(tx -> {
            Optional<Job> current = tx.findJob(job.jobId()).filter(j -> j.status() == JobStatus.IN_PROGRESS);
            if (current.isEmpty() || tx.hasUnfinished(job.jobId())) {
                return Optional.<Job>empty();
            }
            Job done = current.get().withStatus(JobStatus.COMPLETED, clock.instant());
            tx.updateJob(done);
            return Optional.of(done);
        });
        completed.ifPresent(done -> events.jobEnded(done, "completed", details(done)));
    }

    /** IN_PROGRESS executions whose step or in-progress timer ran out become TIMED_OUT (and may be retried). */
    private void timeOutExecutions() {
        Instant now = clock.instant();
        List<JobExecution> due;
        do {
            due = store.read(tx -> tx.timedOut(now, TIMEOUT_BATCH));
            for (JobExecution execution : due) {
                updates.onThing(execution.thingName(), (tx, ended) -> {
                    tx.findExecution(execution.jobId(), execution.thingName())
                            .filter(e -> e.status() == ExecutionStatus.IN_PROGRESS
                                    && e.executionNumber() == execution.executionNumber()
                                    && e.timesOutAt().map(at -> !at.isAfter(now)).orElse(false))
                            .ifPresent(e -> {
                                JobExecution timedOut = e.with(ExecutionStatus.TIMED_OUT, e.statusDetails(), now);
                                tx.updateExecution(timedOut);
                                ended.add(timedOut);
                                tx.findJob(e.jobId()).ifPresent(job -> RetryRules.retryIfAllowed(tx, job, timedOut, now));
                            });
                    return null;
                });
            }
        } while (due.size() == TIMEOUT_BATCH);
    }

    private Job save(Job job) {
        store.transact(tx -> {
            tx.updateJob(job);
            return null;
        });
        return job;
    }

    private JobProcessDetails details(Job job) {
        return new JobProcessDetails(store.read(tx -> tx.countExecutions(job.jobId())));
    }
}
