package io.fleetline.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.api.device.JobsRequests;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.device.DeviceJobs;
import io.fleetline.protocol.jobs.JobExecutionStatus;
import io.fleetline.protocol.jobs.JobsJson;
import io.fleetline.protocol.jobs.JobsRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The iot-jobs-data plane: what devices do over HTTPS, with SigV4 or (on the device port) their certificates. Each
 * operation builds the jobs protocol's request from the model's input and is served as the MQTT one is
 * ({@link JobsRequests}); the job document comes back as text, as the model types it. A device needs its policy to
 * allow the {@code iotjobsdata:} action on its thing, as on AWS.
 */
final class JobsDataHandlers {
    private final JobsRequests requests;
    private final AccountScope scope;

    private JobsDataHandlers(JobsRequests requests, AccountScope scope) {
        this.requests = requests;
        this.scope = scope;
    }

    static void register(HandlerRegistry registry, DeviceJobs device, AccountScope scope, Clock clock) {
        JobsDataHandlers h = new JobsDataHandlers(new JobsRequests(device, clock), scope);
        registry.register("iot-jobs-data", "GetPendingJobExecutions", h::pending)
                .register("iot-jobs-data", "StartNextPendingJobExecution", h::startNext)
                .register("iot-jobs-data", "DescribeJobExecution", h::describe)
                .register("iot-jobs-data", "UpdateJobExecution", h::update);
    }

    private JsonNode pending(OperationCall call) {
        return served(new JobsRequest.GetPendingJobExecutions(authorized(call, "GetPendingJobExecutions"),
                Optional.empty()));
    }

    private JsonNode startNext(OperationCall call) {
        Input in = call.input();
        return served(new JobsRequest.StartNextPendingJobExecution(authorized(call, "StartNextPendingJobExecution"),
                details(in), in.optLong("stepTimeoutInMinutes"), Optional.empty()));
    }

    private JsonNode describe(OperationCall call) {
        Input in = call.input();
        // the newer model: "Unless set to false, the response contains the job document"
        boolean withDocument = in.object("includeJobDocument").map(JsonNode::asBoolean).orElse(true);
        return served(new JobsRequest.DescribeJobExecution(authorized(call, "DescribeJobExecution"),
                in.string("jobId"), in.optLong("executionNumber"), withDocument, Optional.empty()));
    }

    private JsonNode update(OperationCall call) {
        Input in = call.input();
        String status = in.string("status");
        return served(new JobsRequest.UpdateJobExecution(authorized(call, "UpdateJobExecution"), in.string("jobId"),
                JobExecutionStatus.of(status).orElseThrow(() -> FleetlineException.invalid("Unknown status " + status)),
                details(in), in.optLong("expectedVersion"), in.optLong("executionNumber"),
                in.optLong("stepTimeoutInMinutes"), in.bool("includeJobExecutionState"), in.bool("includeJobDocument"),
                Optional.empty()));
    }

    private JsonNode served(JobsRequest request) {
        return JobsJson.body(requests.serve(request), JobsJson.Document.TEXT);
    }

    private static Optional<Map<String, String>> details(Input in) {
        return in.object("statusDetails").map(Input::stringMap);
    }

    /** The thing of the request, once a device caller is allowed the action on it. */
    private String authorized(OperationCall call, String action) {
        String thing = call.input().string("thingName");
        call.caller().device().ifPresent(d -> d.require("iotjobsdata:" + action, scope.arn(ResourceType.THING, thing)));
        return thing;
    }
}
