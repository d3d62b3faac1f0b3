package io.fleetline.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.jobs.device.DeviceJobs;
import io.fleetline.jobs.device.DeviceJson;
import io.fleetline.jobs.device.DeviceUpdate;
import io.fleetline.jobs.execution.ExecutionStatus;
import java.time.Clock;
import java.util.Optional;

/**
 * The iot-jobs-data plane: what devices do over HTTPS, with SigV4 or (on the device port) their certificates.
 * A device needs its policy to allow the {@code iotjobsdata:} action on its thing, as on AWS.
 */
final class JobsDataHandlers {
    private final DeviceJobs device;
    private final AccountScope scope;
    private final Clock clock;

    private JobsDataHandlers(DeviceJobs device, AccountScope scope, Clock clock) {
        this.device = device;
        this.scope = scope;
        this.clock = clock;
    }

    static void register(HandlerRegistry registry, DeviceJobs device, AccountScope scope, Clock clock) {
        JobsDataHandlers h = new JobsDataHandlers(device, scope, clock);
        registry.register("iot-jobs-data", "GetPendingJobExecutions", h::pending)
                .register("iot-jobs-data", "StartNextPendingJobExecution", h::startNext)
                .register("iot-jobs-data", "DescribeJobExecution", h::describe)
                .register("iot-jobs-data", "UpdateJobExecution", h::update);
    }

    private JsonNode pending(OperationCall call) {
        String thing = authorized(call, "GetPendingJobExecutions");
        return DeviceJson.pending(device.pending(thing), Output.object());
    }

    private JsonNode startNext(OperationCall call) {
        String thing = authorized(call, "StartNextPendingJobExecution");
        Input in = call.input();
        ObjectNode out = Output.object();
        device.startNext(thing, in.object("statusDetails").map(Input::stringMap), in.optLong("stepTimeoutInMinutes"))
                .ifPresent(e -> out.set("execution", DeviceJson.execution(e.execution(), Optional.of(e.document()), false,
                        clock.instant())));
        return out;
    }

    private JsonNode describe(OperationCall call) {
        String thing = authorized(call, "DescribeJobExecution");
        Input in = call.input();
        // the newer model: "Unless set to false, the response contains the job document"
        boolean withDocument = in.object("includeJobDocument").map(JsonNode::asBoolean).orElse(true);
        ObjectNode out = Output.object();
        device.describe(thing, in.string("jobId"), in.optLong("executionNumber"))
                .ifPresent(e -> out.set("execution", DeviceJson.execution(e.execution(),
                        withDocument ? Optional.of(e.document()) : Optional.empty(), false, clock.instant())));
        return out;
    }

    private JsonNode update(OperationCall call) {
        String thing = authorized(call, "UpdateJobExecution");
        Input in = call.input();
        DeviceJobs.Execution e = device.update(thing, in.string("jobId"), new DeviceUpdate(
                ExecutionStatus.parse(in.string("status")), in.object("statusDetails").map(Input::stringMap),
                in.optLong("expectedVersion"), in.optLong("executionNumber"), in.optLong("stepTimeoutInMinutes")));
        ObjectNode out = Output.object();
        if (in.bool("includeJobExecutionState")) {
            out.set("executionState", DeviceJson.state(e.execution()));
        }
        if (in.bool("includeJobDocument")) {
            out.put("jobDocument", e.document().text());
        }
        return out;
    }

    /** The thing of the request, once a device caller is allowed the action on it. */
    private String authorized(OperationCall call, String action) {
        String thing = call.input().string("thingName");
        call.caller().device().ifPresent(d -> d.require("iotjobsdata:" + action, scope.arn(ResourceType.THING, thing)));
        return thing;
    }
}
