package io.fleetline.jobs.job;

import io.fleetline.jobs.rollout.RolloutState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job: a document for a set of targets (thing and thing-group ARNs, in the order given), how it rolls out,
 * and where it stands.
 *
 * @param document the document as given, or as read from {@code documentSource} when the job was created
 * @param rollout the rollout engine's bookkeeping: current rate, the last minute's releases and the counts its ramp uses
 */
public record Job(String jobId, JobStatus status, TargetSelection targetSelection, List<String> targets,
                  String document, Optional<String> documentSource, Optional<String> description, JobConfig config,
                  boolean forceCanceled, Optional<String> reasonCode, Optional<String> comment, Instant createdAt,
                  Instant lastUpdatedAt, Optional<Instant> completedAt, Optional<String> namespaceId,
                  Optional<String> jobTemplateArn, Map<String, String> documentParameters, RolloutState rollout) {
    public Job {
        targets = List.copyOf(targets);
        documentParameters = Map.copyOf(documentParameters);
    }

    public Job withStatus(JobStatus newStatus, Instant at) {
        Optional<Instant> completed = newStatus == JobStatus.COMPLETED || newStatus == JobStatus.CANCELED
                ? Optional.of(at) : completedAt;
        return new Job(jobId, newStatus, targetSelection, targets, document, documentSource, description, config,
                forceCanceled, reasonCode, comment, createdAt, at, completed, namespaceId, jobTemplateArn,
                documentParameters, rollout);
    }

    public Job canceled(boolean force, Optional<String> reason, Optional<String> cancelComment, Instant at) {
        return new Job(jobId, JobStatus.CANCELED, targetSelection, targets, document, documentSource, description,
                config, force, reason, cancelComment, createdAt, at, Optional.of(at), namespaceId, jobTemplateArn,
                documentParameters, rollout);
    }

    public Job withRollout(RolloutState state) {
        return new Job(jobId, status, targetSelection, targets, document, documentSource, description, config,
                forceCanceled, reasonCode, comment, createdAt, lastUpdatedAt, completedAt, namespaceId, jobTemplateArn,
                documentParameters, state);
    }

    public Job updated(Optional<String> newDescription, JobConfig newConfig, Instant at) {
        return new Job(jobId, status, targetSelection, targets, document, documentSource, newDescription, newConfig,
                forceCanceled, reasonCode, comment, createdAt, at, completedAt, namespaceId, jobTemplateArn,
                documentParameters, rollout);
    }

    public Job withTargets(List<String> newTargets, Optional<String> newComment, Instant at) {
        return new Job(jobId, status, targetSelection, newTargets, document, documentSource, description, config,
                forceCanceled, reasonCode, newComment, createdAt, at, completedAt, namespaceId, jobTemplateArn,
                documentParameters, rollout);
    }
}
