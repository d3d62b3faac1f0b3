package io.fleetline.jobs.plan;

import java.util.List;
import java.util.Optional;

/**
 * Where a job's plan stands, kept in the store.
 *
 * @param cohortIndex      the cohort releasing now
 * @param awaitingApproval the current cohort waits for ApproveJobCohort before it releases
 * @param cohortEnds       the last target position (seq) of each cohort, fixed when the plan is first applied
 */
public record PlanState(String jobId, JobPlan plan, boolean paused, Optional<String> pausedReason, int cohortIndex,
                        boolean awaitingApproval, Optional<List<Long>> cohortEnds) {
    public PlanState {
        cohortEnds = cohortEnds.map(List::copyOf);
    }

    public static PlanState of(String jobId, JobPlan plan) {
        return new PlanState(jobId, plan, false, Optional.empty(), 0, plan.cohorts().stream().findFirst()
                .map(JobPlan.Cohort::requiresApproval).orElse(false), Optional.empty());
    }

    public PlanState paused(Optional<String> reason) {
        return new PlanState(jobId, plan, true, reason, cohortIndex, awaitingApproval, cohortEnds);
    }

    public PlanState resumed() {
        return new PlanState(jobId, plan, false, Optional.empty(), cohortIndex, awaitingApproval, cohortEnds);
    }

    public PlanState approved() {
        return new PlanState(jobId, plan, paused, pausedReason, cohortIndex, false, cohortEnds);
    }

    public PlanState withCohortEnds(List<Long> ends) {
        return new PlanState(jobId, plan, paused, pausedReason, cohortIndex, awaitingApproval, Optional.of(ends));
    }

    /** On to the next cohort, which may want an approval first. */
    public PlanState nextCohort() {
        int next = cohortIndex + 1;
        boolean approval = next < plan.cohorts().size() && plan.cohorts().get(next).requiresApproval();
        return new PlanState(jobId, plan, paused, pausedReason, next, approval, cohortEnds);
    }

    public boolean hasCohorts() {
        return !plan.cohorts().isEmpty();
    }

    /** The highest target position the rollout may release now. */
    public long releaseLimit() {
        if (!hasCohorts() || cohortEnds.isEmpty() || cohortIndex >= cohortEnds.get().size()) {
            return Long.MAX_VALUE;
        }
        return cohortEnds.get().get(cohortIndex);
    }
}
