package io.fleetline.jobs.job;

import java.util.List;
import java.util.Optional;

/**
 * The configurations a request gives, each present or absent, laid over a base: none for a new job, a template's
 * for a job made from it, a job's for a template made from it, or the job's own for UpdateJob. A configuration the
 * patch gives replaces the base's whole; one it leaves absent stays as the base has it. An empty abort or retry list
 * and a {@link Timeout} without minutes are given, and so clear the base's.
 *
 * <p>Each configuration is checked when it is made; the rules across them ({@link JobConfig}'s) when the patch is laid
 * over its base.
 */
public record JobConfigPatch(Optional<JobConfig.PresignedUrl> presignedUrl, Optional<JobConfig.Rollout> rollout,
                             Optional<List<JobConfig.AbortCriterion>> abort, Optional<Timeout> timeout,
                             Optional<List<JobConfig.RetryCriterion>> retry,
                             Optional<JobConfig.Scheduling> scheduling) {
    private static final JobConfigPatch NONE = new JobConfigPatch(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public JobConfigPatch {
        abort = abort.map(List::copyOf);
        retry = retry.map(List::copyOf);
    }

    /** Gives nothing: the base as it is. */
    public static JobConfigPatch none() {
        return NONE;
    }

    /** The configuration of {@code base} with this patch's over it, checked as a whole. */
    public JobConfig over(JobConfig base) {
        return new JobConfig(presignedUrl.or(base::presignedUrl), rollout.or(base::rollout), abort.orElse(base.abort()),
                timeout.map(Timeout::inProgressTimeoutMinutes).orElse(base.inProgressTimeoutMinutes()),
                retry.orElse(base.retry()), scheduling.or(base::scheduling));
    }

    public JobConfigPatch withPresignedUrl(JobConfig.PresignedUrl given) {
        return new JobConfigPatch(Optional.of(given), rollout, abort, timeout, retry, scheduling);
    }

    public JobConfigPatch withRollout(JobConfig.Rollout given) {
        return new JobConfigPatch(presignedUrl, Optional.of(given), abort, timeout, retry, scheduling);
    }

    public JobConfigPatch withAbort(List<JobConfig.AbortCriterion> given) {
        return new JobConfigPatch(presignedUrl, rollout, Optional.of(given), timeout, retry, scheduling);
    }

    public JobConfigPatch withTimeout(Timeout given) {
        return new JobConfigPatch(presignedUrl, rollout, abort, Optional.of(given), retry, scheduling);
    }

    public JobConfigPatch withRetry(List<JobConfig.RetryCriterion> given) {
        return new JobConfigPatch(presignedUrl, rollout, abort, timeout, Optional.of(given), scheduling);
    }

    public JobConfigPatch withScheduling(JobConfig.Scheduling given) {
        return new JobConfigPatch(presignedUrl, rollout, abort, timeout, retry, Optional.of(given));
    }

    /**
     * The timeout configuration: how long an execution may stay IN_PROGRESS (1 minute to 7 days), or, without
     * minutes, no such limit.
     */
    public record Timeout(Optional<Long> inProgressTimeoutMinutes) {
        public Timeout {
            inProgressTimeoutMinutes.ifPresent(m -> JobConfig.requireTimeout(m, "inProgressTimeoutInMinutes"));
        }

        public static Timeout minutes(long inProgressTimeoutMinutes) {
            return new Timeout(Optional.of(inProgressTimeoutMinutes));
        }
    }
}
