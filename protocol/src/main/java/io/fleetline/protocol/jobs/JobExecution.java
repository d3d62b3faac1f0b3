package io.fleetline.protocol.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A job execution as a device gets it (the JobExecution of the jobs data plane). Times travel as whole epoch seconds.
 *
 * @param jobDocument the job's document as this read gets it (its presigned URLs made for it); absent when the
 *                    device asked for none
 */
public record JobExecution(String jobId, String thingName, Optional<String> jobDocument, JobExecutionStatus status,
                           Map<String, String> statusDetails, Instant queuedAt, Optional<Instant> startedAt,
                           Instant lastUpdatedAt, Optional<Long> approximateSecondsBeforeTimedOut, long versionNumber,
                           long executionNumber) {
    public JobExecution {
        statusDetails = StatusDetails.copy(statusDetails);
    }

    /** This execution without its document. */
    public JobExecution withoutDocument() {
        return new JobExecution(jobId, thingName, Optional.empty(), status, statusDetails, queuedAt, startedAt,
                lastUpdatedAt, approximateSecondsBeforeTimedOut, versionNumber, executionNumber);
    }
}
