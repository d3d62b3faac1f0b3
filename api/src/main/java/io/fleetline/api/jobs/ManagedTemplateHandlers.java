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
import io.fleetline.jobs.template.DocumentParameter;
import io.fleetline.jobs.template.ManagedTemplate;
import io.fleetline.jobs.template.ManagedTemplates;

/**
 * ListManagedJobTemplates and DescribeManagedJobTemplate: AWS's managed templates, their ARNs in the server's region
 * ({@code arn:aws:iot:<region>::jobtemplate/AWS-Reboot:1.0}).
 */
final class ManagedTemplateHandlers {
    private final ManagedTemplates templates;
    private final String region;

    private ManagedTemplateHandlers(ManagedTemplates templates, String region) {
        this.templates = templates;
        this.region = region;
    }

    static void register(HandlerRegistry registry, ManagedTemplates templates, String region) {
        ManagedTemplateHandlers h = new ManagedTemplateHandlers(templates, region);
        registry.register("iot", "ListManagedJobTemplates", h::list)
                .register("iot", "DescribeManagedJobTemplate", h::describe);
    }

    private JsonNode list(OperationCall call) {
        Input in = call.input();
        Page<ManagedTemplate> page = templates.list(in.optString("templateName"), PageRequest.of(
                in.optInt("maxResults").orElse(null), in.optString("nextToken").orElse(null), JobHandlers.DEFAULT_PAGE));
        ObjectNode out = Output.object();
        ArrayNode items = out.putArray("managedJobTemplates");
        for (ManagedTemplate template : page.items()) {
            ObjectNode item = items.addObject();
            item.put("templateArn", template.arn(region));
            item.put("templateName", template.name());
            item.put("description", template.description());
            environments(template, item);
            item.put("templateVersion", template.version());
        }
        Output.nextToken(out, page);
        return out;
    }

    private JsonNode describe(OperationCall call) {
        Input in = call.input();
        ManagedTemplate template = templates.describe(in.string("templateName"), in.optString("templateVersion"));
        ObjectNode out = Output.object();
        out.put("templateName", template.name());
        out.put("templateArn", template.arn(region));
        out.put("description", template.description());
        out.put("templateVersion", template.version());
        environments(template, out);
        ArrayNode parameters = out.putArray("documentParameters");
        for (DocumentParameter parameter : template.parameters()) {
            parameters.addObject().put("key", parameter.key()).put("description", parameter.description())
                    .put("regex", parameter.regex().pattern()).put("example", parameter.example())
                    .put("optional", parameter.optional());
        }
        out.put("document", template.document());
        return out;
    }

    private static void environments(ManagedTemplate template, ObjectNode node) {
        ArrayNode environments = node.putArray("environments");
        template.environments().forEach(environments::add);
    }
}
