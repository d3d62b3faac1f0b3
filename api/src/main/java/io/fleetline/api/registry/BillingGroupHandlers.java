package io.fleetline.api.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.page.Page;
import io.fleetline.registry.billing.BillingGroup;
import io.fleetline.registry.billing.BillingGroupService;
import java.util.Optional;

/** Billing group operations and billing group membership. */
final class BillingGroupHandlers {
    private final BillingGroupService billing;
    private final AccountScope scope;

    private BillingGroupHandlers(BillingGroupService billing, AccountScope scope) {
        this.billing = billing;
        this.scope = scope;
    }

    static void register(HandlerRegistry handlers, BillingGroupService billing, AccountScope scope) {
        BillingGroupHandlers h = new BillingGroupHandlers(billing, scope);
        handlers.register("iot", "CreateBillingGroup", h::create)
                .register("iot", "DescribeBillingGroup", h::describe)
                .register("iot", "UpdateBillingGroup", h::update)
                .register("iot", "DeleteBillingGroup", h::delete)
                .register("iot", "ListBillingGroups", h::list)
                .register("iot", "AddThingToBillingGroup", h::addThing)
                .register("iot", "RemoveThingFromBillingGroup", h::removeThing)
                .register("iot", "ListThingsInBillingGroup", h::listThings);
    }

    private JsonNode create(OperationCall call) {
        Input in = call.input();
        BillingGroup group = billing.create(in.string("billingGroupName"), description(in), in.tags("tags"));
        ObjectNode out = Output.object();
        out.put("billingGroupName", group.name());
        out.put("billingGroupArn", billing.arnOf(group.name()));
        out.put("billingGroupId", group.id());
        return out;
    }

    private JsonNode describe(OperationCall call) {
        BillingGroup group = billing.describe(call.input().string("billingGroupName"));
        ObjectNode out = Output.object();
        out.put("billingGroupName", group.name());
        out.put("billingGroupId", group.id());
        out.put("billingGroupArn", billing.arnOf(group.name()));
        out.put("version", group.version());
        Output.put(out.putObject("billingGroupProperties"), "billingGroupDescription", group.description());
        out.putObject("billingGroupMetadata").set("creationDate", Output.timestamp(group.creationDate()));
        return out;
    }

    private JsonNode update(OperationCall call) {
        Input in = call.input();
        long version = billing.update(in.string("billingGroupName"), description(in), in.optLong("expectedVersion"));
        ObjectNode out = Output.object();
        out.put("version", version);
        return out;
    }

    private JsonNode delete(OperationCall call) {
        billing.delete(call.input().string("billingGroupName"), call.input().optLong("expectedVersion"));
        return Output.empty();
    }

    private JsonNode list(OperationCall call) {
        Input in = call.input();
        Page<BillingGroup> page = billing.list(in.optString("namePrefixFilter").orElse(""),
                ThingGroupHandlers.page(in));
        ObjectNode out = Output.object();
        ArrayNode groups = out.putArray("billingGroups");
        page.items().forEach(group -> groups.addObject().put("groupName", group.name())
                .put("groupArn", billing.arnOf(group.name())));
        Output.nextToken(out, page);
        return out;
    }

    private JsonNode addThing(OperationCall call) {
        billing.addThing(groupName(call.input()), thingName(call.input()));
        return Output.empty();
    }

    private JsonNode removeThing(OperationCall call) {
        billing.removeThing(groupName(call.input()), thingName(call.input()));
        return Output.empty();
    }

    private JsonNode listThings(OperationCall call) {
        Input in = call.input();
        Page<String> page = billing.things(in.string("billingGroupName"), ThingGroupHandlers.page(in));
        ObjectNode out = Output.object();
        ArrayNode things = out.putArray("things");
        page.items().forEach(things::add);
        Output.nextToken(out, page);
        return out;
    }

    private String groupName(Input in) {
        return ThingGroupHandlers.nameOrArn(scope, in, "billingGroupName", "billingGroupArn",
                ResourceType.BILLING_GROUP);
    }

    private String thingName(Input in) {
        return ThingGroupHandlers.nameOrArn(scope, in, "thingName", "thingArn", ResourceType.THING);
    }

    private static Optional<String> description(Input in) {
        return in.object("billingGroupProperties").map(p -> p.get("billingGroupDescription"))
                .filter(d -> d != null && !d.isNull()).map(JsonNode::asText);
    }
}
