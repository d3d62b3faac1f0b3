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
import io.fleetline.jobs.Jobs;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobFilter;
import io.fleetline.jobs.job.JobService;
import io.fleetline.jobs.job.JobStatus;
import io.fleetline.jobs.job.NewJob;
import io.fleetline.jobs.job.TargetSelection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** CreateJob, DescribeJob, UpdateJob, CancelJob, DeleteJob, ListJobs, GetJobDocument, AssociateTargetsWithJob. */
final class JobHandlers {
    static final int DEFAULT_PAGE = 50;
    private final JobService jobs;
    private final AccountScope scope;
    private final Clock clock;

    private JobHandlers(JobService jobs, AccountScope scope, Clock clock) {
        this.jobs = jobs;
        this.scope = scope;
        this.clock = clock;
    }

    static void register(HandlerRegistry registry, Jobs jobs, AccountScope scope, Clock clock) {
        JobHandlers h = new JobHandlers(jobs.jobs(), scope, clock);
        registry.register("iot", "CreateJob", h::create)
                .register("iot", "DescribeJob", h::describe)
                .register("iot", "UpdateJob", h::update)
                .register("iot", "CancelJob", h::cancel)
                .register("iot", "DeleteJob", h::delete)
                .register("iot", "ListJobs", h::list)
                .register("iot", "GetJobDocument", h::document)
                .register("iot", "AssociateTargetsWithJob", h::associateTargets);
    }

    private JsonNode create(OperationCall call) {
        Input in = call.input();
        Job job = jobs.create(new NewJob(in.string("jobId"), in.strings("targets"), in.optString("document"),
                in.optString("documentSource"), in.optString("description"),
                in.optString("targetSelection").map(TargetSelection::valueOf), JobConfigMembers.read(in.node()),
                in.tags("tags"), in.optString("namespaceId"), in.optString("jobTemplateArn"),
                Input.stringMap(in.object("documentParameters").orElse(null))));
        return summary(job);
    }

    private JsonNode describe(OperationCall call) {
        Job job = jobs.describe(call.input().string("jobId"));
        ObjectNode out = Output.object();
        Output.put(out, "documentSource", job.documentSource());
        ObjectNode node = out.putObject("job");
        node.put("jobArn", jobs.arnOf(job.jobId()));
        node.put("jobId", job.jobId());
        node.put("targetSelection", job.targetSelection().name());
        node.put("status", job.status().name());
        if (job.status() == JobStatus.CANCELED) {
            node.put("forceCanceled", job.forceCanceled());
        }
        Output.put(node, "reasonCode", job.reasonCode());
        Output.put(node, "comment", job.comment());
        ArrayNode targets = node.putArray("targets");
        job.targets().forEach(targets::add);
        Output.put(node, "description", job.description());
        JobConfigMembers.write(job.config(), node);
        node.set("createdAt", Output.timestamp(job.createdAt()));
        node.set("lastUpdatedAt", Output.timestamp(job.lastUpdatedAt()));
        job.completedAt().ifPresent(t -> node.set("completedAt", Output.timestamp(t)));
        jobs.processDetails(job.jobId()).write(node.putObject("jobProcessDetails"));
        Output.put(node, "namespaceId", job.namespaceId());
        Output.put(node, "jobTemplateArn", job.jobTemplateArn());
        if (!job.documentParameters().isEmpty()) {
            node.set("documentParameters", Output.stringMap(job.documentParameters()));
        }
        node.put("isConcurrent", false);
        scheduledRollouts(job, node, clock.instant());
        return out;
    }

    /** The next seven maintenance window starts, as DescribeJob's scheduledJobRollouts shows them. */
    private static void scheduledRollouts(Job job, ObjectNode node, Instant now) {
        List<JobConfig.MaintenanceWindow> windows = job.config().scheduling()
                .map(JobConfig.Scheduling::maintenanceWindows).orElse(List.of());
        if (windows.isEmpty() || !job.status().active()) {
            return;
        }
        List<Instant> starts = new ArrayList<>();
        windows.forEach(w -> starts.addAll(w.nextStarts(now, 7)));
        ArrayNode rollouts = node.putArray("scheduledJobRollouts");
        starts.stream().sorted().limit(7).forEach(t -> rollouts.addObject().put("startTime", t.toString()));
    }

    private JsonNode update(OperationCall call) {
        Input in = call.input();
        jobs.update(in.string("jobId"), in.optString("description"), JobConfigMembers.read(in.node()));
        return Output.empty();
    }

    private JsonNode cancel(OperationCall call) {
        Input in = call.input();
        return summary(jobs.cancel(in.string("jobId"), in.bool("force"), in.optString("reasonCode"),
                in.optString("comment")));
    }

    private JsonNode delete(OperationCall call) {
        jobs.delete(call.input().string("jobId"), call.input().bool("force"));
        return Output.empty();
    }

    private JsonNode list(OperationCall call) {
        Input in = call.input();
        JobFilter filter = new JobFilter(in.optString("status").map(JobStatus::valueOf),
                in.optString("targetSelection").map(TargetSelection::valueOf),
                in.optString("thingGroupName").map(g -> scope.arn(ResourceType.THING_GROUP, g)), in.optString("namespaceId"));
        Page<Job> page = jobs.list(filter, PageRequest.of(in.optInt("maxResults").orElse(null),
                in.optString("nextToken").orElse(null), DEFAULT_PAGE));
        ObjectNode out = Output.object();
        ArrayNode items = out.putArray("jobs");
        for (Job job : page.items()) {
            ObjectNode item = items.addObject();
            item.put("jobArn", jobs.arnOf(job.jobId()));
            item.put("jobId", job.jobId());
            item.put("targetSelection", job.targetSelection().name());
            item.put("status", job.status().name());
            item.set("createdAt", Output.timestamp(job.createdAt()));
            item.set("lastUpdatedAt", Output.timestamp(job.lastUpdatedAt()));
            job.completedAt().ifPresent(t -> item.set("completedAt", Output.timestamp(t)));
            item.put("isConcurrent", false);
        }
        Output.nextToken(out, page);
        return out;
    }

    private JsonNode document(OperationCall call) {
        return Output.object().put("document", jobs.document(call.input().string("jobId")));
    }

    private JsonNode associateTargets(OperationCall call) {
        Input in = call.input();
        return summary(jobs.associateTargets(in.string("jobId"), in.strings("targets"), in.optString("comment")));
    }

    private ObjectNode summary(Job job) {
        ObjectNode out = Output.object();
        out.put("jobArn", jobs.arnOf(job.jobId()));
        out.put("jobId", job.jobId());
        Output.put(out, "description", job.description());
        return out;
    }
}
