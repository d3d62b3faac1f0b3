package io.fleetline.ota.update;

import io.fleetline.jobs.job.JobConfig;
import java.util.List;
import java.util.Optional;

/**
 * The account's jobs, as an OTA update uses them. The server adapts its jobs service to this; errors are
 * {@link io.fleetline.core.error.FleetlineException}s with the jobs service's codes and words, which a failed update
 * shows in its {@code errorInfo}.
 */
public interface OtaJobs {
    /** What a job's status means to an OTA update being deleted. */
    enum Phase {
        /** {@code SCHEDULED} or {@code IN_PROGRESS}: deleting it needs {@code forceDeleteAWSJob}. */
        ACTIVE,
        /** {@code COMPLETED} or {@code CANCELED}. */
        ENDED,
        /** {@code DELETION_IN_PROGRESS}: on its way out already. */
        DELETING
    }

    /**
     * The job an OTA update creates, typed: its id ({@code AFR_OTA-<otaUpdateId>}), targets (thing and thing group
     * ARNs) and target selection, the document text, a description, and the settings the update passes on. The
     * presigned URL expiry is always given: OTA's default (1,800 s) is not a plain job's.
     */
    record Spec(String jobId, List<String> targets, OtaTargetSelection targetSelection, String document,
                Optional<String> description, Optional<JobConfig.Rollout> rollout,
                List<JobConfig.AbortCriterion> abort, Optional<Long> inProgressTimeoutMinutes,
                long presignedUrlExpiresInSec) {
        public Spec {
            targets = List.copyOf(targets);
            abort = List.copyOf(abort);
        }
    }

    /** The targets, among those given, that name no thing or thing group of the account (in the order given). */
    List<String> missingTargets(List<String> targets);

    /** The job's phase; empty when there is no job of that id. */
    Optional<Phase> phase(String jobId);

    /**
     * Creates the job (with the jobs service's own checks) and answers its ARN. A job of that id existing already is
     * {@code ResourceAlreadyExistsException}, whatever it holds.
     */
    String create(Spec job);

    /**
     * Deletes the job: at once when it ended, and with {@code force} also when it is active (its executions go with
     * it). No such job is no error.
     */
    void delete(String jobId, boolean force);

    /** Over the account's jobs service, with targets checked against its registry. */
    static OtaJobs over(io.fleetline.jobs.Jobs jobs, io.fleetline.registry.Registry registry) {
        return new ServiceOtaJobs(jobs, registry);
    }
}
