package io.fleetline.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.template.JobTemplate;
import io.fleetline.jobs.template.JobTemplateService;

/** CreateJobTemplate, DescribeJobTemplate, ListJobTemplates and DeleteJobTemplate. */
final class TemplateHandlers {
    private final JobTemplateService templates;

    private TemplateHandlers(JobTemplateService templates) {
        this.templates = templates;
    }

    static void register(HandlerRegistry registry, JobTemplateService templates) {
        TemplateHandlers h = new TemplateHandlers(templates);
        registry.register("iot", "CreateJobTemplate", h::create)
                .register("iot", "DescribeJobTemplate", h::describe)
                .register("iot", "ListJobTemplates", h::list)
                .register("iot", "DeleteJobTemplate", h::delete);
    }

    private JsonNode create(OperationCall call) {
        Input in = call.input();
        JobTemplate template = templates.create(in.string("jobTemplateId"), in.string("description"),
                in.optString("document"), in.optString("documentSource"), in.optString("jobArn"),
                JobConfigMembers.read(in.node()), in.tags("tags"));
        ObjectNode out = Output.object();
        out.put("jobTemplateArn", templates.arnOf(template.templateId()));
        out.put("jobTemplateId", template.templateId());
        return out;
    }

    private JsonNode describe(OperationCall call) {
        JobTemplate template = templates.describe(call.input().string("jobTemplateId"));
        ObjectNode out = Output.object();
        out.put("jobTemplateArn", templates.arnOf(template.templateId()));
        out.put("jobTemplateId", template.templateId());
        out.put("description", template.description());
        Output.put(out, "documentSource", template.documentSource());
        out.put("document", template.document());
        out.set("createdAt", Output.timestamp(template.createdAt()));
        JobConfigMembers.write(template.config(), out);
        return out;
    }

    private JsonNode list(OperationCall call) {
        Input in = call.input();
        Page<JobTemplate> page = templates.list(PageRequest.of(in.optInt("maxResults").orElse(null),
                in.optString("nextToken").orElse(null), JobHandlers.DEFAULT_PAGE));
        ObjectNode out = Output.object();
        ArrayNode items = out.putArray("jobTemplates");
        for (JobTemplate template : page.items()) {
            items.addObject().put("jobTemplateArn", templates.arnOf(template.templateId()))
                    .put("jobTemplateId", template.templateId()).put("description", template.description())
                    .set("createdAt", Output.timestamp(template.createdAt()));
        }
        Output.nextToken(out, page);
        return out;
    }

    private JsonNode delete(OperationCall call) {
        templates.delete(call.input().string("jobTemplateId"));
        return Output.empty();
    }
}
