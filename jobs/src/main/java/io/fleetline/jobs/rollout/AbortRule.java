package io.fleetline.jobs.rollout;

import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobProcessDetails;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * abortConfig: once at least {@code minNumberOfExecutedThings} things finished their execution (reached a terminal
 * status), the job is canceled when the share of them that ended with the criterion's failure type reaches
 * {@code thresholdPercentage}.
 */
final class AbortRule {
    private AbortRule() {
    }

    /** Why the job must be aborted, if one of its criteria is met. */
    static Optional<String> reason(List<JobConfig.AbortCriterion> criteria, JobProcessDetails details) {
        long executed = details.finished();
        for (JobConfig.AbortCriterion criterion : criteria) {
            if (executed < criterion.minExecutedThings()) {
                continue;
            }
            long failures = 0;
            for (ExecutionStatus status : ExecutionStatus.values()) {
                if (criterion.failureType().matches(status)) {
                    failures += details.count(status);
                }
            }
            double percentage = 100.0 * failures / executed;
            if (failures > 0 && percentage >= criterion.thresholdPercentage()) {
                return Optional.of(String.format(Locale.ROOT,
                        "Job aborted: %d of %d executed things ended %s (%.2f%%, threshold %.2f%%)", failures, executed,
                        criterion.failureType(), percentage, criterion.thresholdPercentage()));
            }
        }
        return Optional.empty();
    }
}
