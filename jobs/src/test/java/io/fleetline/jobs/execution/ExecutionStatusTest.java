package io.fleetline.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which transitions a device may make, checked for every pair of statuses. */
class ExecutionStatusTest {
    @Test
    void a_device_may_only_move_pending_executions_to_the_four_reportable_statuses() {
        Set<ExecutionStatus> reportable = EnumSet.of(ExecutionStatus.IN_PROGRESS, ExecutionStatus.SUCCEEDED,
                ExecutionStatus.FAILED, ExecutionStatus.REJECTED);
        for (ExecutionStatus from : ExecutionStatus.values()) {
            for (ExecutionStatus to : ExecutionStatus.values()) {
                boolean allowed = from.pending() && reportable.contains(to);
                assertThat(from.deviceMayMoveTo(to)).as(from + " -> " + to).isEqualTo(allowed);
            }
        }
    }

    @Test
    void queued_and_in_progress_are_pending_and_every_other_status_is_terminal() {
        for (ExecutionStatus status : ExecutionStatus.values()) {
            boolean pending = status == ExecutionStatus.QUEUED || status == ExecutionStatus.IN_PROGRESS;
            assertThat(status.pending()).as(status.name()).isEqualTo(pending);
            assertThat(status.terminal()).isEqualTo(!pending);
        }
    }

    @Test
    void the_guides_success_means_succeeded() {
        assertThat(ExecutionStatus.parse("SUCCESS")).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ExecutionStatus.parse("FAILED")).isEqualTo(ExecutionStatus.FAILED);
    }
}
