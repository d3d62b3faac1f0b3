package io.fleetline.server.config;

import io.fleetline.jobs.rollout.JobRetention;
import java.time.Duration;

/**
 * How the jobs are run and kept.
 *
 * @param tick      how often the rollout engine releases executions and checks timeouts and schedules, and each
 *                  account's OTA update worker carries on the updates being created or deleted (its first tick, one
 *                  interval after start, resumes those a stopped process left) ({@code --jobs-tick}); zero runs no
 *                  engine or worker thread (tests tick them themselves)
 * @param retention how long a job is kept after it ended ({@code --job-retention}); zero keeps jobs for good
 */
public record JobsSettings(Duration tick, Duration retention) {
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);
    /** As AWS: 90 days. */
    public static final Duration DEFAULT_RETENTION = JobRetention.AWS_PERIOD;

    public JobsSettings {
        Bounds.requireNotNegative("--jobs-tick", tick);
        Bounds.requireNotNegative("--job-retention", retention);
    }

    public static JobsSettings defaults() {
        return new JobsSettings(DEFAULT_TICK, DEFAULT_RETENTION);
    }

    /** @param interval how often the rollout engine ticks; zero for no engine thread (a test ticks it) */
    public JobsSettings withTick(Duration interval) {
        return new JobsSettings(interval, retention);
    }

    /** @param period how long a job is kept after it ended; zero keeps jobs for good */
    public JobsSettings withRetention(Duration period) {
        return new JobsSettings(tick, period);
    }
}
