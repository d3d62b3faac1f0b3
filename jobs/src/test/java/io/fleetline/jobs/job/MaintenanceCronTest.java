package io.fleetline.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.FleetlineException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Maintenance windows in AWS's cron syntax: when they are open, and when they open next. */
class MaintenanceCronTest {
    @Test
    void a_nightly_window_is_open_for_its_duration_from_its_start() {
        JobConfig.MaintenanceWindow nightly = new JobConfig.MaintenanceWindow("cron(0 2 * * ? *)", 60);

        assertThat(nightly.isOpen(Instant.parse("2026-03-04T01:59:59Z"))).isFalse();
        assertThat(nightly.isOpen(Instant.parse("2026-03-04T02:00:00Z"))).isTrue();
        assertThat(nightly.isOpen(Instant.parse("2026-03-04T02:59:59Z"))).isTrue();
        assertThat(nightly.isOpen(Instant.parse("2026-03-04T03:00:00Z"))).isFalse();
    }

    @Test
    void days_of_the_week_count_from_sunday_and_the_wrapper_is_optional() {
        // 2026-03-07 is a Saturday
        JobConfig.MaintenanceWindow saturdays = new JobConfig.MaintenanceWindow("30 22 ? * SAT *", 120);
        assertThat(saturdays.isOpen(Instant.parse("2026-03-07T23:00:00Z"))).isTrue();
        assertThat(saturdays.isOpen(Instant.parse("2026-03-08T00:29:00Z"))).as("into Sunday").isTrue();
        assertThat(saturdays.isOpen(Instant.parse("2026-03-06T23:00:00Z"))).isFalse();
        assertThat(new JobConfig.MaintenanceWindow("cron(30 22 ? * 7 *)", 120).isOpen(Instant.parse("2026-03-07T23:00:00Z")))
                .as("7 is Saturday").isTrue();
    }

    @Test
    void the_next_starts_are_listed_in_order() {
        JobConfig.MaintenanceWindow hourly = new JobConfig.MaintenanceWindow("cron(15 * * * ? *)", 10);
        assertThat(hourly.nextStarts(Instant.parse("2026-03-04T10:20:00Z"), 3)).containsExactly(
                Instant.parse("2026-03-04T11:15:00Z"), Instant.parse("2026-03-04T12:15:00Z"),
                Instant.parse("2026-03-04T13:15:00Z"));
    }

    @Test
    void malformed_expressions_are_invalid_requests() {
        assertThatThrownBy(() -> new JobConfig.MaintenanceWindow("every night", 10)).isInstanceOf(FleetlineException.class);
        assertThatThrownBy(() -> new JobConfig.MaintenanceWindow("cron(0 2 * * * *)", 10))
                .as("both day fields given").isInstanceOf(FleetlineException.class);
    }
}
