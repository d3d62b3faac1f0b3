package io.fleetline.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.jobs.plan.JobPlanJson;
import io.fleetline.jobs.plan.JobPlanService;

/**
 * The companion {@code fleetline} API (Fleetline's own model, {@code models/fleetline.service-2.json}): rollout plans
 * with cohorts, approvals, pause and resume, health checks and retry backoff. Operators only: it is not served on
 * the device port.
 */
public final class FleetlineJobsApi {
    private final JobPlanService plans;

    private FleetlineJobsApi(JobPlanService plans) {
        this.plans = plans;
    }

    public static void register(HandlerRegistry registry, JobPlanService plans) {
        FleetlineJobsApi h = new FleetlineJobsApi(plans);
        registry.register("fleetline", "PutJobRolloutPlan", h::put)
                .register("fleetline", "GetJobRolloutPlan", h::get)
                .register("fleetline", "PauseJobRollout", h::pause)
                .register("fleetline", "ResumeJobRollout", h::resume)
                .register("fleetline", "ApproveJobCohort", h::approve);
    }

    private JsonNode put(OperationCall call) {
        String jobId = call.input().string("jobId");
        plans.put(jobId, JobPlanJson.read(call.input().node()));
        return Output.object().put("jobId", jobId);
    }

    private JsonNode get(OperationCall call) {
        JobPlanService.PlanView view = plans.get(call.input().string("jobId"));
        ObjectNode out = JobPlanJson.write(view.state().plan(), Output.object().put("jobId", view.state().jobId()));
        out.put("paused", view.state().paused());
        view.state().pausedReason().ifPresent(r -> out.put("pausedReason", r));
        out.put("currentCohort", view.state().cohortIndex());
        out.put("awaitingApproval", view.state().awaitingApproval());
        ArrayNode states = out.putArray("cohortStates");
        for (JobPlanService.CohortView cohort : view.cohorts()) {
            states.addObject().put("name", cohort.cohort().name()).put("status", cohort.status().name())
                    .put("size", cohort.size()).put("released", cohort.released()).put("succeeded", cohort.succeeded())
                    .put("failed", cohort.failed());
        }
        return out;
    }

    private JsonNode pause(OperationCall call) {
        plans.pause(call.input().string("jobId"), call.input().optString("reason"));
        return Output.empty();
    }

    private JsonNode resume(OperationCall call) {
        plans.resume(call.input().string("jobId"));
        return Output.empty();
    }

    private JsonNode approve(OperationCall call) {
        plans.approve(call.input().string("jobId"));
        return Output.empty();
    }
}
