package io.fleetline.storage.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.device.DeviceJobs;
import io.fleetline.jobs.device.DeviceUpdate;
import io.fleetline.jobs.execution.ExecutionStateException;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.JobConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Executions through the device API and the control plane: transitions, versions, timers, retries. */
abstract class ExecutionContract extends JobsFixture {

    private DeviceUpdate update(ExecutionStatus status, Optional<Long> expectedVersion, Optional<Long> stepTimeout) {
        return new DeviceUpdate(status, Optional.empty(), expectedVersion, Optional.empty(), stepTimeout);
    }

    @Test
    void a_device_starts_reports_progress_and_finishes_with_versions_counting_up() {
        String thing = things("cam", 1).get(0);
        createJob("fw", List.of(thingArn(thing)), NO_CONFIG);
        tick();

        DeviceJobs.Execution started = jobs.device().startNext(thing, Optional.of(Map.of("step", "download")),
                Optional.empty()).orElseThrow();
        assertThat(started.execution().status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        assertThat(started.execution().versionNumber()).isEqualTo(2);
        assertThat(started.execution().startedAt()).contains(clock.instant());
        assertThat(started.document().text()).isEqualTo("{\"operation\":\"update\"}");

        JobExecution progress = jobs.device().update(thing, "fw", new DeviceUpdate(ExecutionStatus.IN_PROGRESS,
                Optional.of(Map.of("progress", "50%")), Optional.of(2L), Optional.empty(), Optional.empty())).execution();
        assertThat(progress.versionNumber()).isEqualTo(3);
        assertThat(progress.statusDetails()).containsExactly(Map.entry("progress", "50%"));

        JobExecution done = jobs.device().update(thing, "fw", update(ExecutionStatus.SUCCEEDED, Optional.of(3L),
                Optional.empty())).execution();
        assertThat(done.statusDetails()).as("kept when not given").containsExactly(Map.entry("progress", "50%"));
        assertThat(jobs.executions().describe("fw", thing, Optional.empty()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(jobs.device().startNext(thing, Optional.empty(), Optional.empty())).as("nothing pending").isEmpty();
    }

    @Test
    void wrong_versions_impossible_transitions_and_unknown_executions_are_refused() {
        String thing = things("cam", 1).get(0);
        createJob("fw", List.of(thingArn(thing)), NO_CONFIG);
        tick();
        run(thing, ExecutionStatus.IN_PROGRESS);

        assertThatThrownBy(() -> jobs.device().update(thing, "fw", update(ExecutionStatus.SUCCEEDED, Optional.of(1L),
                Optional.empty())))
                .isInstanceOfSatisfying(ExecutionStateException.class, e -> {
                    assertThat(e.versionMismatch()).isTrue();
                    assertThat(e.execution().versionNumber()).isEqualTo(2);
                });
        JobExecution done = report(thing, "fw", ExecutionStatus.SUCCEEDED);
        assertThat(done.versionNumber()).as("a refused update changes nothing").isEqualTo(3);
    }

    @Test
    void concurrent_requests_of_one_device_are_taken_one_after_the_other_beside_its_neighbours() throws Exception {
        List<String> things = things("cam", 20);
        createJob("fw", things.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG);
        tick();
        things.forEach(thing -> run(thing, ExecutionStatus.IN_PROGRESS));

        // every device sends the same versioned update twice at once, its neighbours theirs at the same time:
        // exactly one of each pair may win, whatever the store's isolation
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> outcomes = new java.util.ArrayList<>();
        try {
            for (String thing : things) {
                for (int copy = 0; copy < 2; copy++) {
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        try {
                            jobs.device().update(thing, "fw", update(ExecutionStatus.SUCCEEDED, Optional.of(2L),
                                    Optional.empty()));
                            return true;
                        } catch (ExecutionStateException refused) {
                            return false;
                        }
                    }));
                }
            }
            go.countDown();
            for (int i = 0; i < outcomes.size(); i += 2) {
                assertThat(List.of(outcomes.get(i).get(), outcomes.get(i + 1).get()))
                        .as("one of the two copies for " + things.get(i / 2)).containsExactlyInAnyOrder(true, false);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String thing : things) {
            JobExecution done = jobs.executions().describe("fw", thing, Optional.empty());
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.versionNumber()).as("written once").isEqualTo(3);
        }
    }

    @Test
    void a_terminal_execution_cannot_move_and_is_not_described_to_the_device() {
        String thing = things("cam", 1).get(0);
        createJob("fw", List.of(thingArn(thing)), NO_CONFIG);
        tick();
        report(thing, "fw", ExecutionStatus.SUCCEEDED);

        assertThatThrownBy(() -> report(thing, "fw", ExecutionStatus.IN_PROGRESS))
                .isInstanceOfSatisfying(ExecutionStateException.class, e -> {
                    assertThat(e.versionMismatch()).isFalse();
                    assertThat(e.execution().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                });
        assertThatThrownBy(() -> jobs.device().describe(thing, "fw", Optional.empty()))
                .isInstanceOfSatisfying(FleetlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TERMINAL_STATE));
        assertThatThrownBy(() -> report(thing, "no-such-job", ExecutionStatus.IN_PROGRESS))
                .isInstanceOfSatisfying(FleetlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));
        assertThatThrownBy(() -> jobs.device().update(thing, "fw", update(ExecutionStatus.QUEUED, Optional.empty(),
                Optional.empty()))).isInstanceOf(ExecutionStateException.class);
    }

    @Test
    void next_is_the_in_progress_execution_first_then_the_oldest_queued() {
        String thing = things("cam", 1).get(0);
        createJob("first", List.of(thingArn(thing)), NO_CONFIG);
        tick();
        advance(Duration.ofSeconds(1));
        createJob("second", List.of(thingArn(thing)), NO_CONFIG);
        tick();
        assertThat(jobs.device().describe(thing, DeviceJobs.NEXT, Optional.empty()).orElseThrow().execution().jobId())
                .isEqualTo("first");
        report(thing, "second", ExecutionStatus.IN_PROGRESS);
        assertThat(jobs.device().describe(thing, DeviceJobs.NEXT, Optional.empty()).orElseThrow().execution().jobId())
                .isEqualTo("second");
        var pending = jobs.device().pending(thing);
        assertThat(pending.inProgress()).extracting(JobExecution::jobId).containsExactly("second");
        assertThat(pending.queued()).extracting(JobExecution::jobId).containsExactly("first");
    }

    @Test
    void the_in_progress_timer_and_the_step_timer_time_executions_out() {
        List<String> fleet = things("dev", 3);
        createJob("slow", fleet.stream().map(JobsFixture::thingArn).toList(),
                inProgressTimeout(30));
        tick();
        run(fleet.get(0), ExecutionStatus.IN_PROGRESS);
        jobs.device().startNext(fleet.get(1), Optional.empty(), Optional.of(5L));
        jobs.device().startNext(fleet.get(2), Optional.empty(), Optional.of(5L));
        jobs.device().update(fleet.get(2), "slow", update(ExecutionStatus.IN_PROGRESS, Optional.empty(), Optional.of(-1L)));
        assertThat(jobs.executions().describe("slow", fleet.get(1), Optional.empty()).secondsBeforeTimedOut(clock.instant()))
                .contains(300L);

        advance(Duration.ofMinutes(5));
        tick();
        assertThat(statuses("slow")).containsExactly(Map.entry(fleet.get(0), ExecutionStatus.IN_PROGRESS),
                Map.entry(fleet.get(1), ExecutionStatus.TIMED_OUT), Map.entry(fleet.get(2), ExecutionStatus.IN_PROGRESS));

        advance(Duration.ofMinutes(25));
        tick();
        assertThat(statuses("slow").values()).containsOnly(ExecutionStatus.TIMED_OUT);
        assertThat(details("slow").count(ExecutionStatus.TIMED_OUT)).isEqualTo(3);
    }

    @Test
    void failed_and_timed_out_executions_are_retried_and_counted_once_per_thing() {
        String thing = things("cam", 1).get(0);
        createJob("again", List.of(thingArn(thing)), inProgressTimeout(10).withRetry(List.of(
                new JobConfig.RetryCriterion(FailureType.FAILED, 1), new JobConfig.RetryCriterion(FailureType.TIMED_OUT, 1))));
        tick();
        run(thing, ExecutionStatus.FAILED);
        JobExecution second = jobs.executions().describe("again", thing, Optional.empty());
        assertThat(second.executionNumber()).isEqualTo(2);
        assertThat(second.retryAttempt()).isEqualTo(1);
        assertThat(second.status()).isEqualTo(ExecutionStatus.QUEUED);
        assertThat(jobs.executions().describe("again", thing, Optional.of(1L)).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(details("again").count(ExecutionStatus.FAILED)).as("the thing is counted by its latest attempt").isZero();

        run(thing, ExecutionStatus.IN_PROGRESS);
        advance(Duration.ofMinutes(10));
        tick();
        JobExecution third = jobs.executions().describe("again", thing, Optional.empty());
        assertThat(third.executionNumber()).as("TIMED_OUT has its own retry").isEqualTo(3);
        run(thing, ExecutionStatus.FAILED);
        assertThat(jobs.executions().describe("again", thing, Optional.empty()).status())
                .as("FAILED's one retry is used up").isEqualTo(ExecutionStatus.FAILED);
        tick();
        assertThat(jobs.jobs().describe("again").status()).isEqualTo(io.fleetline.jobs.job.JobStatus.COMPLETED);
    }

    @Test
    void the_control_plane_cancels_queued_executions_and_in_progress_ones_only_with_force() {
        List<String> fleet = things("cam", 2);
        createJob("fw", fleet.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG);
        tick();
        run(fleet.get(0), ExecutionStatus.IN_PROGRESS);

        assertThatThrownBy(() -> jobs.executions().cancel("fw", fleet.get(0), false, Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(FleetlineException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE_TRANSITION));
        assertThatThrownBy(() -> jobs.executions().cancel("fw", fleet.get(0), true, Optional.of(1L), Optional.empty()))
                .isInstanceOfSatisfying(FleetlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT));
        jobs.executions().cancel("fw", fleet.get(0), true, Optional.of(2L), Optional.of(Map.of("by", "operator")));
        jobs.executions().cancel("fw", fleet.get(1), false, Optional.empty(), Optional.empty());

        JobExecution forced = jobs.executions().describe("fw", fleet.get(0), Optional.empty());
        assertThat(forced.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(forced.forceCanceled()).isTrue();
        assertThat(forced.statusDetails()).containsEntry("by", "operator");
        assertThatThrownBy(() -> report(fleet.get(0), "fw", ExecutionStatus.SUCCEEDED))
                .as("the device can no longer update it").isInstanceOf(ExecutionStateException.class);
        assertThatThrownBy(() -> jobs.executions().cancel("fw", fleet.get(1), false, Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(FleetlineException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE_TRANSITION));
    }

    @Test
    void only_terminal_executions_are_deleted_without_force() {
        List<String> fleet = things("cam", 2);
        createJob("fw", fleet.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG);
        tick();
        report(fleet.get(0), "fw", ExecutionStatus.SUCCEEDED);

        assertThatThrownBy(() -> jobs.executions().delete("fw", fleet.get(1), 1, false))
                .isInstanceOfSatisfying(FleetlineException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE_TRANSITION));
        jobs.executions().delete("fw", fleet.get(0), 1, false);
        jobs.executions().delete("fw", fleet.get(1), 1, true);
        assertThat(statuses("fw")).isEmpty();
        assertThatThrownBy(() -> jobs.executions().describe("fw", fleet.get(0), Optional.empty()))
                .isInstanceOfSatisfying(FleetlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));
    }
}
