package io.fleetline.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.page.Page;
import io.fleetline.security.policies.Policy;
import io.fleetline.security.policies.PolicyService;
import io.fleetline.security.policies.PolicyService.PolicyView;
import io.fleetline.security.policies.PolicyVersion;

/** Policies and their versions. */
final class PolicyHandlers {
    private final PolicyService policies;

    private PolicyHandlers(PolicyService policies) {
        this.policies = policies;
    }

    static void register(HandlerRegistry registry, PolicyService policies) {
        PolicyHandlers h = new PolicyHandlers(policies);
        registry.register("iot", "CreatePolicy", h::create)
                .register("iot", "GetPolicy", h::get)
                .register("iot", "DeletePolicy", h::delete)
                .register("iot", "CreatePolicyVersion", h::createVersion)
                .register("iot", "GetPolicyVersion", h::getVersion)
                .register("iot", "ListPolicyVersions", h::listVersions)
                .register("iot", "SetDefaultPolicyVersion", h::setDefault)
                .register("iot", "DeletePolicyVersion", h::deleteVersion)
                .register("iot", "ListPolicies", h::list);
    }

    private JsonNode create(OperationCall call) {
        String name = call.input().string("policyName");
        PolicyVersion version = policies.create(name, call.input().string("policyDocument"), call.input().tags("tags"));
        ObjectNode out = Output.object();
        out.put("policyName", name);
        out.put("policyArn", policies.arnOf(name));
        out.put("policyDocument", version.document());
        out.put("policyVersionId", Integer.toString(version.versionId()));
        return out;
    }

    private JsonNode get(OperationCall call) {
        PolicyView view = policies.get(call.input().string("policyName"));
        ObjectNode out = Output.object();
        out.put("policyName", view.policy().name());
        out.put("policyArn", policies.arnOf(view.policy().name()));
        out.put("policyDocument", view.version().document());
        out.put("defaultVersionId", Integer.toString(view.policy().defaultVersion()));
        dates(out, view.policy());
        return out;
    }

    private JsonNode delete(OperationCall call) {
        policies.delete(call.input().string("policyName"));
        return Output.empty();
    }

    private JsonNode createVersion(OperationCall call) {
        Input in = call.input();
        String name = in.string("policyName");
        PolicyVersion version = policies.createVersion(name, in.string("policyDocument"), in.bool("setAsDefault"));
        ObjectNode out = Output.object();
        out.put("policyArn", policies.arnOf(name));
        out.put("policyDocument", version.document());
        out.put("policyVersionId", Integer.toString(version.versionId()));
        out.put("isDefaultVersion", in.bool("setAsDefault"));
        return out;
    }

    private JsonNode getVersion(OperationCall call) {
        PolicyView view = policies.getVersion(call.input().string("policyName"), call.input().string("policyVersionId"));
        ObjectNode out = Output.object();
        out.put("policyArn", policies.arnOf(view.policy().name()));
        out.put("policyName", view.policy().name());
        out.put("policyDocument", view.version().document());
        out.put("policyVersionId", Integer.toString(view.version().versionId()));
        out.put("isDefaultVersion", view.isDefault());
        dates(out, view.policy());
        return out;
    }

    private JsonNode listVersions(OperationCall call) {
        PolicyService.PolicyVersions all = policies.versions(call.input().string("policyName"));
        ObjectNode out = Output.object();
        ArrayNode list = out.putArray("policyVersions");
        for (PolicyVersion v : all.versions().reversed()) {
            ObjectNode item = list.addObject();
            item.put("versionId", Integer.toString(v.versionId()));
            item.put("isDefaultVersion", v.versionId() == all.policy().defaultVersion());
            item.set("createDate", Output.timestamp(v.createDate()));
        }
        return out;
    }

    private JsonNode setDefault(OperationCall call) {
        policies.setDefault(call.input().string("policyName"), call.input().string("policyVersionId"));
        return Output.empty();
    }

    private JsonNode deleteVersion(OperationCall call) {
        policies.deleteVersion(call.input().string("policyName"), call.input().string("policyVersionId"));
        return Output.empty();
    }

    private JsonNode list(OperationCall call) {
        Page<Policy> page = policies.list(CertificateHandlers.page(call.input()), call.input().bool("ascendingOrder"));
        return policyList(policies, page.map(Policy::name));
    }

    /** A {@code policies} list of names and ARNs with its {@code nextMarker}, as several operations answer. */
    static ObjectNode policyList(PolicyService policies, Page<String> page) {
        ObjectNode out = Output.object();
        ArrayNode list = out.putArray("policies");
        for (String name : page.items()) {
            ObjectNode item = list.addObject();
            item.put("policyName", name);
            item.put("policyArn", policies.arnOf(name));
        }
        page.nextToken().ifPresent(t -> out.put("nextMarker", t));
        return out;
    }

    private static void dates(ObjectNode out, Policy policy) {
        out.set("creationDate", Output.timestamp(policy.creationDate()));
        out.set("lastModifiedDate", Output.timestamp(policy.lastModifiedDate()));
        out.put("generationId", policy.generationId());
    }
}
