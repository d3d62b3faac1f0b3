package io.fleetline.jobs.rollout;

/**
 * Where a job's rollout stands, kept with the job so that a restart carries on with the same rate and the same
 * minute's budget.
 *
 * @param ratePerMinute      the current release rate; {@link Double#POSITIVE_INFINITY} when the job has no rate
 * @param recent             the releases of the last minute, which the rate's per-minute budget is counted against
 * @param notifiedAtIncrease things notified when the rate last went up (the exponential ramp counts from there)
 * @param succeededAtIncrease things succeeded when the rate last went up
 */
public record RolloutState(double ratePerMinute, RecentReleases recent, long notifiedAtIncrease,
                           long succeededAtIncrease) {

    public RolloutState withRecent(RecentReleases newRecent) {
        return new RolloutState(ratePerMinute, newRecent, notifiedAtIncrease, succeededAtIncrease);
    }

    public RolloutState withRate(double newRate, long notified, long succeeded) {
        return new RolloutState(newRate, recent, notified, succeeded);
    }
}
