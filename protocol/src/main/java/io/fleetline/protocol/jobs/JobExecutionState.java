package io.fleetline.protocol.jobs;

import java.util.Map;

/** Where an execution stands: what UpdateJobExecution answers when asked, and what a refused update is told. */
public record JobExecutionState(JobExecutionStatus status, Map<String, String> statusDetails, long versionNumber) {
    public JobExecutionState {
        statusDetails = StatusDetails.copy(statusDetails);
    }
}
