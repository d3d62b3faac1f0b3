package io.fleetline.storage.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.device.DeviceUpdate;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.plan.HealthConfirmation;
import io.fleetline.jobs.plan.JobPlan;
import io.fleetline.jobs.plan.JobPlanService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Fleetline's rollout plans on a real database: cohorts, approvals, pause, health checks, retry backoff. */
abstract class PlanContract extends JobsFixture {

    private static JobPlan.Cohort cohort(String name, Integer count, Double percentage, double threshold, boolean approval) {
        return new JobPlan.Cohort(name, Optional.ofNullable(count), Optional.ofNullable(percentage), threshold, approval);
    }

    private static JobPlan cohorts(JobPlan.Cohort... cohorts) {
        return new JobPlan(List.of(cohorts), Optional.empty(), Optional.empty());
    }

    private List<String> released(String jobId) {
        return List.copyOf(statuses(jobId).keySet());
    }

    @Test
    void cohorts_roll_out_one_after_another_each_gated_by_its_threshold_and_approval() {
        List<String> fleet = things("car", 10);
        String group = group("cars", Optional.empty(), fleet);
        jobs.plans().put("waves", cohorts(cohort("canary", 2, null, 100, false), cohort("wave", null, 50.0, 80, true),
                cohort("rest", null, 100.0, 0, false)));
        createJob("waves", List.of(group), NO_CONFIG);

        tick();
        assertThat(released("waves")).containsExactly("car-000", "car-001");
        run("car-000", ExecutionStatus.SUCCEEDED);
        tick();
        assertThat(released("waves")).as("the canary is not done").hasSize(2);
        run("car-001", ExecutionStatus.SUCCEEDED);
        tick();
        JobPlanService.PlanView view = jobs.plans().get("waves");
        assertThat(view.state().awaitingApproval()).isTrue();
        assertThat(view.cohorts()).extracting(JobPlanService.CohortView::status).containsExactly(
                JobPlanService.CohortStatus.PASSED, JobPlanService.CohortStatus.AWAITING_APPROVAL,
                JobPlanService.CohortStatus.PENDING);
        assertThat(released("waves")).as("the wave waits for its approval").hasSize(2);

        jobs.plans().approve("waves");
        tick();
        assertThat(released("waves")).hasSize(7);
        for (int i = 2; i < 6; i++) {
            run(fleet.get(i), ExecutionStatus.SUCCEEDED);
        }
        run(fleet.get(6), ExecutionStatus.FAILED);  // 4 of 5: exactly the 80% threshold
        tick();
        assertThat(released("waves")).hasSize(10);
        assertThat(jobs.plans().get("waves").cohorts().get(1).succeeded()).isEqualTo(4);
        assertThatThrownBy(() -> jobs.plans().approve("waves")).isInstanceOfSatisfying(FleetlineException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE_TRANSITION));
    }

    @Test
    void a_cohort_below_its_threshold_pauses_the_rollout_until_an_operator_resumes_it() {
        List<String> fleet = things("hub", 6);
        createJob("careful", fleet.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG);
        jobs.plans().put("careful", cohorts(cohort("first", 3, null, 100, false), cohort("rest", null, 100.0, 0, false)));
        tick();
        run(fleet.get(0), ExecutionStatus.SUCCEEDED);
        run(fleet.get(1), ExecutionStatus.SUCCEEDED);
        run(fleet.get(2), ExecutionStatus.REJECTED);
        tick();
        var view = jobs.plans().get("careful");
        assertThat(view.state().paused()).isTrue();
        assertThat(view.state().pausedReason()).hasValueSatisfying(r -> assertThat(r).contains("first").contains("66.67%"));
        assertThat(view.cohorts().get(0).status()).isEqualTo(JobPlanService.CohortStatus.FELL_SHORT);
        advance(Duration.ofMinutes(10));
        tick();
        assertThat(released("careful")).hasSize(3);

        jobs.plans().resume("careful");
        tick();
        assertThat(released("careful")).hasSize(6);
    }

    @Test
    void any_job_can_be_paused_and_resumed_without_a_burst_of_what_the_pause_held_back() {
        List<String> fleet = things("lamp", 20);
        String group = group("lamps", Optional.empty(), fleet);
        createJob("slow", List.of(group), perMinute(5));
        tick();
        jobs.plans().pause("slow", Optional.of("investigating"));
        for (int i = 0; i < 36; i++) {
            advance(Duration.ofSeconds(5));
            tick();
        }
        assertThat(released("slow")).hasSize(5);
        assertThat(jobs.plans().get("slow").state().pausedReason()).contains("investigating");
        jobs.plans().resume("slow");
        advance(Duration.ofSeconds(1));
        tick();
        // three minutes paused: one minute's worth goes out, not three
        assertThat(released("slow")).hasSize(10);
    }

    @Test
    void success_counts_only_once_the_device_confirms_from_the_new_version() {
        List<String> fleet = things("cam", 2);
        jobs.plans().put("checked", new JobPlan(List.of(),
                Optional.of(new JobPlan.HealthCheck(30, Map.of("firmware", "2.1.0"))), Optional.empty()));
        createJob("checked", fleet.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG);
        tick();

        JobExecution held = run(fleet.get(0), ExecutionStatus.SUCCEEDED);
        assertThat(held.status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        assertThat(held.statusDetails()).containsEntry(HealthConfirmation.KEY, HealthConfirmation.AWAITING);
        assertThatThrownBy(() -> confirm(fleet.get(0), Map.of("firmware", "2.0.0")))
                .as("a report from the old version does not confirm").isInstanceOf(FleetlineException.class);
        JobExecution confirmed = confirm(fleet.get(0), Map.of("firmware", "2.1.0"));
        assertThat(confirmed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(confirmed.statusDetails()).containsEntry(HealthConfirmation.KEY, HealthConfirmation.CONFIRMED);

        run(fleet.get(1), ExecutionStatus.SUCCEEDED);  // then it never comes back
        advance(Duration.ofMinutes(30));
        tick();
        assertThat(statuses("checked")).containsEntry(fleet.get(1), ExecutionStatus.TIMED_OUT);
        assertThat(details("checked").count(ExecutionStatus.SUCCEEDED)).isEqualTo(1);
    }

    private JobExecution confirm(String thing, Map<String, String> details) {
        return jobs.device().update(thing, "checked", new DeviceUpdate(ExecutionStatus.SUCCEEDED, Optional.of(details),
                Optional.empty(), Optional.empty(), Optional.empty())).execution();
    }

    @Test
    void retries_wait_longer_each_time_and_devices_see_them_only_when_due() {
        String thing = things("pump", 1).get(0);
        jobs.plans().put("patient", new JobPlan(List.of(), Optional.empty(),
                Optional.of(new JobPlan.RetryBackoff(60, 2, 3600))));
        createJob("patient", List.of(thingArn(thing)), NO_CONFIG.withRetry(retries(FailureType.FAILED, 3)));
        tick();
        run(thing, ExecutionStatus.FAILED);

        assertThat(jobs.executions().describe("patient", thing, Optional.empty()).status()).isEqualTo(ExecutionStatus.QUEUED);
        assertThat(jobs.device().pending(thing).executions()).as("not before a minute").isEmpty();
        advance(Duration.ofSeconds(59));
        tick();
        assertThat(jobs.device().pending(thing).executions()).isEmpty();
        advance(Duration.ofSeconds(1));
        tick();
        assertThat(jobs.device().pending(thing).executions()).extracting(JobExecution::executionNumber).containsExactly(2L);

        run(thing, ExecutionStatus.FAILED);
        advance(Duration.ofSeconds(119));
        tick();
        assertThat(jobs.device().pending(thing).executions()).as("the second retry waits two minutes").isEmpty();
        advance(Duration.ofSeconds(1));
        tick();
        assertThat(jobs.device().pending(thing).executions()).extracting(JobExecution::executionNumber).containsExactly(3L);
    }

    @Test
    void a_plan_is_for_jobs_that_are_not_over() {
        String thing = things("t", 1).get(0);
        createJob("over", List.of(thingArn(thing)), NO_CONFIG);
        jobs.jobs().cancel("over", false, Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> jobs.plans().put("over", JobPlan.none())).isInstanceOfSatisfying(FleetlineException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE_TRANSITION));
        assertThatThrownBy(() -> jobs.plans().get("nothing")).isInstanceOfSatisfying(FleetlineException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));
    }
}
