package io.fleetline.jobs.plan;

import io.fleetline.jobs.JobTx;
import io.fleetline.jobs.execution.ExecutionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Moves a job through its cohorts. The cohorts' boundaries are fixed the first time the plan is applied (by target
 * position, so later targets fall into the last cohort). A cohort is done when every one of its targets was
 * released and ended; then it passes if its share of SUCCEEDED reaches its threshold, and the next cohort starts
 * (or waits for its approval). A cohort that falls short pauses the rollout: an operator resumes it (the next cohort
 * then starts) or cancels the job.
 */
public final class CohortGate {
    private CohortGate() {
    }

    /** The plan state after looking at the job's executions now. */
    public static PlanState evaluate(PlanState state, JobTx tx) {
        if (!state.hasCohorts()) {
            return state;
        }
        PlanState current = state.cohortEnds().isPresent() ? state : state.withCohortEnds(ends(state, tx));
        List<JobPlan.Cohort> cohorts = current.plan().cohorts();
        while (current.cohortIndex() < cohorts.size() && !current.paused() && !current.awaitingApproval()) {
            Map<String, Long> counts = tx.countTargetsInRange(current.jobId(), start(current), current.releaseLimit());
            if (!done(counts)) {
                break;
            }
            JobPlan.Cohort cohort = cohorts.get(current.cohortIndex());
            long size = counts.values().stream().mapToLong(Long::longValue).sum();
            double succeeded = size == 0 ? 100 : 100.0 * counts.getOrDefault(ExecutionStatus.SUCCEEDED.name(), 0L) / size;
            PlanState next = current.nextCohort();
            if (succeeded < cohort.successThresholdPercentage()) {
                return next.paused(java.util.Optional.of(String.format(Locale.ROOT,
                        "Cohort %s succeeded on %.2f%% of its %d things, below its threshold of %.2f%%",
                        cohort.name(), succeeded, size, cohort.successThresholdPercentage())));
            }
            current = next;
        }
        return current;
    }

    /** The position after which the current cohort starts. */
    static long start(PlanState state) {
        return state.cohortIndex() == 0 ? Long.MIN_VALUE : state.cohortEnds().orElseThrow().get(state.cohortIndex() - 1);
    }

    private static boolean done(Map<String, Long> counts) {
        for (String pending : List.of("WAITING", ExecutionStatus.QUEUED.name(), ExecutionStatus.IN_PROGRESS.name())) {
            if (counts.getOrDefault(pending, 0L) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Each cohort's last target position; the last cohort's is unbounded. */
    private static List<Long> ends(PlanState state, JobTx tx) {
        long total = tx.countTargets(state.jobId());
        List<Long> ends = new ArrayList<>();
        long taken = 0;
        List<JobPlan.Cohort> cohorts = state.plan().cohorts();
        for (int i = 0; i < cohorts.size(); i++) {
            taken += cohorts.get(i).size(total);
            boolean last = i == cohorts.size() - 1 || taken >= total;
            ends.add(last ? Long.MAX_VALUE : tx.targetPosition(state.jobId(), taken - 1));
        }
        return ends;
    }
}
