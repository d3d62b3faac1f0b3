package io.fleetline.api.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.device.DeviceProtocol;
import io.fleetline.api.device.ShadowRequests;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.shadow.ShadowKey;
import io.fleetline.shadow.ShadowService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The shadow operations of iot-data. The response body is the shadow document itself (the model's blob payload). A
 * device on the HTTPS device port needs its policy to allow {@code iot:GetThingShadow}, {@code iot:UpdateThingShadow},
 * {@code iot:DeleteThingShadow} or {@code iot:ListNamedShadowsForThing} on the thing (for a named shadow on
 * {@code thing/{thing}/{shadow}}), as on AWS; operators sign with keys.
 */
public final class ShadowApi {
    /** ListNamedShadowsForThing's page when the caller names none. */
    static final int DEFAULT_PAGE = 25;

    private final ShadowRequests requests;
    private final ShadowService service;
    private final MessageBus bus;
    private final AccountScope scope;
    private final Clock clock;

    private ShadowApi(ShadowRequests requests, ShadowService service, MessageBus bus, AccountScope scope,
                      Clock clock) {
        this.requests = requests;
        this.service = service;
        this.bus = bus;
        this.scope = scope;
        this.clock = clock;
    }

    /** Registers the iot-data shadow operations, answered by the same {@code requests} as the devices' MQTT topics. */
    public static void register(HandlerRegistry handlers, ShadowRequests requests, ShadowService service,
                                MessageBus bus, AccountScope scope, Clock clock) {
        ShadowApi api = new ShadowApi(requests, service, bus, scope, clock);
        handlers.register("iot-data", "GetThingShadow", api::get)
                .register("iot-data", "UpdateThingShadow", api::update)
                .register("iot-data", "DeleteThingShadow", api::delete)
                .register("iot-data", "ListNamedShadowsForThing", api::listNamed);
    }

    private JsonNode get(OperationCall call) {
        return requests.get(authorized(call, "iot:GetThingShadow"), new byte[0]).response();
    }

    private JsonNode update(OperationCall call) {
        ShadowKey key = authorized(call, "iot:UpdateThingShadow");
        byte[] payload = call.input().object("payload").map(ShadowApi::bytes).orElse(new byte[0]);
        return published(requests.update(key, payload));
    }

    private JsonNode delete(OperationCall call) {
        return published(requests.delete(authorized(call, "iot:DeleteThingShadow"), new byte[0]));
    }

    private JsonNode listNamed(OperationCall call) {
        Input in = call.input();
        String thing = in.string("thingName");
        call.caller().device().ifPresent(d -> d.require("iot:ListNamedShadowsForThing",
                scope.arn(ResourceType.THING, thing)));
        PageRequest page = PageRequest.of(in.optInt("pageSize").orElse(null), in.optString("nextToken").orElse(null),
                DEFAULT_PAGE);
        Page<String> names = service.listNamed(thing, page);
        ObjectNode out = Output.object();
        ArrayNode results = out.putArray("results");
        names.items().forEach(results::add);
        Output.nextToken(out, names);
        return out.put("timestamp", clock.instant().getEpochSecond());
    }

    private JsonNode published(ShadowRequests.Answer answer) {
        List<DeviceProtocol.Reply> messages = answer.published();
        messages.forEach(m -> bus.publish(m.topic(), m.payload(), 1, false));
        return answer.response();
    }

    /** The shadow of the request, once a device caller is allowed the action on it. */
    private ShadowKey authorized(OperationCall call, String action) {
        String thing = call.input().string("thingName");
        Optional<String> shadow = call.input().optString("shadowName");
        String resource = thing + shadow.map(name -> "/" + name).orElse("");
        call.caller().device().ifPresent(d -> d.require(action, scope.arn(ResourceType.THING, resource)));
        return new ShadowKey(thing, shadow);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw FleetlineException.invalid("The payload cannot be read");
        }
    }
}
