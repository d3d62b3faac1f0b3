package io.fleetline.jobs.device;

import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.protocol.jobs.JobExecutionState;
import io.fleetline.protocol.jobs.JobExecutionStatus;
import io.fleetline.protocol.jobs.JobExecutionSummary;
import io.fleetline.protocol.jobs.JobsResponse;
import java.time.Instant;
import java.util.Optional;

/** Executions as the jobs device protocol shows them to devices, over MQTT and HTTPS alike. */
public final class DeviceViews {
    private DeviceViews() {
    }

    /**
     * The full execution, with its job's document when one is given: as this read gets it (its presigned URLs made
     * for it); {@code now} counts down its timers.
     */
    public static io.fleetline.protocol.jobs.JobExecution execution(JobExecution e, Optional<String> document,
                                                                   Instant now) {
        return new io.fleetline.protocol.jobs.JobExecution(e.jobId(), e.thingName(), document, status(e),
                e.statusDetails(), e.queuedAt(), e.startedAt(), e.lastUpdatedAt(), e.secondsBeforeTimedOut(now),
                e.versionNumber(), e.executionNumber());
    }

    /** What GetPendingJobExecutions and {@code notify} list of an execution. */
    public static JobExecutionSummary summary(JobExecution e) {
        return new JobExecutionSummary(e.jobId(), e.queuedAt(), e.startedAt(), e.lastUpdatedAt(), e.versionNumber(),
                e.executionNumber());
    }

    /** Where the execution stands: UpdateJobExecution's answer and a refused update's. */
    public static JobExecutionState state(JobExecution e) {
        return new JobExecutionState(status(e), e.statusDetails(), e.versionNumber());
    }

    /** A thing's pending executions, IN_PROGRESS and QUEUED apart. */
    public static JobsResponse.Pending pending(PendingJobs pending) {
        return new JobsResponse.Pending(pending.inProgress().stream().map(DeviceViews::summary).toList(),
                pending.queued().stream().map(DeviceViews::summary).toList());
    }

    private static JobExecutionStatus status(JobExecution e) {
        return JobExecutionStatus.valueOf(e.status().name());
    }
}
