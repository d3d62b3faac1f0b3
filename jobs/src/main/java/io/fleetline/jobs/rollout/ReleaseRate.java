package io.fleetline.jobs.rollout;

import io.fleetline.jobs.job.JobConfig;
import java.time.Instant;
import java.util.Optional;

/**
 * How many executions a job may release, and when its exponential ramp steps up. The rate is a per-minute budget:
 * a rate of N a minute allows at most N releases in any minute, counted against the job's releases of the last
 * minute ({@link RecentReleases}). A job that starts releases N at once, and so does a maintenance window that opens
 * after a minute without releases; each release's place in the budget comes free a minute after it. A fractional
 * rate (an exponential ramp's {@code 5 × 1.5}) allows its whole part.
 *
 * <p>Not a token bucket: a bucket of N refilled at N a minute lets N go at once and N more within the same minute as
 * it refills. Counting the last minute's releases keeps every minute within N. The long run stays at N a minute less
 * the wait between a place coming free and the next tick, which the scheduler's one-second tick keeps under 2%.
 * The releases are kept with the job, so a restart continues the same minute instead of starting a new budget.
 */
public final class ReleaseRate {
    private ReleaseRate() {
    }

    /** A job's rollout before anything is released. */
    public static RolloutState initial(JobConfig config) {
        return new RolloutState(startRate(config), RecentReleases.none(), 0, 0);
    }

    /**
     * After UpdateJob changed the rollout: the new configuration's starting rate, the counts kept, and the last
     * minute's releases still counted against the new budget.
     */
    public static RolloutState reconfigured(RolloutState state, JobConfig config) {
        return new RolloutState(startRate(config), state.recent(), state.notifiedAtIncrease(),
                state.succeededAtIncrease());
    }

    /** How many may be released at {@code now}: the budget less what the last minute released. */
    public static long releasable(RolloutState state, Instant now) {
        if (Double.isInfinite(state.ratePerMinute())) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, budget(state.ratePerMinute()) - state.recent().at(now).countAt(now));
    }

    /**
     * After {@code count} were released at {@code now} (perhaps none): the releases that no longer count are
     * dropped. A job without a rate keeps no record.
     */
    public static RolloutState released(RolloutState state, Instant now, long count) {
        if (Double.isInfinite(state.ratePerMinute())) {
            return state;
        }
        RecentReleases recent = state.recent().at(now);
        return state.withRecent(count == 0 ? recent : recent.plus(now, count));
    }

    /** Releases a rate allows in any minute: its whole part, and at least one. */
    static long budget(double ratePerMinute) {
        return Math.max(1, (long) Math.floor(ratePerMinute + 1e-9));
    }

    /**
     * The exponential ramp: each time another {@code numberOfNotifiedThings} things were notified or
     * {@code numberOfSucceededThings} succeeded since the last step, the rate is multiplied by the increment factor,
     * up to {@code maximumPerMinute}.
     */
    public static RolloutState ramp(RolloutState state, JobConfig config, long notified, long succeeded) {
        Optional<JobConfig.ExponentialRate> exponential = config.rollout().flatMap(JobConfig.Rollout::exponentialRate);
        if (exponential.isEmpty()) {
            return state;
        }
        JobConfig.ExponentialRate rate = exponential.get();
        boolean byNotified = rate.notifiedThings().map(n -> notified - state.notifiedAtIncrease() >= n).orElse(false);
        boolean bySucceeded = rate.succeededThings().map(n -> succeeded - state.succeededAtIncrease() >= n).orElse(false);
        if (!byNotified && !bySucceeded) {
            return state;
        }
        double max = config.rollout().flatMap(JobConfig.Rollout::maximumPerMinute).map(m -> (double) m)
                .orElse(Double.POSITIVE_INFINITY);
        return state.withRate(Math.min(max, state.ratePerMinute() * rate.incrementFactor()), notified, succeeded);
    }

    private static double startRate(JobConfig config) {
        Optional<JobConfig.Rollout> rollout = config.rollout();
        double max = rollout.flatMap(JobConfig.Rollout::maximumPerMinute).map(m -> (double) m)
                .orElse(Double.POSITIVE_INFINITY);
        return rollout.flatMap(JobConfig.Rollout::exponentialRate)
                .map(e -> Math.min(max, e.baseRatePerMinute())).orElse(max);
    }
}
