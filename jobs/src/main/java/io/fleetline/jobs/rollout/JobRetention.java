package io.fleetline.jobs.rollout;

import io.fleetline.jobs.JobStore;
import io.fleetline.jobs.job.Job;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Purges jobs that ended long ago, as the guide's Jobs limits say AWS does ("Job data and job execution data will be
 * purged after 90 days"): a COMPLETED or CANCELED job whose end is older than the retention period goes, with its
 * executions, earlier attempts, plan and tags. Its devices are told if an execution was still pending (a job canceled
 * without force leaves IN_PROGRESS ones running). A zero period keeps everything.
 */
public final class JobRetention {
    /** AWS's period. */
    public static final Duration AWS_PERIOD = Duration.ofDays(90);
    /** Purging is not urgent: ended jobs are looked for at most once an hour of the engine's clock. */
    static final Duration LOOK_EVERY = Duration.ofHours(1);
    private static final int BATCH = 100;

    private final JobStore store;
    private final Cancellation cancellation;
    private final Duration period;
    private final Clock clock;
    private Instant nextLook = Instant.MIN;

    public JobRetention(JobStore store, Cancellation cancellation, Duration period, Clock clock) {
        if (period.isNegative()) {
            throw new IllegalArgumentException("the job retention period cannot be negative");
        }
        this.store = store;
        this.cancellation = cancellation;
        this.period = period;
        this.clock = clock;
    }

    /** Purges up to a batch of expired jobs; the engine's next tick takes the next batch if there are more. */
    void purgeExpired() {
        Instant now = clock.instant();
        if (period.isZero() || now.isBefore(nextLook)) {
            return;
        }
        List<Job> expired = store.read(tx -> tx.jobsEndedBefore(now.minus(period), BATCH));
        expired.forEach(cancellation::purgeJob);
        nextLook = expired.size() < BATCH ? now.plus(LOOK_EVERY) : now;
    }
}
