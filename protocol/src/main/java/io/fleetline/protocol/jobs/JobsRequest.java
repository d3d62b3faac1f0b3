package io.fleetline.protocol.jobs;

import java.util.Map;
import java.util.Optional;

/**
 * A device's request of the jobs API, the same whether it came over MQTT (topic and JSON payload) or the jobs data
 * plane over HTTPS. Each carries the thing it is about and, over MQTT, the {@code clientToken} its answer echoes.
 */
public sealed interface JobsRequest {
    String thingName();

    /** At most 64 characters; over HTTPS there is none. */
    Optional<String> clientToken();

    /** GetPendingJobExecutions: answered with {@link JobsResponse.Pending}. */
    record GetPendingJobExecutions(String thingName, Optional<String> clientToken) implements JobsRequest {
    }

    /**
     * StartNextPendingJobExecution: answered with an {@link JobsResponse.Execution}, empty when nothing is pending.
     *
     * @param statusDetails the details a QUEUED execution starts with
     */
    record StartNextPendingJobExecution(String thingName, Optional<Map<String, String>> statusDetails,
                                        Optional<Long> stepTimeoutInMinutes, Optional<String> clientToken)
            implements JobsRequest {
    }

    /**
     * DescribeJobExecution: answered with an {@link JobsResponse.Execution}, empty when {@code jobId} is {@link JobsTopic#NEXT}
     * and nothing is pending.
     */
    record DescribeJobExecution(String thingName, String jobId, Optional<Long> executionNumber,
                                boolean includeJobDocument, Optional<String> clientToken) implements JobsRequest {
    }

    /**
     * UpdateJobExecution: answered with {@link JobsResponse.Updated}.
     *
     * @param statusDetails        replaces the execution's details; absent keeps them
     * @param stepTimeoutInMinutes starts (or restarts) the step timer; -1 stops it
     */
    record UpdateJobExecution(String thingName, String jobId, JobExecutionStatus status,
                              Optional<Map<String, String>> statusDetails, Optional<Long> expectedVersion,
                              Optional<Long> executionNumber, Optional<Long> stepTimeoutInMinutes,
                              boolean includeJobExecutionState, boolean includeJobDocument,
                              Optional<String> clientToken) implements JobsRequest {
    }
}
