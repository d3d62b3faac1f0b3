package io.fleetline.ota.update;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.job.JobConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings CreateOTAUpdate passes on to the job it creates: rollout rate, presigned URL expiry, abort criteria
 * and in-progress timeout, in the jobs module's own configurations (which check themselves as a job's do). The
 * ranges the AWS model states as constraints are checked by the wire layer; those it states in prose are checked
 * here, named as CreateOTAUpdate names them. Abort criteria always {@code CANCEL}, the one action AWS has.
 */
public record OtaJobConfig(Optional<JobConfig.Rollout> rollout, Optional<Long> presignedUrlExpiresInSec,
                           List<JobConfig.AbortCriterion> abort, Optional<Long> inProgressTimeoutMinutes) {
    /** OTA's presigned URLs live 30 minutes unless the update says otherwise (plain jobs default to an hour). */
    public static final Duration DEFAULT_PRESIGNED_EXPIRY = Duration.ofSeconds(1_800);

    public OtaJobConfig {
        abort = List.copyOf(abort);
        presignedUrlExpiresInSec.ifPresent(seconds -> {
            if (seconds < 60 || seconds > 3_600) {
                throw FleetlineException.invalid("awsJobPresignedUrlConfig.expiresInSec must be 60-3600; got "
                        + seconds);
            }
        });
        inProgressTimeoutMinutes.ifPresent(minutes -> JobConfig.requireTimeout(minutes,
                "awsJobTimeoutConfig.inProgressTimeoutInMinutes"));
        if (abort.stream().map(JobConfig.AbortCriterion::failureType).distinct().count() < abort.size()) {
            throw FleetlineException.invalid("awsJobAbortConfig.abortCriteriaList names a failureType twice");
        }
    }

    public static OtaJobConfig none() {
        return new OtaJobConfig(Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    /** How long the document's presigned URLs live: the update's expiry, else 1,800 seconds. */
    public Duration presignedUrlExpiry() {
        return presignedUrlExpiresInSec.map(Duration::ofSeconds).orElse(DEFAULT_PRESIGNED_EXPIRY);
    }
}
