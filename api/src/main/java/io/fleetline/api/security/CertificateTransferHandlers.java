package io.fleetline.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.page.Page;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.cert.CertificateTransfers;
import io.fleetline.security.cert.TransferData;

/** Certificate transfers between accounts: offering, cancelling, accepting, rejecting, and the offers made. */
final class CertificateTransferHandlers {
    private final CertificateTransfers transfers;

    private CertificateTransferHandlers(CertificateTransfers transfers) {
        this.transfers = transfers;
    }

    static void register(HandlerRegistry registry, CertificateTransfers transfers) {
        CertificateTransferHandlers h = new CertificateTransferHandlers(transfers);
        registry.register("iot", "TransferCertificate", h::transfer)
                .register("iot", "CancelCertificateTransfer", h::cancel)
                .register("iot", "AcceptCertificateTransfer", h::accept)
                .register("iot", "RejectCertificateTransfer", h::reject)
                .register("iot", "ListOutgoingCertificates", h::outgoing);
    }

    private JsonNode transfer(OperationCall call) {
        Input in = call.input();
        String arn = transfers.transfer(in.string("certificateId"), in.string("targetAwsAccount"),
                in.optString("transferMessage"));
        ObjectNode out = Output.object();
        out.put("transferredCertificateArn", arn);
        return out;
    }

    private JsonNode cancel(OperationCall call) {
        transfers.cancel(call.input().string("certificateId"));
        return Output.empty();
    }

    private JsonNode accept(OperationCall call) {
        transfers.accept(call.input().string("certificateId"), call.input().bool("setAsActive"));
        return Output.empty();
    }

    private JsonNode reject(OperationCall call) {
        transfers.reject(call.input().string("certificateId"), call.input().optString("rejectReason"));
        return Output.empty();
    }

    private JsonNode outgoing(OperationCall call) {
        Page<Certificate> page = transfers.outgoing(CertificateHandlers.page(call.input()),
                CertificateHandlers.ascending(call.input()));
        ObjectNode out = Output.object();
        ArrayNode list = out.putArray("outgoingCertificates");
        for (Certificate c : page.items()) {
            TransferData t = c.transfer().orElseThrow();
            ObjectNode item = list.addObject();
            item.put("certificateArn", transfers.scope().arn(ResourceType.CERTIFICATE, c.id()));
            item.put("certificateId", c.id());
            item.put("transferredTo", t.targetAccount());
            item.set("transferDate", Output.timestamp(t.transferDate()));
            Output.put(item, "transferMessage", t.message());
            item.set("creationDate", Output.timestamp(c.creationDate()));
        }
        page.nextToken().ifPresent(token -> out.put("nextMarker", token));
        return out;
    }
}
