package io.fleetline.jobs.job;

import io.fleetline.jobs.plan.JobPlan;

/**
 * What a job's executions run by: its document, its configuration (timeouts, retries) and Fleetline's rollout plan
 * ({@link JobPlan#none()} without one; its health check decides what a device's SUCCEEDED means). The device
 * requests need only these, and read them without the rest of the job, whose rollout state changes with every
 * release.
 */
public record ExecutionTerms(String jobId, String document, JobConfig config, JobPlan plan) {
}
