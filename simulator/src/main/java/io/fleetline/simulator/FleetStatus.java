package io.fleetline.simulator;

import java.util.Map;

/**
 * The jobs a simulated fleet takes part in, as the server described them at a poll.
 *
 * @param reached whether the server answered this poll (the jobs are as it last answered)
 * @param jobs    each watched job's state, by job id
 */
public record FleetStatus(boolean reached, Map<String, JobState> jobs) {
    public FleetStatus {
        jobs = Map.copyOf(jobs);
    }

    /**
     * @param status     the job's status (IN_PROGRESS, COMPLETED, CANCELED...)
     * @param settled    the job is over and has no queued or in-progress execution
     * @param executions its things by the status of their latest execution (those released so far)
     */
    public record JobState(String status, boolean settled, Map<String, Long> executions) {
        public JobState {
            executions = Map.copyOf(executions);
        }

        /** Queued and in-progress executions. */
        public long pending() {
            return executions.getOrDefault("QUEUED", 0L) + executions.getOrDefault("IN_PROGRESS", 0L);
        }
    }

    /** Some job is watched and every watched job is settled. */
    public boolean settled() {
        return reached && !jobs.isEmpty() && jobs.values().stream().allMatch(JobState::settled);
    }

    /** Executions queued or in progress, over all watched jobs. */
    public long pending() {
        return jobs.values().stream().mapToLong(JobState::pending).sum();
    }
}
