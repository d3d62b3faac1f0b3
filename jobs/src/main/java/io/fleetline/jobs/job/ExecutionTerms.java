package io.fleetline.jobs.job;

/**
 * What a job's executions run by: its document and its configuration (timeouts, retries). The device requests need
 * only these, and read them without the rest of the job, whose rollout state changes with every release.
 */
public record ExecutionTerms(String jobId, String document, JobConfig config) {
}
