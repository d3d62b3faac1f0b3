package io.fleetline.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.execution.ExecutionService;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import java.time.Clock;
import java.util.Optional;

/** The control plane's execution operations. */
final class ExecutionHandlers {
    private final ExecutionService executions;
    private final AccountScope scope;
    private final Clock clock;

    private ExecutionHandlers(ExecutionService executions, AccountScope scope, Clock clock) {
        this.executions = executions;
        this.scope = scope;
        this.clock = clock;
    }

    static void register(HandlerRegistry registry, ExecutionService executions, AccountScope scope, Clock clock) {
        ExecutionHandlers h = new ExecutionHandlers(executions, scope, clock);
        registry.register("iot", "DescribeJobExecution", h::describe)
                .register("iot", "ListJobExecutionsForJob", h::listForJob)
                .register("iot", "ListJobExecutionsForThing", h::listForThing)
                .register("iot", "CancelJobExecution", h::cancel)
                .register("iot", "DeleteJobExecution", h::delete);
    }

    private JsonNode describe(OperationCall call) {
        Input in = call.input();
        JobExecution e = executions.describe(in.string("jobId"), in.string("thingName"), in.optLong("executionNumber"));
        ObjectNode out = Output.object();
        ObjectNode node = out.putObject("execution");
        node.put("jobId", e.jobId());
        node.put("status", e.status().name());
        if (e.forceCanceled()) {
            node.put("forceCanceled", true);
        }
        node.putObject("statusDetails").set("detailsMap", Output.stringMap(e.statusDetails()));
        node.put("thingArn", scope.arn(ResourceType.THING, e.thingName()));
        times(node, e);
        node.put("executionNumber", e.executionNumber());
        node.put("versionNumber", e.versionNumber());
        e.secondsBeforeTimedOut(clock.instant()).ifPresent(s -> node.put("approximateSecondsBeforeTimedOut", s));
        return out;
    }

    private JsonNode listForJob(OperationCall call) {
        Input in = call.input();
        Page<JobExecution> page = executions.listForJob(in.string("jobId"), status(in), page(in));
        ObjectNode out = Output.object();
        ArrayNode items = out.putArray("executionSummaries");
        for (JobExecution e : page.items()) {
            ObjectNode item = items.addObject();
            item.put("thingArn", scope.arn(ResourceType.THING, e.thingName()));
            summary(item.putObject("jobExecutionSummary"), e);
        }
        Output.nextToken(out, page);
        return out;
    }

    private JsonNode listForThing(OperationCall call) {
        Input in = call.input();
        Page<JobExecution> page = executions.listForThing(in.string("thingName"), status(in), in.optString("jobId"), page(in));
        ObjectNode out = Output.object();
        ArrayNode items = out.putArray("executionSummaries");
        for (JobExecution e : page.items()) {
            ObjectNode item = items.addObject();
            item.put("jobId", e.jobId());
            summary(item.putObject("jobExecutionSummary"), e);
        }
        Output.nextToken(out, page);
        return out;
    }

    private JsonNode cancel(OperationCall call) {
        Input in = call.input();
        executions.cancel(in.string("jobId"), in.string("thingName"), in.bool("force"), in.optLong("expectedVersion"),
                in.object("statusDetails").map(Input::stringMap));
        return Output.empty();
    }

    private JsonNode delete(OperationCall call) {
        Input in = call.input();
        executions.delete(in.string("jobId"), in.string("thingName"), in.optLong("executionNumber").orElseThrow(),
                in.bool("force"));
        return Output.empty();
    }

    private static void summary(ObjectNode node, JobExecution e) {
        node.put("status", e.status().name());
        times(node, e);
        node.put("executionNumber", e.executionNumber());
        node.put("retryAttempt", e.retryAttempt());
    }

    private static void times(ObjectNode node, JobExecution e) {
        node.set("queuedAt", Output.timestamp(e.queuedAt()));
        e.startedAt().ifPresent(t -> node.set("startedAt", Output.timestamp(t)));
        node.set("lastUpdatedAt", Output.timestamp(e.lastUpdatedAt()));
    }

    private static Optional<ExecutionStatus> status(Input in) {
        return in.optString("status").map(ExecutionStatus::valueOf);
    }

    private static PageRequest page(Input in) {
        return PageRequest.of(in.optInt("maxResults").orElse(null), in.optString("nextToken").orElse(null),
                JobHandlers.DEFAULT_PAGE);
    }
}
