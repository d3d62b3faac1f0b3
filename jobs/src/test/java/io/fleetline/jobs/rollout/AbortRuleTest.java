package io.fleetline.jobs.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobProcessDetails;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Abort criteria: a share of the executed things, counted once enough were executed. */
class AbortRuleTest {
    private static final List<JobConfig.AbortCriterion> SEED_002 = List.of(
            new JobConfig.AbortCriterion(FailureType.FAILED, 10, 20),
            new JobConfig.AbortCriterion(FailureType.TIMED_OUT, 15, 20));

    private static JobProcessDetails counts(long succeeded, long failed, long timedOut, long inProgress) {
        return new JobProcessDetails(Map.of(ExecutionStatus.SUCCEEDED, succeeded, ExecutionStatus.FAILED, failed,
                ExecutionStatus.TIMED_OUT, timedOut, ExecutionStatus.IN_PROGRESS, inProgress));
    }

    @Test
    void nothing_aborts_before_the_minimum_number_of_things_executed() {
        assertThat(AbortRule.reason(SEED_002, counts(0, 19, 0, 100))).isEmpty();
    }

    @Test
    void ten_percent_failed_of_twenty_executed_aborts() {
        assertThat(AbortRule.reason(SEED_002, counts(18, 2, 0, 50))).hasValueSatisfying(reason ->
                assertThat(reason).contains("2 of 20").contains("FAILED"));
        assertThat(AbortRule.reason(SEED_002, counts(19, 1, 0, 50))).as("5% is below 10%").isEmpty();
    }

    @Test
    void each_criterion_counts_its_own_failure_type_and_all_counts_every_failure() {
        assertThat(AbortRule.reason(SEED_002, counts(17, 0, 3, 0))).hasValueSatisfying(r -> assertThat(r).contains("TIMED_OUT"));
        assertThat(AbortRule.reason(SEED_002, counts(18, 1, 1, 0))).as("neither type reaches its threshold").isEmpty();
        List<JobConfig.AbortCriterion> all = List.of(new JobConfig.AbortCriterion(FailureType.ALL, 10, 20));
        assertThat(AbortRule.reason(all, counts(18, 1, 1, 0))).isPresent();
        JobProcessDetails rejected = new JobProcessDetails(Map.of(ExecutionStatus.SUCCEEDED, 3L,
                ExecutionStatus.REJECTED, 1L));
        assertThat(AbortRule.reason(List.of(new JobConfig.AbortCriterion(FailureType.REJECTED, 25, 4)), rejected))
                .isPresent();
    }
}
