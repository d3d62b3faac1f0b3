package io.fleetline.storage.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.job.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rollout engine on a real database, driven by a manual clock: rates, ramps, aborts, schedules, restarts. */
abstract class RolloutContract extends JobsFixture {

    @Test
    void a_constant_rate_releases_in_target_order_at_that_rate() {
        List<String> fleet = things("lamp", 30);
        String group = group("lamps", Optional.empty(), fleet);
        createJob("steady", List.of(group), "{\"jobExecutionsRolloutConfig\": {\"maximumPerMinute\": 10}}");

        tick();
        assertThat(statuses("steady")).containsOnlyKeys("lamp-000");
        for (int second = 6; second <= 120; second += 6) {
            advance(Duration.ofSeconds(6));
            tick();
        }
        // one at once, then ten a minute for two minutes
        assertThat(details("steady").notified()).isEqualTo(21);
        assertThat(statuses("steady").keySet()).containsExactlyElementsOf(fleet.subList(0, 21));
    }

    @Test
    void the_exponential_rate_doubles_as_things_succeed() {
        List<String> fleet = things("meter", 40);
        String group = group("meters", Optional.empty(), fleet);
        createJob("ramp", List.of(group), """
                {"jobExecutionsRolloutConfig": {"maximumPerMinute": 40, "exponentialRate": {"baseRatePerMinute": 6,
                  "incrementFactor": 2.0, "rateIncreaseCriteria": {"numberOfSucceededThings": 3}}}}""");

        tick();
        for (int i = 0; i < 6; i++) {
            advance(Duration.ofSeconds(10));
            tick();
        }
        assertThat(details("ramp").notified()).as("6 a minute for a minute, plus the first").isEqualTo(7);
        statuses("ramp").keySet().stream().limit(3).forEach(thing -> run(thing, ExecutionStatus.SUCCEEDED));
        for (int i = 0; i < 6; i++) {
            advance(Duration.ofSeconds(10));
            tick();
        }
        // three succeeded: 12 a minute now
        assertThat(details("ramp").notified()).isBetween(18L, 20L);
    }

    @Test
    void the_job_aborts_when_ten_percent_of_twenty_executed_things_failed() {
        List<String> fleet = things("hub", 30);
        String group = group("hubs", Optional.empty(), fleet);
        createJob("risky", List.of(group), """
                {"abortConfig": {"criteriaList": [{"failureType": "FAILED", "action": "CANCEL",
                  "thresholdPercentage": 10, "minNumberOfExecutedThings": 20}]}}""");
        tick();
        for (int i = 0; i < 18; i++) {
            run(fleet.get(i), ExecutionStatus.SUCCEEDED);
        }
        run(fleet.get(18), ExecutionStatus.FAILED);
        tick();
        assertThat(jobs.jobs().describe("risky").status()).as("19 executed: too few to judge").isEqualTo(JobStatus.IN_PROGRESS);

        run(fleet.get(19), ExecutionStatus.FAILED);
        run(fleet.get(20), ExecutionStatus.IN_PROGRESS);
        tick();

        var job = jobs.jobs().describe("risky");
        assertThat(job.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(job.comment()).hasValueSatisfying(c -> assertThat(c).contains("2 of 20"));
        var details = details("risky");
        assertThat(details.count(ExecutionStatus.CANCELED)).as("the queued ones").isEqualTo(9);
        assertThat(details.count(ExecutionStatus.IN_PROGRESS)).as("a running one carries on").isEqualTo(1);
        assertThat(details.count(ExecutionStatus.SUCCEEDED)).isEqualTo(18);
    }

    @Test
    void a_snapshot_job_completes_when_every_execution_ended() {
        List<String> fleet = things("valve", 3);
        createJob("small", fleet.stream().map(JobsFixture::thingArn).toList(), "{}");
        tick();
        run(fleet.get(0), ExecutionStatus.SUCCEEDED);
        run(fleet.get(1), ExecutionStatus.REJECTED);
        tick();
        assertThat(jobs.jobs().describe("small").status()).isEqualTo(JobStatus.IN_PROGRESS);

        run(fleet.get(2), ExecutionStatus.FAILED);
        tick();
        var job = jobs.jobs().describe("small");
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.completedAt()).contains(clock.instant());
    }

    @Test
    void a_scheduled_job_waits_for_its_start_and_its_end_cancels_it() {
        List<String> fleet = things("pump", 4);
        createJob("later", fleet.stream().map(JobsFixture::thingArn).toList(), """
                {"schedulingConfig": {"startTime": "2026-06-01T13:00", "endTime": "2026-06-01T14:00",
                  "endBehavior": "CANCEL"}}""");
        tick();
        assertThat(jobs.jobs().describe("later").status()).isEqualTo(JobStatus.SCHEDULED);
        assertThat(statuses("later")).isEmpty();

        advance(Duration.ofMinutes(60));
        tick();
        assertThat(jobs.jobs().describe("later").status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(statuses("later")).hasSize(4);
        run(fleet.get(0), ExecutionStatus.IN_PROGRESS);

        advance(Duration.ofMinutes(60));
        tick();
        assertThat(jobs.jobs().describe("later").status()).isEqualTo(JobStatus.CANCELED);
        assertThat(statuses("later").values()).containsOnly(ExecutionStatus.IN_PROGRESS, ExecutionStatus.CANCELED);
    }

    @Test
    void executions_are_released_only_inside_maintenance_windows() {
        List<String> fleet = things("gate", 5);
        // the clock starts at 12:00; the window opens at 13:00 for half an hour
        createJob("nightly", fleet.stream().map(JobsFixture::thingArn).toList(), """
                {"schedulingConfig": {"maintenanceWindows": [{"startTime": "cron(0 13 * * ? *)",
                  "durationInMinutes": 30}]}}""");
        tick();
        assertThat(statuses("nightly")).isEmpty();
        advance(Duration.ofMinutes(61));
        tick();
        assertThat(statuses("nightly")).hasSize(5);
    }

    @Test
    void a_restart_mid_rollout_resumes_the_same_rate_without_a_burst() {
        List<String> fleet = things("node", 50);
        String group = group("nodes", Optional.empty(), fleet);
        createJob("resumed", List.of(group), "{\"jobExecutionsRolloutConfig\": {\"maximumPerMinute\": 12}}");
        tick();
        for (int i = 0; i < 6; i++) {
            advance(Duration.ofSeconds(5));
            tick();
        }
        assertThat(details("resumed").notified()).isEqualTo(7);

        restart();
        advance(Duration.ofMinutes(30));  // down for half an hour
        tick();
        assertThat(details("resumed").notified()).as("at most ten seconds' worth at once").isEqualTo(9);
        for (int i = 0; i < 12; i++) {
            advance(Duration.ofSeconds(5));
            tick();
        }
        assertThat(details("resumed").notified()).as("then 12 a minute again").isEqualTo(21);
        assertThat(statuses("resumed").keySet()).containsExactlyElementsOf(fleet.subList(0, 21));
    }
}
