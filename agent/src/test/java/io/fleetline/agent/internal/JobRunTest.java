package io.fleetline.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.protocol.jobs.JobExecutionState;
import io.fleetline.protocol.jobs.JobExecutionStatus;
import io.fleetline.protocol.jobs.JobsAnswer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How the agent reads a refused report: a version mismatch whose execution already holds what the agent sent means
 * the report went through and only its answer was lost (asked again under load); anything else is not done.
 */
class JobRunTest {
    private static final Map<String, String> DOWNLOADING = Map.of("step", "downloading", "progress", "40");

    private static JobsAnswer.Rejected mismatch(JobExecutionStatus status, Map<String, String> details) {
        return new JobsAnswer.Rejected(Optional.of("t-2"), "VersionMismatch", "expected version 3, is 4",
                Optional.of(new JobExecutionState(status, details, 4)));
    }

    @Test
    void a_step_report_the_server_already_holds_went_through() {
        assertThat(JobRun.wentThrough(JobExecutionStatus.IN_PROGRESS, DOWNLOADING,
                mismatch(JobExecutionStatus.IN_PROGRESS, Map.of("progress", "40", "step", "downloading")))).isTrue();
    }

    @Test
    void a_step_report_whose_details_differ_from_the_servers_did_not_go_through() {
        assertThat(JobRun.wentThrough(JobExecutionStatus.IN_PROGRESS, DOWNLOADING,
                mismatch(JobExecutionStatus.IN_PROGRESS, Map.of("step", "downloading", "progress", "20")))).isFalse();
    }

    @Test
    void an_end_the_server_already_holds_went_through_whatever_its_details() {
        assertThat(JobRun.wentThrough(JobExecutionStatus.SUCCEEDED, Map.of("step", "confirmed"),
                mismatch(JobExecutionStatus.SUCCEEDED, Map.of("step", "self-test")))).isTrue();
    }

    @Test
    void a_refusal_without_the_executions_state_did_not_go_through() {
        assertThat(JobRun.wentThrough(JobExecutionStatus.IN_PROGRESS, DOWNLOADING, new JobsAnswer.Rejected(
                Optional.empty(), "InvalidRequest", "bad", Optional.empty()))).isFalse();
    }

    @Test
    void an_execution_in_another_status_did_not_take_the_report() {
        assertThat(JobRun.wentThrough(JobExecutionStatus.SUCCEEDED, Map.of("step", "confirmed"),
                mismatch(JobExecutionStatus.IN_PROGRESS, Map.of("step", "confirmed")))).isFalse();
    }

    @Test
    void an_internal_error_or_throttling_is_sent_again_and_a_refusal_of_the_report_itself_is_not() {
        assertThat(JobRun.isTransient(new JobsAnswer.Rejected(Optional.empty(), "InternalError", "Internal error",
                Optional.empty()))).isTrue();
        assertThat(JobRun.isTransient(new JobsAnswer.Rejected(Optional.empty(), "RequestThrottled", "slow down",
                Optional.empty()))).isTrue();
        assertThat(JobRun.isTransient(new JobsAnswer.Rejected(Optional.empty(), "InvalidRequest", "bad details",
                Optional.empty()))).isFalse();
        assertThat(JobRun.isTransient(mismatch(JobExecutionStatus.IN_PROGRESS, DOWNLOADING))).isFalse();
    }
}
