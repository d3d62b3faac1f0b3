package io.fleetline.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.cert.CertificateService;
import io.fleetline.security.cert.CertificateStatus;
import io.fleetline.security.cert.IssuedCertificate;
import io.fleetline.security.cert.OwnedCertificate;
import io.fleetline.security.cert.TransferData;
import java.util.Optional;

/** Device certificate operations. */
final class CertificateHandlers {
    /** AWS pages certificate lists 25 at a time unless asked otherwise. */
    static final int DEFAULT_PAGE = 25;
    private final CertificateService certificates;

    private CertificateHandlers(CertificateService certificates) {
        this.certificates = certificates;
    }

    static void register(HandlerRegistry registry, CertificateService certificates) {
        CertificateHandlers h = new CertificateHandlers(certificates);
        registry.register("iot", "CreateKeysAndCertificate", h::createKeysAndCertificate)
                .register("iot", "CreateCertificateFromCsr", h::createFromCsr)
                .register("iot", "RegisterCertificate", h::register)
                .register("iot", "RegisterCertificateWithoutCA", h::registerWithoutCa)
                .register("iot", "DescribeCertificate", h::describe)
                .register("iot", "ListCertificates", h::list)
                .register("iot", "ListCertificatesByCA", h::listByCa)
                .register("iot", "UpdateCertificate", h::update)
                .register("iot", "DeleteCertificate", h::delete);
    }

    private JsonNode createKeysAndCertificate(OperationCall call) {
        IssuedCertificate issued = certificates.createKeysAndCertificate(call.input().bool("setAsActive"));
        ObjectNode out = idAndArn(issued.certificate());
        out.put("certificatePem", issued.certificate().pem());
        ObjectNode keys = out.putObject("keyPair");
        keys.put("PublicKey", issued.publicKeyPem());
        keys.put("PrivateKey", issued.privateKeyPem());
        return out;
    }

    private JsonNode createFromCsr(OperationCall call) {
        Certificate certificate = certificates.createFromCsr(call.input().string("certificateSigningRequest"),
                call.input().bool("setAsActive"));
        ObjectNode out = idAndArn(certificate);
        out.put("certificatePem", certificate.pem());
        return out;
    }

    private JsonNode register(OperationCall call) {
        Input in = call.input();
        return idAndArn(certificates.register(in.string("certificatePem"), in.optString("caCertificatePem"),
                status(in), in.bool("setAsActive")));
    }

    private JsonNode registerWithoutCa(OperationCall call) {
        Input in = call.input();
        return idAndArn(certificates.registerWithoutCa(in.string("certificatePem"), status(in)));
    }

    private JsonNode describe(OperationCall call) {
        OwnedCertificate owned = certificates.describeWithOffers(call.input().string("certificateId"));
        Certificate c = owned.certificate();
        ObjectNode out = Output.object();
        ObjectNode d = out.putObject("certificateDescription");
        d.put("certificateArn", owned.arn());
        d.put("certificateId", c.id());
        Output.put(d, "caCertificateId", c.caCertificateId());
        d.put("status", c.status().name());
        d.put("certificatePem", c.pem());
        d.put("ownedBy", owned.owner().accountId());
        Output.put(d, "previousOwnedBy", c.previousOwner());
        c.transfer().ifPresent(t -> transferData(d.putObject("transferData"), t));
        d.set("creationDate", Output.timestamp(c.creationDate()));
        d.set("lastModifiedDate", Output.timestamp(c.lastModifiedDate()));
        d.put("customerVersion", c.customerVersion());
        d.put("generationId", c.generationId());
        ObjectNode validity = d.putObject("validity");
        validity.set("notBefore", Output.timestamp(c.notBefore()));
        validity.set("notAfter", Output.timestamp(c.notAfter()));
        d.put("certificateMode", c.mode());
        return out;
    }

    private static void transferData(ObjectNode out, TransferData t) {
        Output.put(out, "transferMessage", t.message());
        Output.put(out, "rejectReason", t.rejectReason());
        out.set("transferDate", Output.timestamp(t.transferDate()));
        t.acceptDate().ifPresent(date -> out.set("acceptDate", Output.timestamp(date)));
        t.rejectDate().ifPresent(date -> out.set("rejectDate", Output.timestamp(date)));
    }

    /** This account's certificates and those other accounts offer to it, each with its owner's ARN. */
    private JsonNode list(OperationCall call) {
        return listed(certificates.listWithOffers(page(call.input()), ascending(call.input())));
    }

    private JsonNode listByCa(OperationCall call) {
        return listed(certificates.list(Optional.of(call.input().string("caCertificateId")), page(call.input()),
                ascending(call.input())).map(c -> new OwnedCertificate(c, certificates.scope())));
    }

    private JsonNode update(OperationCall call) {
        certificates.updateStatus(call.input().string("certificateId"),
                CertificateStatus.valueOf(call.input().string("newStatus")));
        return Output.empty();
    }

    private JsonNode delete(OperationCall call) {
        certificates.delete(call.input().string("certificateId"), call.input().bool("forceDelete"));
        return Output.empty();
    }

    private static JsonNode listed(Page<OwnedCertificate> page) {
        ObjectNode out = Output.object();
        ArrayNode list = out.putArray("certificates");
        for (OwnedCertificate owned : page.items()) {
            Certificate c = owned.certificate();
            ObjectNode item = list.addObject();
            item.put("certificateArn", owned.arn());
            item.put("certificateId", c.id());
            item.put("status", c.status().name());
            item.put("certificateMode", c.mode());
            item.set("creationDate", Output.timestamp(c.creationDate()));
        }
        page.nextToken().ifPresent(t -> out.put("nextMarker", t));
        return out;
    }

    private ObjectNode idAndArn(Certificate certificate) {
        ObjectNode out = Output.object();
        out.put("certificateArn", certificates.arnOf(certificate.id()));
        out.put("certificateId", certificate.id());
        return out;
    }

    static PageRequest page(Input in) {
        return PageRequest.of(in.optInt("pageSize").orElse(null), in.optString("marker").orElse(null), DEFAULT_PAGE);
    }

    /** AWS lists certificates newest first unless {@code isAscendingOrder=true}. */
    static boolean ascending(Input in) {
        return in.bool("ascendingOrder");
    }

    private static Optional<CertificateStatus> status(Input in) {
        return in.optString("status").map(CertificateStatus::valueOf);
    }
}
