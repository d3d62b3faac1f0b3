package io.fleetline.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.page.Page;
import io.fleetline.security.Security;
import io.fleetline.security.policies.AuthorizationService.AuthInfo;
import io.fleetline.security.policies.AuthorizationService.AuthResult;
import io.fleetline.security.policies.PolicyAttachmentService;
import io.fleetline.security.policies.PolicyService;
import io.fleetline.security.policy.Decision;
import java.util.ArrayList;
import java.util.List;

/** Attaching policies, the deprecated principal-policy calls, effective policies and TestAuthorization. */
final class PolicyAttachmentHandlers {
    private final Security security;
    private final PolicyAttachmentService attachments;
    private final PolicyService policies;

    private PolicyAttachmentHandlers(Security security) {
        this.security = security;
        this.attachments = security.attachments();
        this.policies = security.policies();
    }

    static void register(HandlerRegistry registry, Security security) {
        PolicyAttachmentHandlers h = new PolicyAttachmentHandlers(security);
        registry.register("iot", "AttachPolicy", h::attach)
                .register("iot", "DetachPolicy", h::detach)
                .register("iot", "ListAttachedPolicies", h::listAttached)
                .register("iot", "ListTargetsForPolicy", h::listTargets)
                .register("iot", "AttachPrincipalPolicy", h::attachPrincipal)
                .register("iot", "DetachPrincipalPolicy", h::detachPrincipal)
                .register("iot", "ListPrincipalPolicies", h::listPrincipalPolicies)
                .register("iot", "ListPolicyPrincipals", h::listPolicyPrincipals)
                .register("iot", "GetEffectivePolicies", h::effective)
                .register("iot", "TestAuthorization", h::testAuthorization);
    }

    private JsonNode attach(OperationCall call) {
        attachments.attach(call.input().string("policyName"), call.input().string("target"));
        return Output.empty();
    }

    private JsonNode detach(OperationCall call) {
        attachments.detach(call.input().string("policyName"), call.input().string("target"));
        return Output.empty();
    }

    private JsonNode listAttached(OperationCall call) {
        Input in = call.input();
        return PolicyHandlers.policyList(policies, attachments.attachedTo(in.string("target"), in.bool("recursive"),
                CertificateHandlers.page(in)));
    }

    private JsonNode listTargets(OperationCall call) {
        Page<String> page = attachments.targetsOf(call.input().string("policyName"), CertificateHandlers.page(call.input()));
        ObjectNode out = Output.object();
        ArrayNode list = out.putArray("targets");
        page.items().forEach(list::add);
        page.nextToken().ifPresent(t -> out.put("nextMarker", t));
        return out;
    }

    private JsonNode attachPrincipal(OperationCall call) {
        attachments.attach(call.input().string("policyName"), call.input().string("principal"));
        return Output.empty();
    }

    private JsonNode detachPrincipal(OperationCall call) {
        attachments.detach(call.input().string("policyName"), call.input().string("principal"));
        return Output.empty();
    }

    private JsonNode listPrincipalPolicies(OperationCall call) {
        Input in = call.input();
        return PolicyHandlers.policyList(policies, attachments.attachedTo(in.string("principal"), false,
                CertificateHandlers.page(in)));
    }

    private JsonNode listPolicyPrincipals(OperationCall call) {
        Page<String> page = attachments.targetsOf(call.input().string("policyName"), CertificateHandlers.page(call.input()));
        ObjectNode out = Output.object();
        ArrayNode list = out.putArray("principals");
        page.items().stream().filter(t -> t.contains(":cert/")).forEach(list::add);
        page.nextToken().ifPresent(t -> out.put("nextMarker", t));
        return out;
    }

    private JsonNode effective(OperationCall call) {
        Input in = call.input();
        List<String> names = attachments.effective(in.optString("principal"), in.optString("thingName"));
        ObjectNode out = Output.object();
        ArrayNode list = out.putArray("effectivePolicies");
        for (String name : names) {
            ObjectNode item = list.addObject();
            item.put("policyName", name);
            item.put("policyArn", policies.arnOf(name));
            item.put("policyDocument", policies.get(name).version().document());
        }
        return out;
    }

    private JsonNode testAuthorization(OperationCall call) {
        Input in = call.input();
        List<AuthInfo> infos = new ArrayList<>();
        in.object("authInfos").ifPresent(list -> list.forEach(info -> infos.add(new AuthInfo(
                info.path("actionType").asText(""), Input.strings(info.get("resources"))))));
        List<AuthResult> results = security.authorization().test(in.optString("principal"), infos,
                in.optString("clientId"), in.strings("policyNamesToAdd"), in.strings("policyNamesToSkip"));
        ObjectNode out = Output.object();
        ArrayNode list = out.putArray("authResults");
        for (AuthResult result : results) {
            ObjectNode item = list.addObject();
            ObjectNode info = item.putObject("authInfo");
            info.put("actionType", result.info().actionType());
            ArrayNode resources = info.putArray("resources");
            result.info().resources().forEach(resources::add);
            Decision decision = result.decision();
            ArrayNode allowed = item.putObject("allowed").putArray("policies");
            ObjectNode denied = item.putObject("denied");
            ArrayNode implicit = denied.putObject("implicitDeny").putArray("policies");
            ArrayNode explicit = denied.putObject("explicitDeny").putArray("policies");
            ArrayNode target = switch (decision) {
                case Decision.Allowed a -> allowed;
                case Decision.ImplicitDeny i -> implicit;
                case Decision.ExplicitDeny e -> explicit;
            };
            decision.policyNames().forEach(name -> target.addObject().put("policyName", name)
                    .put("policyArn", policies.arnOf(name)));
            item.put("authDecision", decision.authDecision().name());
            ArrayNode missing = item.putArray("missingContextValues");
            decision.missingContextValues().forEach(missing::add);
        }
        return out;
    }
}
