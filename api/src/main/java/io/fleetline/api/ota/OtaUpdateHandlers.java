package io.fleetline.api.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.ota.update.OtaUpdate;
import io.fleetline.ota.update.OtaUpdateStatus;
import io.fleetline.ota.update.OtaUpdates;

/** CreateOTAUpdate, GetOTAUpdate, ListOTAUpdates and DeleteOTAUpdate over an account's {@link OtaUpdates}. */
public final class OtaUpdateHandlers {
    static final int DEFAULT_PAGE = 50;
    private final OtaUpdates updates;

    private OtaUpdateHandlers(OtaUpdates updates) {
        this.updates = updates;
    }

    /** Registers the four operations. */
    public static void register(HandlerRegistry registry, OtaUpdates updates) {
        OtaUpdateHandlers h = new OtaUpdateHandlers(updates);
        registry.register("iot", "CreateOTAUpdate", h::create)
                .register("iot", "GetOTAUpdate", h::get)
                .register("iot", "ListOTAUpdates", h::list)
                .register("iot", "DeleteOTAUpdate", h::delete);
    }

    private JsonNode create(OperationCall call) {
        OtaUpdate update = updates.create(OtaUpdateInput.request(call.input()));
        ObjectNode out = Output.object();
        out.put("otaUpdateId", update.id());
        Output.put(out, "awsIotJobId", update.jobId());
        out.put("otaUpdateArn", update.arn());
        Output.put(out, "awsIotJobArn", update.jobArn());
        out.put("otaUpdateStatus", update.status().name());
        return out;
    }

    private JsonNode get(OperationCall call) {
        ObjectNode out = Output.object();
        out.set("otaUpdateInfo", OtaUpdateOutput.info(updates.get(call.input().string("otaUpdateId"))));
        return out;
    }

    private JsonNode list(OperationCall call) {
        Input in = call.input();
        Page<OtaUpdate> page = updates.list(in.optString("otaUpdateStatus").map(OtaUpdateStatus::valueOf),
                PageRequest.of(in.optInt("maxResults").orElse(null), in.optString("nextToken").orElse(null),
                        DEFAULT_PAGE));
        ObjectNode out = Output.object();
        ArrayNode items = out.putArray("otaUpdates");
        for (OtaUpdate update : page.items()) {
            ObjectNode item = items.addObject();
            item.put("otaUpdateId", update.id());
            item.put("otaUpdateArn", update.arn());
            item.set("creationDate", Output.timestamp(update.createdAt()));
        }
        Output.nextToken(out, page);
        return out;
    }

    private JsonNode delete(OperationCall call) {
        Input in = call.input();
        updates.delete(in.string("otaUpdateId"), in.bool("deleteStream"), in.bool("forceDeleteAWSJob"));
        return Output.empty();
    }
}
