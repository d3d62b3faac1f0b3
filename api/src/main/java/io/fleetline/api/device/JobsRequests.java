package io.fleetline.api.device;

import io.fleetline.jobs.device.DeviceJobs;
import io.fleetline.jobs.device.DeviceUpdate;
import io.fleetline.jobs.device.DeviceViews;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.protocol.jobs.JobsRequest;
import io.fleetline.protocol.jobs.JobsRequest.DescribeJobExecution;
import io.fleetline.protocol.jobs.JobsRequest.GetPendingJobExecutions;
import io.fleetline.protocol.jobs.JobsRequest.StartNextPendingJobExecution;
import io.fleetline.protocol.jobs.JobsRequest.UpdateJobExecution;
import io.fleetline.protocol.jobs.JobsResponse;
import java.time.Clock;
import java.util.Optional;

/**
 * The jobs device API served the same whichever way a request came: MQTT ({@link DeviceRequests#jobs}) and the jobs
 * data plane over HTTPS build the same {@link JobsRequest} and write the same {@link JobsResponse}, only the job
 * document's form differs (JSON over MQTT, text over HTTPS). Failures are the jobs service's exceptions, which each
 * transport answers in its own shape.
 */
public final class JobsRequests {
    private final DeviceJobs jobs;
    private final Clock clock;

    public JobsRequests(DeviceJobs jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    public JobsResponse serve(JobsRequest request) {
        return switch (request) {
            case GetPendingJobExecutions get -> DeviceViews.pending(jobs.pending(get.thingName()));
            case StartNextPendingJobExecution start -> new JobsResponse.Execution(jobs.startNext(start.thingName(),
                    start.statusDetails(), start.stepTimeoutInMinutes()).map(e -> view(e, true)));
            case DescribeJobExecution describe -> new JobsResponse.Execution(jobs.describe(describe.thingName(),
                    describe.jobId(), describe.executionNumber()).map(e -> view(e, describe.includeJobDocument())));
            case UpdateJobExecution update -> update(update);
        };
    }

    private JobsResponse update(UpdateJobExecution request) {
        DeviceJobs.Execution e = jobs.update(request.thingName(), request.jobId(), new DeviceUpdate(
                ExecutionStatus.valueOf(request.status().name()), request.statusDetails(), request.expectedVersion(),
                request.executionNumber(), request.stepTimeoutInMinutes()));
        return new JobsResponse.Updated(
                request.includeJobExecutionState() ? Optional.of(DeviceViews.state(e.execution())) : Optional.empty(),
                request.includeJobDocument() ? Optional.of(e.document().text()) : Optional.empty());
    }

    /** The execution with its document as this read gets it: presigned once, for this answer. */
    private io.fleetline.protocol.jobs.JobExecution view(DeviceJobs.Execution e, boolean withDocument) {
        return DeviceViews.execution(e.execution(), withDocument ? Optional.of(e.document().text()) : Optional.empty(),
                clock.instant());
    }
}
