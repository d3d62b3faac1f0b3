package io.fleetline.jobs.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The next execution and what changes trigger notify and notify-next. */
class PendingJobsTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static JobExecution queued(String job, int second) {
        return JobExecution.queued(job, "lamp", T.plusSeconds(second));
    }

    @Test
    void in_progress_comes_first_then_the_oldest_queued() {
        JobExecution j1 = queued("j1", 1);
        JobExecution j2 = queued("j2", 2).with(ExecutionStatus.IN_PROGRESS, Map.of(), T.plusSeconds(3));
        assertThat(new PendingJobs("lamp", List.of(j1, j2)).next()).contains(j2);
        assertThat(new PendingJobs("lamp", List.of(j1, queued("j3", 5))).next()).contains(j1);
        assertThat(new PendingJobs("lamp", List.of()).next()).isEmpty();
    }

    @Test
    void notify_next_fires_when_another_execution_becomes_next_not_when_the_next_one_changes() {
        JobExecution j1 = queued("j1", 1);
        JobExecution j2 = queued("j2", 2);
        PendingJobs before = new PendingJobs("lamp", List.of(j1, j2));

        // the guide's example: J2 goes IN_PROGRESS while J1 stays QUEUED, so J2 is next now
        PendingJobs j2Started = new PendingJobs("lamp", List.of(j1, j2.with(ExecutionStatus.IN_PROGRESS, Map.of(), T)));
        assertThat(j2Started.nextDiffersFrom(before)).isTrue();
        assertThat(j2Started.listDiffersFrom(before)).isTrue();

        JobExecution j1Started = j1.with(ExecutionStatus.IN_PROGRESS, Map.of("step", "1"), T);
        PendingJobs progress = new PendingJobs("lamp", List.of(j1Started, j2));
        PendingJobs moreProgress = new PendingJobs("lamp",
                List.of(j1Started.with(ExecutionStatus.IN_PROGRESS, Map.of("step", "2"), T), j2));
        assertThat(moreProgress.nextDiffersFrom(progress)).as("same next, new details").isFalse();
        assertThat(moreProgress.listDiffersFrom(progress)).isFalse();
    }

    @Test
    void a_retry_of_the_same_job_is_another_execution_and_a_finished_one_leaves_the_list() {
        JobExecution failed = queued("j1", 1);
        JobExecution retry = new JobExecution("j1", "lamp", 2, ExecutionStatus.QUEUED, Map.of(), T.plusSeconds(9),
                java.util.Optional.empty(), T.plusSeconds(9), 1, false, 1, java.util.Optional.empty(),
                java.util.Optional.empty());
        PendingJobs first = new PendingJobs("lamp", List.of(failed));
        PendingJobs retried = new PendingJobs("lamp", List.of(retry));
        assertThat(retried.nextDiffersFrom(first)).as("execution number 2 is not number 1").isTrue();
        assertThat(retried.listDiffersFrom(first)).isTrue();

        PendingJobs empty = new PendingJobs("lamp", List.of());
        assertThat(empty.listDiffersFrom(first)).isTrue();
        assertThat(empty.nextDiffersFrom(first)).isTrue();
        assertThat(first.nextDiffersFrom(empty)).isTrue();
        assertThat(empty.nextDiffersFrom(new PendingJobs("lamp", List.of()))).isFalse();
    }

    @Test
    void the_list_after_a_write_is_the_list_read_again() {
        JobExecution j1 = queued("j1", 1);
        JobExecution j2 = queued("j2", 2);
        PendingJobs before = new PendingJobs("lamp", List.of(j1, j2));

        JobExecution started = j2.with(ExecutionStatus.IN_PROGRESS, Map.of(), T.plusSeconds(9));
        assertThat(before.after(started)).contains(new PendingJobs("lamp", List.of(j1, started)));
        JobExecution succeeded = j1.with(ExecutionStatus.SUCCEEDED, Map.of(), T.plusSeconds(9));
        assertThat(before.after(succeeded)).contains(new PendingJobs("lamp", List.of(j2)));
        JobExecution ended = queued("j3", 3).with(ExecutionStatus.FAILED, Map.of(), T.plusSeconds(9));
        assertThat(before.after(ended)).as("an ended execution that was not listed").contains(before);
    }

    @Test
    void a_write_that_adds_to_the_list_or_moves_in_it_needs_a_read() {
        PendingJobs before = new PendingJobs("lamp", List.of(queued("j1", 1)));
        assertThat(before.after(queued("j2", 2))).isEmpty();
        assertThat(before.after(queued("j1", 7))).as("queued again later: its place moved").isEmpty();
    }
}
