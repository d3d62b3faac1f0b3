package io.fleetline.api.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.billing.BillingGroupService;
import io.fleetline.registry.thing.Thing;
import io.fleetline.registry.thing.ThingFilter;
import io.fleetline.registry.thing.ThingService;
import io.fleetline.registry.thing.ThingUpdate;
import java.util.Map;
import java.util.Optional;

/** CreateThing, DescribeThing, UpdateThing, DeleteThing and ListThings; a thing's billing group comes from billing. */
final class ThingHandlers {
    static final int DEFAULT_PAGE = 50;
    private final ThingService things;
    private final BillingGroupService billing;

    private ThingHandlers(ThingService things, BillingGroupService billing) {
        this.things = things;
        this.billing = billing;
    }

    static void register(HandlerRegistry registry, ThingService things, BillingGroupService billing) {
        ThingHandlers h = new ThingHandlers(things, billing);
        registry.register("iot", "CreateThing", h::create)
                .register("iot", "DescribeThing", h::describe)
                .register("iot", "UpdateThing", h::update)
                .register("iot", "DeleteThing", h::delete)
                .register("iot", "ListThings", h::list);
    }

    private JsonNode create(OperationCall call) {
        Input in = call.input();
        Map<String, String> attributes = Input.stringMap(in.object("attributePayload")
                .map(p -> p.get("attributes")).orElse(null));
        Thing thing = things.create(in.string("thingName"), in.optString("thingTypeName"), attributes,
                in.optString("billingGroupName"));
        ObjectNode out = Output.object();
        out.put("thingName", thing.name());
        out.put("thingArn", things.arnOf(thing.name()));
        out.put("thingId", thing.id());
        return out;
    }

    private JsonNode describe(OperationCall call) {
        Thing thing = things.describe(call.input().string("thingName"));
        ObjectNode out = Output.object();
        out.put("defaultClientId", thing.name());
        out.put("thingName", thing.name());
        out.put("thingId", thing.id());
        out.put("thingArn", things.arnOf(thing.name()));
        Output.put(out, "thingTypeName", thing.typeName());
        out.set("attributes", Output.stringMap(thing.attributes()));
        out.put("version", thing.version());
        Output.put(out, "billingGroupName", billing.groupOf(thing.name()));
        return out;
    }

    private JsonNode update(OperationCall call) {
        Input in = call.input();
        Optional<JsonNode> payload = in.object("attributePayload");
        // a payload without an attributes member changes nothing, as for thing groups
        Optional<Map<String, String>> attributes = payload.map(p -> p.get("attributes"))
                .filter(a -> a != null && !a.isNull()).map(Input::stringMap);
        boolean merge = payload.map(p -> p.path("merge").asBoolean(false)).orElse(false);
        things.update(in.string("thingName"), new ThingUpdate(in.optString("thingTypeName"), in.bool("removeThingType"),
                attributes, merge, in.optLong("expectedVersion")));
        return Output.empty();
    }

    private JsonNode delete(OperationCall call) {
        things.delete(call.input().string("thingName"), call.input().optLong("expectedVersion"));
        return Output.empty();
    }

    private JsonNode list(OperationCall call) {
        Input in = call.input();
        ThingFilter filter = new ThingFilter(in.optString("attributeName"), in.optString("attributeValue"),
                in.bool("usePrefixAttributeValue"), in.optString("thingTypeName"));
        Page<Thing> page = things.list(filter,
                PageRequest.of(in.optInt("maxResults").orElse(null), in.optString("nextToken").orElse(null), DEFAULT_PAGE));
        ObjectNode out = Output.object();
        ArrayNode items = out.putArray("things");
        for (Thing thing : page.items()) {
            ObjectNode item = items.addObject();
            item.put("thingName", thing.name());
            Output.put(item, "thingTypeName", thing.typeName());
            item.put("thingArn", things.arnOf(thing.name()));
            item.set("attributes", Output.stringMap(thing.attributes()));
            item.put("version", thing.version());
        }
        Output.nextToken(out, page);
        return out;
    }
}
