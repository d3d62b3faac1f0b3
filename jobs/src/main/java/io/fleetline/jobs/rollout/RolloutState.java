package io.fleetline.jobs.rollout;

import java.time.Instant;

/**
 * Where a job's rollout stands, kept with the job so that a restart resumes the same rate.
 *
 * @param ratePerMinute      the current release rate; {@link Double#POSITIVE_INFINITY} when the job has no rate
 * @param allowance          releases earned and not yet used (a token bucket), fractions included
 * @param refilledAt         when the allowance was last brought up to date
 * @param notifiedAtIncrease things notified when the rate last went up (the exponential ramp counts from there)
 * @param succeededAtIncrease things succeeded when the rate last went up
 */
public record RolloutState(double ratePerMinute, double allowance, Instant refilledAt, long notifiedAtIncrease,
                           long succeededAtIncrease) {

    public RolloutState withAllowance(double newAllowance, Instant at) {
        return new RolloutState(ratePerMinute, newAllowance, at, notifiedAtIncrease, succeededAtIncrease);
    }

    public RolloutState withRate(double newRate, long notified, long succeeded) {
        return new RolloutState(newRate, allowance, refilledAt, notified, succeeded);
    }
}
