package io.fleetline.ota.update;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.Jobs;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobStatus;
import io.fleetline.jobs.job.JobTargets;
import io.fleetline.jobs.job.NewJob;
import io.fleetline.jobs.job.TargetSelection;
import io.fleetline.registry.Registry;
import java.util.List;
import java.util.Optional;

/** {@link OtaJobs} over the account's jobs service: the job is created through its typed API like any other. */
final class ServiceOtaJobs implements OtaJobs {
    private final Jobs jobs;
    private final JobTargets targets;

    ServiceOtaJobs(Jobs jobs, Registry registry) {
        this.jobs = jobs;
        this.targets = new JobTargets(registry, registry.scope());
    }

    @Override
    public List<String> missingTargets(List<String> given) {
        return given.stream().filter(target -> !exists(target)).toList();
    }

    private boolean exists(String target) {
        try {
            targets.validate(List.of(target));
            return true;
        } catch (FleetlineException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND || e.code() == ErrorCode.INVALID_REQUEST) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Phase> phase(String jobId) {
        try {
            JobStatus status = jobs.jobs().describe(jobId).status();
            return Optional.of(switch (status) {
                case DELETION_IN_PROGRESS -> Phase.DELETING;
                case COMPLETED, CANCELED -> Phase.ENDED;
                case IN_PROGRESS, SCHEDULED -> Phase.ACTIVE;
            });
        } catch (FleetlineException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String create(Spec job) {
        NewJob.Builder request = NewJob.builder(job.jobId(), job.targets())
                .document(job.document())
                .targetSelection(job.targetSelection() == OtaTargetSelection.CONTINUOUS
                        ? TargetSelection.CONTINUOUS : TargetSelection.SNAPSHOT)
                .presignedUrl(JobConfig.PresignedUrl.expiringIn(job.presignedUrlExpiresInSec()));
        job.description().ifPresent(request::description);
        job.rollout().ifPresent(request::rollout);
        if (!job.abort().isEmpty()) {
            request.abort(job.abort());
        }
        job.inProgressTimeoutMinutes().ifPresent(request::inProgressTimeoutMinutes);
        return jobs.jobs().arnOf(jobs.jobs().create(request.build()).jobId());
    }

    @Override
    public void delete(String jobId, boolean force) {
        try {
            jobs.jobs().delete(jobId, force);
        } catch (FleetlineException e) {
            if (e.code() != ErrorCode.RESOURCE_NOT_FOUND) {
                throw e;
            }
        }
    }
}
