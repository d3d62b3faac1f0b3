package io.fleetline.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.page.Page;
import io.fleetline.security.cert.CaCertificate;
import io.fleetline.security.cert.CaCertificateService;

/** CA certificate operations and the registration code. */
final class CaCertificateHandlers {
    private final CaCertificateService cas;
    private final String accountId;

    private CaCertificateHandlers(CaCertificateService cas, String accountId) {
        this.cas = cas;
        this.accountId = accountId;
    }

    static void register(HandlerRegistry registry, CaCertificateService cas, String accountId) {
        CaCertificateHandlers h = new CaCertificateHandlers(cas, accountId);
        registry.register("iot", "GetRegistrationCode", h::registrationCode)
                .register("iot", "RegisterCACertificate", h::registerCa)
                .register("iot", "DescribeCACertificate", h::describe)
                .register("iot", "UpdateCACertificate", h::update)
                .register("iot", "DeleteCACertificate", h::delete)
                .register("iot", "ListCACertificates", h::list);
    }

    private JsonNode registrationCode(OperationCall call) {
        ObjectNode out = Output.object();
        out.put("registrationCode", cas.registrationCode());
        return out;
    }

    private JsonNode registerCa(OperationCall call) {
        Input in = call.input();
        CaCertificate ca = cas.register(in.string("caCertificate"), in.optString("verificationCertificate"),
                in.bool("setAsActive"), in.bool("allowAutoRegistration"), in.optString("certificateMode").orElse("DEFAULT"),
                in.tags("tags"));
        ObjectNode out = Output.object();
        out.put("certificateArn", cas.arnOf(ca.id()));
        out.put("certificateId", ca.id());
        return out;
    }

    private JsonNode describe(OperationCall call) {
        CaCertificate c = cas.describe(call.input().string("certificateId"));
        ObjectNode out = Output.object();
        ObjectNode d = out.putObject("certificateDescription");
        d.put("certificateArn", cas.arnOf(c.id()));
        d.put("certificateId", c.id());
        d.put("status", c.status());
        d.put("certificatePem", c.pem());
        d.put("ownedBy", accountId);
        d.set("creationDate", Output.timestamp(c.creationDate()));
        d.put("autoRegistrationStatus", c.autoRegistrationStatus());
        d.set("lastModifiedDate", Output.timestamp(c.lastModifiedDate()));
        d.put("customerVersion", c.customerVersion());
        d.put("generationId", c.generationId());
        ObjectNode validity = d.putObject("validity");
        validity.set("notBefore", Output.timestamp(c.notBefore()));
        validity.set("notAfter", Output.timestamp(c.notAfter()));
        d.put("certificateMode", c.mode());
        return out;
    }

    private JsonNode update(OperationCall call) {
        Input in = call.input();
        cas.update(in.string("certificateId"), in.optString("newStatus"), in.optString("newAutoRegistrationStatus"));
        return Output.empty();
    }

    private JsonNode delete(OperationCall call) {
        cas.delete(call.input().string("certificateId"));
        return Output.empty();
    }

    private JsonNode list(OperationCall call) {
        Page<CaCertificate> page = cas.list(CertificateHandlers.page(call.input()),
                CertificateHandlers.ascending(call.input()));
        ObjectNode out = Output.object();
        ArrayNode list = out.putArray("certificates");
        for (CaCertificate c : page.items()) {
            ObjectNode item = list.addObject();
            item.put("certificateArn", cas.arnOf(c.id()));
            item.put("certificateId", c.id());
            item.put("status", c.status());
            item.set("creationDate", Output.timestamp(c.creationDate()));
        }
        page.nextToken().ifPresent(t -> out.put("nextMarker", t));
        return out;
    }
}
