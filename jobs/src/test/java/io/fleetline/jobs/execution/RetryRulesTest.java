package io.fleetline.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.JobConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retries: a new attempt while the failure type has retries left; REJECTED and SUCCEEDED are never retried. */
class RetryRulesTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static JobExecution ended(ExecutionStatus status, int retryAttempt) {
        JobExecution queued = JobExecution.queued("job", "thing", T);
        JobExecution attempt = new JobExecution("job", "thing", retryAttempt + 1, ExecutionStatus.IN_PROGRESS, Map.of(),
                T, java.util.Optional.of(T), T, 2, false, retryAttempt, java.util.Optional.empty(),
                java.util.Optional.empty());
        return (retryAttempt == 0 ? queued : attempt).with(status, Map.of("why", "x"), T);
    }

    @Test
    void a_failed_execution_is_retried_as_a_new_queued_attempt() {
        List<JobConfig.RetryCriterion> twice = List.of(new JobConfig.RetryCriterion(FailureType.FAILED, 2));
        JobExecution retry = RetryRules.retryOf(ended(ExecutionStatus.FAILED, 0), List.of(), twice, T.plusSeconds(5))
                .orElseThrow();

        assertThat(retry.status()).isEqualTo(ExecutionStatus.QUEUED);
        assertThat(retry.executionNumber()).isEqualTo(2);
        assertThat(retry.retryAttempt()).isEqualTo(1);
        assertThat(retry.versionNumber()).isEqualTo(1);
        assertThat(retry.statusDetails()).isEmpty();
        assertThat(retry.queuedAt()).isEqualTo(T.plusSeconds(5));
        assertThat(RetryRules.retryOf(ended(ExecutionStatus.FAILED, 2),
                List.of(ExecutionStatus.FAILED, ExecutionStatus.FAILED), twice, T)).as("no retries left").isEmpty();
    }

    @Test
    void the_criterion_of_the_failure_type_wins_over_all() {
        List<JobConfig.RetryCriterion> criteria = List.of(new JobConfig.RetryCriterion(FailureType.ALL, 5),
                new JobConfig.RetryCriterion(FailureType.TIMED_OUT, 0));
        assertThat(RetryRules.retryOf(ended(ExecutionStatus.TIMED_OUT, 0), List.of(), criteria, T)).isEmpty();
        assertThat(RetryRules.retryOf(ended(ExecutionStatus.FAILED, 3), List.of(ExecutionStatus.FAILED,
                ExecutionStatus.TIMED_OUT, ExecutionStatus.FAILED), criteria, T)).isPresent();
    }

    @Test
    void each_failure_type_has_its_own_budget_and_all_shares_one() {
        List<JobConfig.RetryCriterion> separate = List.of(new JobConfig.RetryCriterion(FailureType.FAILED, 1),
                new JobConfig.RetryCriterion(FailureType.TIMED_OUT, 1));
        assertThat(RetryRules.retryOf(ended(ExecutionStatus.TIMED_OUT, 1), List.of(ExecutionStatus.FAILED), separate, T))
                .as("the FAILED retry does not use up TIMED_OUT's").isPresent();
        assertThat(RetryRules.retryOf(ended(ExecutionStatus.FAILED, 2),
                List.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT), separate, T)).isEmpty();
        List<JobConfig.RetryCriterion> shared = List.of(new JobConfig.RetryCriterion(FailureType.ALL, 2));
        assertThat(RetryRules.retryOf(ended(ExecutionStatus.FAILED, 2),
                List.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT), shared, T)).isEmpty();
    }

    @Test
    void rejected_succeeded_and_canceled_executions_are_not_retried() {
        List<JobConfig.RetryCriterion> all = List.of(new JobConfig.RetryCriterion(FailureType.ALL, 10));
        for (ExecutionStatus status : List.of(ExecutionStatus.REJECTED, ExecutionStatus.SUCCEEDED, ExecutionStatus.CANCELED)) {
            assertThat(RetryRules.retryOf(ended(status, 0), List.of(), all, T)).as(status.name()).isEmpty();
        }
    }
}
