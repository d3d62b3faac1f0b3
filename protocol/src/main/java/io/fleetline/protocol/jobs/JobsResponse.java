package io.fleetline.protocol.jobs;

import java.util.List;
import java.util.Optional;

/** What a {@link JobsRequest} is accepted with; {@link JobsJson} writes it for MQTT and for HTTPS. */
public sealed interface JobsResponse {
    /** GetPendingJobExecutions: the thing's IN_PROGRESS and QUEUED executions, oldest first. */
    record Pending(List<JobExecutionSummary> inProgressJobs, List<JobExecutionSummary> queuedJobs)
            implements JobsResponse {
        public Pending {
            inProgressJobs = List.copyOf(inProgressJobs);
            queuedJobs = List.copyOf(queuedJobs);
        }
    }

    /** StartNextPendingJobExecution and DescribeJobExecution: the execution, if there is one. */
    record Execution(Optional<JobExecution> execution) implements JobsResponse {
    }

    /** UpdateJobExecution: the execution's new state and the job's document, each when the request asked for it. */
    record Updated(Optional<JobExecutionState> executionState, Optional<String> jobDocument) implements JobsResponse {
    }
}
