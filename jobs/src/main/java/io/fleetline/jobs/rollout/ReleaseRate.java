package io.fleetline.jobs.rollout;

import io.fleetline.jobs.job.JobConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How many executions a job may release, and when its exponential ramp steps up. The rate is a token bucket:
 * {@code ratePerMinute / 60} releases are earned each second, the first one at once. At most
 * {@link #BURST_SECONDS} seconds' worth can be saved up, so a job that had nothing to release (or a server that was
 * down) does not burst afterwards: a restart resumes the same rate.
 */
public final class ReleaseRate {
    static final double BURST_SECONDS = 10;

    private ReleaseRate() {
    }

    /** A job's rollout before anything is released. */
    public static RolloutState initial(JobConfig config, Instant now) {
        return new RolloutState(startRate(config), 1, now, 0, 0);
    }

    /** After UpdateJob changed the rollout: the new configuration's starting rate, the counts kept. */
    public static RolloutState reconfigured(RolloutState state, JobConfig config) {
        return new RolloutState(startRate(config), Math.min(state.allowance(), capacity(startRate(config))),
                state.refilledAt(), state.notifiedAtIncrease(), state.succeededAtIncrease());
    }

    /** The allowance brought up to {@code now}. */
    public static RolloutState refill(RolloutState state, Instant now) {
        if (Double.isInfinite(state.ratePerMinute())) {
            return state.withAllowance(Double.POSITIVE_INFINITY, now);
        }
        double seconds = Math.max(0, Duration.between(state.refilledAt(), now).toNanos() / 1e9);
        double earned = state.allowance() + state.ratePerMinute() * seconds / 60;
        return state.withAllowance(Math.min(earned, capacity(state.ratePerMinute())), now);
    }

    /** How many releases the allowance covers now. */
    public static long releasable(RolloutState state) {
        return Double.isInfinite(state.allowance()) ? Long.MAX_VALUE : (long) Math.floor(state.allowance() + 1e-9);
    }

    public static RolloutState spent(RolloutState state, long released) {
        if (Double.isInfinite(state.allowance())) {
            return state;
        }
        return state.withAllowance(Math.max(0, state.allowance() - released), state.refilledAt());
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

    private static double capacity(double ratePerMinute) {
        return Math.max(1, ratePerMinute / 60 * BURST_SECONDS);
    }
}
