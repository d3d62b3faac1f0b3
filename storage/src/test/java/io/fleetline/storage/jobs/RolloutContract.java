package io.fleetline.storage.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The rollout engine on a real database, driven by a manual clock: per-minute budgets, ramps, aborts, schedules,
 * restarts and the upgrade from the token bucket.
 */
abstract class RolloutContract extends JobsFixture {

    @Test
    void a_constant_rate_releases_a_minutes_worth_at_once_then_a_minutes_worth_each_minute_in_target_order() {
        List<String> fleet = things("lamp", 30);
        String group = group("lamps", Optional.empty(), fleet);
        createJob("steady", List.of(group), perMinute(10));
        Instant start = clock.instant();

        tick();
        assertThat(statuses("steady").keySet()).as("the first ten at once").containsExactlyElementsOf(fleet.subList(0, 10));
        for (int second = 6; second < 60; second += 6) {
            advance(Duration.ofSeconds(6));
            tick();
        }
        assertThat(details("steady").notified()).as("nothing more within that minute").isEqualTo(10);
        advance(Duration.ofSeconds(6));
        tick();
        assertThat(details("steady").notified()).as("a minute later").isEqualTo(20);
        for (int second = 66; second <= 120; second += 6) {
            advance(Duration.ofSeconds(6));
            tick();
        }
        assertThat(statuses("steady").keySet()).containsExactlyElementsOf(fleet);
        assertThat(queuedTimes("steady")).as("one minute apart")
                .containsOnly(start, start.plusSeconds(60), start.plusSeconds(120));
    }

    @Test
    void no_minute_holds_more_than_the_rate_whatever_the_ticks_and_restarts() {
        List<String> fleet = things("tap", 80);
        String group = group("taps", Optional.empty(), fleet);
        createJob("paced", List.of(group), perMinute(7));
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            tick();
            if (random.nextInt(40) == 0) {
                restart();
            }
            advance(Duration.ofMillis(random.nextInt(10) == 0 ? random.nextInt(20) : random.nextInt(4_000)));
        }
        List<Instant> queued = queuedTimes("paced");
        assertThat(queued).hasSizeGreaterThan(50);
        for (Instant from : queued) {
            assertThat(queued.stream().filter(q -> !q.isBefore(from) && q.isBefore(from.plusSeconds(60))).count())
                    .as("releases in the minute from %s", from).isLessThanOrEqualTo(7);
        }
    }

    @Test
    void the_exponential_rate_doubles_as_things_succeed_and_the_new_minutes_worth_goes_at_once() {
        List<String> fleet = things("meter", 40);
        String group = group("meters", Optional.empty(), fleet);
        createJob("ramp", List.of(group), NO_CONFIG.withRollout(new JobConfig.Rollout(Optional.of(40),
                Optional.of(new JobConfig.ExponentialRate(6, 2.0, Optional.empty(), Optional.of(3))))));

        tick();
        assertThat(details("ramp").notified()).as("the base rate's minute at once").isEqualTo(6);
        for (int i = 0; i < 6; i++) {
            advance(Duration.ofSeconds(10));
            tick();
        }
        assertThat(details("ramp").notified()).as("and another a minute later").isEqualTo(12);
        statuses("ramp").keySet().stream().limit(3).forEach(thing -> run(thing, ExecutionStatus.SUCCEEDED));
        advance(Duration.ofSeconds(10));
        tick();
        assertThat(details("ramp").notified()).as("three succeeded: 12 a minute, 6 of them used").isEqualTo(18);
        for (int i = 0; i < 5; i++) {
            advance(Duration.ofSeconds(10));
            tick();
        }
        assertThat(details("ramp").notified()).as("the places of the minute before come free").isEqualTo(24);
    }

    @Test
    void the_job_aborts_when_ten_percent_of_twenty_executed_things_failed() {
        List<String> fleet = things("hub", 30);
        String group = group("hubs", Optional.empty(), fleet);
        createJob("risky", List.of(group), NO_CONFIG.withAbort(List.of(
                new JobConfig.AbortCriterion(FailureType.FAILED, 10, 20))));
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
        createJob("small", fleet.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG);
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
        createJob("later", fleet.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG.withScheduling(
                JobConfig.Scheduling.of(Optional.of("2026-06-01T13:00"), Optional.of("2026-06-01T14:00"),
                        Optional.of(JobConfig.EndBehavior.CANCEL), List.of())));
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
        createJob("nightly", fleet.stream().map(JobsFixture::thingArn).toList(), NO_CONFIG.withScheduling(
                windows(new JobConfig.MaintenanceWindow("cron(0 13 * * ? *)", 30))));
        tick();
        assertThat(statuses("nightly")).isEmpty();
        advance(Duration.ofMinutes(61));
        tick();
        assertThat(statuses("nightly")).hasSize(5);
    }

    @Test
    void a_maintenance_window_opening_releases_a_minutes_worth_at_once_then_the_rate() {
        List<String> fleet = things("door", 8);
        // the clock starts at 12:00; the window opens at 13:00 for half an hour
        createJob("windowed", List.of(group("doors", Optional.empty(), fleet)), perMinute(3).withScheduling(
                windows(new JobConfig.MaintenanceWindow("cron(0 13 * * ? *)", 30))));
        tick();
        assertThat(statuses("windowed")).isEmpty();
        advance(Duration.ofMinutes(60));
        tick();
        assertThat(statuses("windowed").keySet()).containsExactlyElementsOf(fleet.subList(0, 3));
        advance(Duration.ofSeconds(30));
        tick();
        assertThat(details("windowed").notified()).isEqualTo(3);
        advance(Duration.ofSeconds(30));
        tick();
        assertThat(details("windowed").notified()).isEqualTo(6);
    }

    @Test
    void a_restart_keeps_the_minutes_budget_and_a_long_stop_brings_no_more_than_a_minutes_worth() {
        List<String> fleet = things("node", 50);
        String group = group("nodes", Optional.empty(), fleet);
        createJob("resumed", List.of(group), perMinute(12));
        tick();
        assertThat(details("resumed").notified()).isEqualTo(12);

        advance(Duration.ofSeconds(30));
        restart();
        tick();
        assertThat(details("resumed").notified()).as("the restart did not start a new minute").isEqualTo(12);
        advance(Duration.ofSeconds(30));
        tick();
        assertThat(details("resumed").notified()).isEqualTo(24);

        restart();
        advance(Duration.ofMinutes(30));  // down for half an hour
        tick();
        assertThat(details("resumed").notified()).as("a minute's worth at once, not half an hour's").isEqualTo(36);
        for (int i = 0; i < 11; i++) {
            advance(Duration.ofSeconds(5));
            tick();
        }
        assertThat(details("resumed").notified()).isEqualTo(36);
        advance(Duration.ofSeconds(5));
        tick();
        assertThat(details("resumed").notified()).as("then 12 a minute again").isEqualTo(48);
        assertThat(statuses("resumed").keySet()).containsExactlyElementsOf(fleet.subList(0, 48));
    }

    @Test
    void a_job_rolling_out_when_the_server_is_upgraded_releases_no_more_in_its_last_refills_minute() throws Exception {
        // a database as the release before the per-minute budget left it, a job half-way through its token bucket
        long refilledAt = clock.millis() - 20_000;
        startOver(url -> {
            migrateTo(url, "9");
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("INSERT INTO job (job_id, status, target_selection, targets, document, description, config,"
                        + " force_canceled, created_at, last_updated_at, document_parameters, rollout_rate,"
                        + " rollout_allowance, rollout_refilled_at, rollout_notified_mark, rollout_succeeded_mark)"
                        + " VALUES ('old', 'IN_PROGRESS', 'SNAPSHOT', '[]', '{}', NULL,"
                        + " '{\"jobExecutionsRolloutConfig\": {\"maximumPerMinute\": 6}}', 0, " + refilledAt + ", "
                        + refilledAt + ", '{}', 6, 0.5, " + refilledAt + ", 0, 0)");
                for (int i = 0; i < 10; i++) {
                    s.execute("INSERT INTO job_execution (job_id, thing_name, seq, status, execution_number,"
                            + " status_details, version_number, force_canceled, retry_attempt) VALUES ('old', 'box-" + i
                            + "', " + (i + 1) + ", 'WAITING', 1, '{}', 0, 0, 0)");
                }
            }
        });

        tick();
        assertThat(details("old").notified()).as("the minute after its last refill counts as spent").isZero();
        advance(Duration.ofSeconds(40));
        tick();
        assertThat(details("old").notified()).as("then its rate as usual").isEqualTo(6);
    }

    /** Execution queue times, earliest first. */
    List<Instant> queuedTimes(String jobId) {
        return jobs.executions().listForJob(jobId, Optional.empty(), PageRequest.of(250, null, 250)).items().stream()
                .map(JobExecution::queuedAt).sorted().toList();
    }

    /** Brings a new database only up to {@code version}, as an earlier release of Fleetline left it. */
    private static void migrateTo(String url, String version) throws Exception {
        java.util.regex.Matcher schema = java.util.regex.Pattern.compile("[?&]currentSchema=(\\w+)").matcher(url);
        if (schema.find()) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema.group(1));
            }
        }
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target(version).load()
                .migrate();
    }
}
