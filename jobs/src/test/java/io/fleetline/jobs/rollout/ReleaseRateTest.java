package io.fleetline.jobs.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobConfigJson;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The release rate: a token bucket with a small burst, and the exponential ramp. */
class ReleaseRateTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static JobConfig config(String rollout) throws Exception {
        return JobConfigJson.read(new ObjectMapper().readTree("{\"jobExecutionsRolloutConfig\": " + rollout + "}"));
    }

    /** Simulates ticks every {@code tick} for {@code total} and returns how many were released. */
    private static long released(JobConfig config, Duration tick, Duration total) {
        RolloutState state = ReleaseRate.initial(config, T0);
        long released = 0;
        for (Instant t = T0; !t.isAfter(T0.plus(total)); t = t.plus(tick)) {
            state = ReleaseRate.refill(state, t);
            long now = ReleaseRate.releasable(state);
            released += now;
            state = ReleaseRate.spent(state, now);
        }
        return released;
    }

    @Test
    void a_constant_rate_releases_within_two_percent_of_it_whatever_the_tick() throws Exception {
        JobConfig sixty = config("{\"maximumPerMinute\": 60}");
        // one at once, then one a second: 601 in ten minutes
        assertThat(released(sixty, Duration.ofSeconds(1), Duration.ofMinutes(10))).isEqualTo(601);
        assertThat(released(sixty, Duration.ofMillis(700), Duration.ofMinutes(10))).isBetween(588L, 613L);
        assertThat(released(config("{\"maximumPerMinute\": 1000}"), Duration.ofSeconds(1), Duration.ofMinutes(10)))
                .isBetween(9800L, 10200L);
        assertThat(released(config("{\"maximumPerMinute\": 5}"), Duration.ofSeconds(1), Duration.ofMinutes(12)))
                .isEqualTo(61);
    }

    @Test
    void a_pause_does_not_release_a_burst_afterwards() throws Exception {
        RolloutState state = ReleaseRate.initial(config("{\"maximumPerMinute\": 600}"), T0);
        state = ReleaseRate.spent(state, ReleaseRate.releasable(state));
        // the server was down for an hour: at most ten seconds' worth (100) may go at once
        state = ReleaseRate.refill(state, T0.plus(Duration.ofHours(1)));
        assertThat(ReleaseRate.releasable(state)).isEqualTo(100);
    }

    @Test
    void without_a_rollout_config_everything_is_released_at_once() {
        RolloutState state = ReleaseRate.refill(ReleaseRate.initial(JobConfig.none(), T0), T0);
        assertThat(ReleaseRate.releasable(state)).isEqualTo(Long.MAX_VALUE);
        assertThat(ReleaseRate.spent(state, 1_000_000).allowance()).isInfinite();
    }

    @Test
    void the_exponential_rate_steps_up_each_time_its_criteria_are_met_up_to_the_maximum() throws Exception {
        JobConfig config = config("{\"maximumPerMinute\": 50, \"exponentialRate\": {\"baseRatePerMinute\": 5,"
                + " \"incrementFactor\": 2.0, \"rateIncreaseCriteria\": {\"numberOfNotifiedThings\": 10,"
                + " \"numberOfSucceededThings\": 4}}}");
        RolloutState state = ReleaseRate.initial(config, T0);
        assertThat(state.ratePerMinute()).isEqualTo(5);

        state = ReleaseRate.ramp(state, config, 9, 3);
        assertThat(state.ratePerMinute()).as("neither criterion met yet").isEqualTo(5);
        state = ReleaseRate.ramp(state, config, 9, 4);
        assertThat(state.ratePerMinute()).as("four succeeded").isEqualTo(10);
        state = ReleaseRate.ramp(state, config, 12, 6);
        assertThat(state.ratePerMinute()).as("counts restart from the last step").isEqualTo(10);
        state = ReleaseRate.ramp(state, config, 19, 6);
        assertThat(state.ratePerMinute()).as("ten more notified").isEqualTo(20);
        state = ReleaseRate.ramp(ReleaseRate.ramp(state, config, 29, 6), config, 39, 6);
        assertThat(state.ratePerMinute()).as("capped at maximumPerMinute").isEqualTo(50);
    }

    @Test
    void the_base_rate_is_capped_by_the_maximum_too() throws Exception {
        JobConfig config = config("{\"maximumPerMinute\": 3, \"exponentialRate\": {\"baseRatePerMinute\": 10,"
                + " \"incrementFactor\": 1.5, \"rateIncreaseCriteria\": {\"numberOfNotifiedThings\": 1}}}");
        assertThat(ReleaseRate.initial(config, T0).ratePerMinute()).isEqualTo(3);
    }
}
