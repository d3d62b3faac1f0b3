package io.fleetline.jobs.job;

import java.util.Optional;

/**
 * ListJobs' filters.
 *
 * @param targetArn jobs with this target (the ARN of the thing group ListJobs names)
 */
public record JobFilter(Optional<JobStatus> status, Optional<TargetSelection> targetSelection,
                        Optional<String> targetArn, Optional<String> namespaceId) {
}
