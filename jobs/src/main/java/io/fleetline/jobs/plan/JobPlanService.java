package io.fleetline.jobs.plan;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.JobStore;
import io.fleetline.jobs.JobTx;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.job.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The companion API's operations on a job's plan: put it (before or after CreateJob), read where it stands, pause,
 * resume, and approve the cohort that waits for it.
 */
public final class JobPlanService {
    private final JobStore store;
    private final Runnable wakeEngine;

    public JobPlanService(JobStore store, Runnable wakeEngine) {
        this.store = store;
        this.wakeEngine = wakeEngine;
    }

    /** Where a cohort stands. */
    public enum CohortStatus { PENDING, AWAITING_APPROVAL, ROLLING_OUT, PASSED, FELL_SHORT }

    /** One cohort's counts: its targets, how many were released, succeeded and failed (any failure type). */
    public record CohortView(JobPlan.Cohort cohort, CohortStatus status, long size, long released, long succeeded,
                             long failed) {
    }

    public record PlanView(PlanState state, List<CohortView> cohorts) {
    }

    /**
     * Sets the plan of a job that exists and is not over, or of a job id not created yet (the plan applies when
     * CreateJob comes): a plan put before the job rolls out governs all of it.
     */
    public void put(String jobId, JobPlan plan) {
        store.transact(tx -> {
            tx.findJob(jobId).filter(job -> !job.status().active()).ifPresent(job -> {
                throw FleetlineException.invalidTransition("Job " + jobId + " is " + job.status()
                        + "; a rollout plan is for jobs that are not over");
            });
            tx.savePlan(PlanState.of(jobId, plan));
            return null;
        });
        wakeEngine.run();
    }

    public PlanView get(String jobId) {
        return store.read(tx -> {
            PlanState state = tx.findPlan(jobId).orElseThrow(() -> FleetlineException.notFound(
                    "Job " + jobId + " has no rollout plan"));
            return new PlanView(state, cohorts(state, tx));
        });
    }

    public void pause(String jobId, Optional<String> reason) {
        change(jobId, state -> state.paused(reason.or(() -> Optional.of("Paused by an operator"))));
    }

    /** Resumes a paused rollout: after a cohort fell short, the next cohort starts. */
    public void resume(String jobId) {
        change(jobId, PlanState::resumed);
    }

    public void approve(String jobId) {
        change(jobId, state -> {
            if (!state.awaitingApproval()) {
                throw FleetlineException.invalidTransition("No cohort of job " + jobId + " is waiting for approval");
            }
            return state.approved();
        });
    }

    private void change(String jobId, java.util.function.UnaryOperator<PlanState> change) {
        store.transact(tx -> {
            Job job = tx.findJob(jobId).orElseThrow(() -> FleetlineException.notFound("Job " + jobId + " does not exist"));
            if (!job.status().active()) {
                throw FleetlineException.invalidTransition("Job " + jobId + " is " + job.status());
            }
            tx.savePlan(change.apply(tx.findPlan(jobId).orElse(PlanState.of(jobId, JobPlan.none()))));
            return null;
        });
        wakeEngine.run();
    }

    private static List<CohortView> cohorts(PlanState state, JobTx tx) {
        List<CohortView> views = new ArrayList<>();
        List<JobPlan.Cohort> cohorts = state.plan().cohorts();
        long after = Long.MIN_VALUE;
        for (int i = 0; i < cohorts.size(); i++) {
            int index = i;
            long end = state.cohortEnds().map(ends -> ends.get(index)).orElse(Long.MAX_VALUE);
            Map<String, Long> counts = state.cohortEnds().isPresent() ? tx.countTargetsInRange(state.jobId(), after, end)
                    : Map.of();
            long size = counts.values().stream().mapToLong(Long::longValue).sum();
            long succeeded = counts.getOrDefault(ExecutionStatus.SUCCEEDED.name(), 0L);
            long failed = counts.getOrDefault(ExecutionStatus.FAILED.name(), 0L)
                    + counts.getOrDefault(ExecutionStatus.REJECTED.name(), 0L)
                    + counts.getOrDefault(ExecutionStatus.TIMED_OUT.name(), 0L);
            views.add(new CohortView(cohorts.get(i), status(state, i, size, succeeded), size,
                    size - counts.getOrDefault("WAITING", 0L), succeeded, failed));
            after = end;
        }
        return views;
    }

    private static CohortStatus status(PlanState state, int index, long size, long succeeded) {
        if (index > state.cohortIndex()) {
            return CohortStatus.PENDING;
        }
        if (index == state.cohortIndex()) {
            return state.awaitingApproval() ? CohortStatus.AWAITING_APPROVAL : CohortStatus.ROLLING_OUT;
        }
        double share = size == 0 ? 100 : 100.0 * succeeded / size;
        return share >= state.plan().cohorts().get(index).successThresholdPercentage()
                ? CohortStatus.PASSED : CohortStatus.FELL_SHORT;
    }
}
