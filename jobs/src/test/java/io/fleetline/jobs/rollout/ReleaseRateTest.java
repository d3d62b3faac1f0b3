package io.fleetline.jobs.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobConfigPatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The release rate: a per-minute budget (the first N at once, never more than N in any minute), its long-run rate
 * and the exponential ramp, simulated over hours with a manual clock's instants.
 */
class ReleaseRateTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static JobConfig config(JobConfig.Rollout rollout) {
        return JobConfigPatch.none().withRollout(rollout).over(JobConfig.none());
    }

    private static JobConfig perMinute(int rate) {
        return config(JobConfig.Rollout.maximumPerMinute(rate));
    }

    /** A ramp from {@code base} by {@code factor}, capped at {@code max} when there is one. */
    private static JobConfig ramp(Optional<Integer> max, int base, double factor, Optional<Integer> notified,
                                  Optional<Integer> succeeded) {
        return config(new JobConfig.Rollout(max, Optional.of(new JobConfig.ExponentialRate(base, factor, notified,
                succeeded))));
    }

    /** What a simulated rollout released, tick by tick, with the budget in force at each release. */
    private record Release(Instant at, long count, long budget) {
    }

    /**
     * Ticks as the engine does: ramp on the counts so far, release what the budget allows (or what is waiting, when
     * {@code waiting} says less), until {@code total} of simulated time passed.
     *
     * @param spacing the time to the next tick, in milliseconds
     * @param waiting how many targets are waiting at a tick (a continuous job gains them one by one)
     */
    private static List<Release> simulate(JobConfig config, Duration total, LongSupplier spacing, LongSupplier waiting) {
        RolloutState state = ReleaseRate.initial(config);
        List<Release> releases = new ArrayList<>();
        long notified = 0;
        for (Instant t = T0; !t.isAfter(T0.plus(total)); t = t.plusMillis(spacing.getAsLong())) {
            state = ReleaseRate.ramp(state, config, notified, notified);
            long count = Math.min(ReleaseRate.releasable(state, t), waiting.getAsLong());
            state = ReleaseRate.released(state, t, count);
            if (count > 0) {
                releases.add(new Release(t, count, ReleaseRate.budget(state.ratePerMinute())));
                notified += count;
            }
        }
        return releases;
    }

    private static List<Release> simulate(JobConfig config, Duration total, LongSupplier spacing) {
        return simulate(config, total, spacing, () -> Long.MAX_VALUE);
    }

    private static long total(List<Release> releases) {
        return releases.stream().mapToLong(Release::count).sum();
    }

    /** The most any minute (ending at a release, which is where the most can be) held beyond its budget; 0 if none. */
    private static long worstExcess(List<Release> releases) {
        long worst = 0;
        long inWindow = 0;
        int first = 0;
        for (Release release : releases) {
            inWindow += release.count();
            while (!releases.get(first).at().isAfter(release.at().minus(Duration.ofMinutes(1)))) {
                inWindow -= releases.get(first++).count();
            }
            worst = Math.max(worst, inWindow - release.budget());
        }
        return worst;
    }

    @Test
    void a_job_releases_its_whole_minute_at_once_then_waits_for_that_minute_to_pass() {
        JobConfig five = perMinute(5);
        RolloutState state = ReleaseRate.initial(five);
        assertThat(ReleaseRate.releasable(state, T0)).as("seed 003's three things go at once").isEqualTo(5);

        state = ReleaseRate.released(state, T0, 5);
        assertThat(ReleaseRate.releasable(state, T0.plusSeconds(1))).isZero();
        assertThat(ReleaseRate.releasable(state, T0.plus(Duration.ofMillis(59_999)))).isZero();
        assertThat(ReleaseRate.releasable(state, T0.plusSeconds(60))).isEqualTo(5);
    }

    @Test
    void a_partly_spent_minute_releases_the_rest_and_each_place_comes_free_a_minute_after_its_release() {
        RolloutState state = ReleaseRate.released(ReleaseRate.initial(perMinute(10)), T0, 3);
        assertThat(ReleaseRate.releasable(state, T0.plusSeconds(20))).isEqualTo(7);
        state = ReleaseRate.released(state, T0.plusSeconds(20), 7);
        assertThat(ReleaseRate.releasable(state, T0.plusSeconds(59))).isZero();
        assertThat(ReleaseRate.releasable(state, T0.plusSeconds(60))).as("the first three's places").isEqualTo(3);
        assertThat(ReleaseRate.releasable(state, T0.plusSeconds(80))).isEqualTo(10);
    }

    @Test
    void no_minute_ever_holds_more_than_the_rate_whatever_the_tick_spacing() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            int rate = List.of(1, 2, 5, 7, 60, 600, 1000).get(random.nextInt(7));
            // mostly about a second apart, sometimes a burst of ticks a millisecond apart, sometimes minutes of silence
            LongSupplier spacing = () -> switch (random.nextInt(10)) {
                case 0 -> 1 + random.nextInt(20);
                case 1 -> 1_000 + random.nextInt(300_000);
                default -> 1 + random.nextInt(3_000);
            };
            // targets trickle in as for a continuous job: some ticks find fewer waiting than the budget allows
            LongSupplier waiting = () -> random.nextInt(4) == 0 ? random.nextInt(rate + 1) : Long.MAX_VALUE;
            List<Release> releases = simulate(perMinute(rate), Duration.ofHours(6), spacing, waiting);
            assertThat(total(releases)).as("seed %d released", seed).isGreaterThan(0);
            assertThat(worstExcess(releases)).as("seed %d at %d a minute", seed, rate).isZero();
        }
    }

    @Test
    void the_long_run_rate_is_within_two_percent_of_the_rate() {
        Random random = new Random(42);
        for (int rate : new int[] {1, 5, 60, 600, 1000}) {
            double minutes = 180;
            // the scheduler ticks a second after the last tick ended, a tick lasting up to a quarter of a second
            long scheduled = total(simulate(perMinute(rate), Duration.ofMinutes(180), () -> 1_000 + random.nextInt(250)));
            assertThat(scheduled / minutes).as("%d a minute, ticks every second", rate)
                    .isBetween(rate * 0.98, rate * 1.02);
            long jittery = total(simulate(perMinute(rate), Duration.ofMinutes(180), () -> 1 + random.nextInt(2_000)));
            assertThat(jittery / minutes).as("%d a minute, ticks 0 to 2 s apart", rate)
                    .isBetween(rate * 0.98, rate * 1.02);
        }
    }

    @Test
    void without_a_rollout_config_everything_is_released_at_once() {
        RolloutState state = ReleaseRate.initial(JobConfig.none());
        assertThat(ReleaseRate.releasable(state, T0)).isEqualTo(Long.MAX_VALUE);
        state = ReleaseRate.released(state, T0, 1_000_000);
        assertThat(ReleaseRate.releasable(state, T0)).isEqualTo(Long.MAX_VALUE);
        assertThat(state.recent().releases()).as("nothing to remember").isEmpty();
    }

    @Test
    void the_exponential_rate_steps_up_each_time_its_criteria_are_met_up_to_the_maximum() {
        JobConfig config = ramp(Optional.of(50), 5, 2.0, Optional.of(10), Optional.of(4));
        RolloutState state = ReleaseRate.initial(config);
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
    void a_rate_increase_releases_the_difference_at_once_within_the_same_minute() {
        JobConfig config = ramp(Optional.of(40), 5, 2.0, Optional.of(5), Optional.empty());
        RolloutState state = ReleaseRate.initial(config);
        state = ReleaseRate.released(state, T0, ReleaseRate.releasable(state, T0));
        state = ReleaseRate.ramp(state, config, 5, 0);
        assertThat(ReleaseRate.releasable(state, T0.plusSeconds(1))).as("10 a minute now, 5 of them used").isEqualTo(5);
    }

    @Test
    void an_exponential_rollout_keeps_every_minute_within_the_rate_in_force_and_reaches_its_maximum() {
        JobConfig config = ramp(Optional.of(300), 3, 1.5, Optional.of(20), Optional.empty());
        Random random = new Random(7);
        List<Release> releases = simulate(config, Duration.ofHours(2), () -> 1 + random.nextInt(2_000));
        assertThat(worstExcess(releases)).isZero();
        assertThat(releases.get(0).count()).as("the base rate at once").isEqualTo(3);
        assertThat(releases.get(releases.size() - 1).budget()).isEqualTo(300);
    }

    @Test
    void a_fractional_rate_allows_its_whole_part_each_minute() {
        JobConfig config = ramp(Optional.empty(), 5, 1.5, Optional.of(5), Optional.empty());
        RolloutState state = ReleaseRate.ramp(ReleaseRate.initial(config), config, 5, 0);
        assertThat(state.ratePerMinute()).isEqualTo(7.5);
        assertThat(ReleaseRate.releasable(state, T0)).isEqualTo(7);
    }

    @Test
    void the_base_rate_is_capped_by_the_maximum_too() {
        JobConfig config = ramp(Optional.of(3), 10, 1.5, Optional.of(1), Optional.empty());
        assertThat(ReleaseRate.initial(config).ratePerMinute()).isEqualTo(3);
        assertThat(ReleaseRate.releasable(ReleaseRate.initial(config), T0)).isEqualTo(3);
    }

    @Test
    void a_lower_rate_from_update_job_waits_until_the_last_minute_fits_within_it() {
        RolloutState state = ReleaseRate.released(ReleaseRate.initial(perMinute(100)), T0, 100);
        state = ReleaseRate.reconfigured(state, perMinute(10));
        assertThat(ReleaseRate.releasable(state, T0.plusSeconds(30))).isZero();
        assertThat(ReleaseRate.releasable(state, T0.plusSeconds(60))).isEqualTo(10);
        state = ReleaseRate.reconfigured(ReleaseRate.released(state, T0.plusSeconds(60), 10), perMinute(25));
        assertThat(ReleaseRate.releasable(state, T0.plusSeconds(61))).as("a higher one: the rest at once").isEqualTo(15);
    }

    @Test
    void releases_kept_ahead_of_a_clock_set_back_count_for_a_minute_from_the_new_time() {
        RolloutState state = ReleaseRate.released(ReleaseRate.initial(perMinute(4)), T0.plus(Duration.ofHours(1)), 4);
        assertThat(ReleaseRate.releasable(state, T0)).as("still within the budget's minute").isZero();
        state = ReleaseRate.released(state, T0, 0);
        assertThat(ReleaseRate.releasable(state, T0.plusSeconds(60))).as("not an hour later").isEqualTo(4);
    }

    @Test
    void a_rollout_released_in_many_small_steps_keeps_a_bounded_record_that_never_undercounts() {
        RolloutState state = ReleaseRate.initial(perMinute(1000));
        Instant t = T0;
        long released = 0;
        for (int i = 0; i < 900; i++, t = t.plusMillis(50)) {
            state = ReleaseRate.released(state, t, 1);
            released++;
        }
        assertThat(state.recent().releases()).hasSizeLessThanOrEqualTo(RecentReleases.MAX_ENTRIES);
        assertThat(state.recent().countAt(t)).isEqualTo(released);
        assertThat(ReleaseRate.releasable(state, t)).isEqualTo(1000 - released);
    }
}
