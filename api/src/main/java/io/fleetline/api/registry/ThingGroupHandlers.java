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
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.Registry;
import io.fleetline.registry.RegistryNames;
import io.fleetline.registry.group.ThingGroup;
import io.fleetline.registry.group.ThingGroupUpdate;
import java.util.Map;
import java.util.Optional;

/** Thing group operations and group membership. */
final class ThingGroupHandlers {
    private final Registry registry;

    private ThingGroupHandlers(Registry registry) {
        this.registry = registry;
    }

    static void register(HandlerRegistry handlers, Registry registry) {
        ThingGroupHandlers h = new ThingGroupHandlers(registry);
        handlers.register("iot", "CreateThingGroup", h::create)
                .register("iot", "DescribeThingGroup", h::describe)
                .register("iot", "UpdateThingGroup", h::update)
                .register("iot", "DeleteThingGroup", h::delete)
                .register("iot", "ListThingGroups", h::list)
                .register("iot", "AddThingToThingGroup", h::addThing)
                .register("iot", "RemoveThingFromThingGroup", h::removeThing)
                .register("iot", "ListThingsInThingGroup", h::listThings)
                .register("iot", "ListThingGroupsForThing", h::listGroupsForThing)
                .register("iot", "UpdateThingGroupsForThing", h::updateGroupsForThing);
    }

    private JsonNode create(OperationCall call) {
        Input in = call.input();
        Optional<JsonNode> properties = in.object("thingGroupProperties");
        ThingGroup group = registry.groups().create(in.string("thingGroupName"), in.optString("parentGroupName"),
                description(properties), attributes(properties).orElse(Map.of()), in.tags("tags"));
        ObjectNode out = Output.object();
        out.put("thingGroupName", group.name());
        out.put("thingGroupArn", registry.groups().arnOf(group.name()));
        out.put("thingGroupId", group.id());
        return out;
    }

    private JsonNode describe(OperationCall call) {
        ThingGroup group = registry.groups().describe(call.input().string("thingGroupName"));
        ObjectNode out = Output.object();
        out.put("thingGroupName", group.name());
        out.put("thingGroupId", group.id());
        out.put("thingGroupArn", registry.groups().arnOf(group.name()));
        out.put("version", group.version());
        ObjectNode properties = out.putObject("thingGroupProperties");
        Output.put(properties, "thingGroupDescription", group.description());
        properties.putObject("attributePayload").set("attributes", Output.stringMap(group.attributes()));
        ObjectNode metadata = out.putObject("thingGroupMetadata");
        Output.put(metadata, "parentGroupName", group.parentName());
        ArrayNode ancestors = metadata.putArray("rootToParentThingGroups");
        group.ancestors().forEach(name -> ancestors.add(nameAndArn(name)));
        metadata.set("creationDate", Output.timestamp(group.creationDate()));
        return out;
    }

    private JsonNode update(OperationCall call) {
        Input in = call.input();
        Optional<JsonNode> properties = in.object("thingGroupProperties");
        boolean merge = properties.map(p -> p.path("attributePayload").path("merge").asBoolean(false)).orElse(false);
        long version = registry.groups().update(in.string("thingGroupName"),
                new ThingGroupUpdate(description(properties), attributes(properties), merge, in.optLong("expectedVersion")));
        ObjectNode out = Output.object();
        out.put("version", version);
        return out;
    }

    private JsonNode delete(OperationCall call) {
        registry.groups().delete(call.input().string("thingGroupName"), call.input().optLong("expectedVersion"));
        return Output.empty();
    }

    private JsonNode list(OperationCall call) {
        Input in = call.input();
        // the model gives recursive no default: absent, a plain list-thing-groups lists every group (as the CLI's
        // example shows), and with parentGroup it lists those whose parent that is (as the member says)
        Optional<String> parent = in.optString("parentGroup");
        Page<ThingGroup> page = registry.groups().list(parent, in.optString("namePrefixFilter").orElse(""),
                in.optBool("recursive").orElse(parent.isEmpty()), page(in));
        return groupList(page);
    }

    private JsonNode addThing(OperationCall call) {
        registry.membership().add(groupName(call.input()), thingName(call.input()));
        return Output.empty();
    }

    private JsonNode removeThing(OperationCall call) {
        registry.membership().remove(groupName(call.input()), thingName(call.input()));
        return Output.empty();
    }

    private JsonNode listThings(OperationCall call) {
        Input in = call.input();
        Page<String> page = registry.membership().things(in.string("thingGroupName"), in.bool("recursive"), page(in));
        ObjectNode out = Output.object();
        ArrayNode things = out.putArray("things");
        page.items().forEach(things::add);
        Output.nextToken(out, page);
        return out;
    }

    private JsonNode listGroupsForThing(OperationCall call) {
        Input in = call.input();
        return groupList(registry.membership().groups(in.string("thingName"), page(in)));
    }

    private JsonNode updateGroupsForThing(OperationCall call) {
        Input in = call.input();
        String thing = in.optString("thingName").orElseThrow(() -> FleetlineException.invalid("thingName is required"));
        registry.membership().update(thing, in.strings("thingGroupsToAdd"), in.strings("thingGroupsToRemove"));
        return Output.empty();
    }

    private ObjectNode groupList(Page<ThingGroup> page) {
        ObjectNode out = Output.object();
        ArrayNode groups = out.putArray("thingGroups");
        page.items().forEach(group -> groups.add(nameAndArn(group.name())));
        Output.nextToken(out, page);
        return out;
    }

    private ObjectNode nameAndArn(String groupName) {
        ObjectNode item = Output.object();
        item.put("groupName", groupName);
        item.put("groupArn", registry.groups().arnOf(groupName));
        return item;
    }

    /** AddThingToThingGroup and its twin name the group by name or by ARN; one of them is needed. */
    private String groupName(Input in) {
        return nameOrArn(registry.scope(), in, "thingGroupName", "thingGroupArn", ResourceType.THING_GROUP);
    }

    private String thingName(Input in) {
        return nameOrArn(registry.scope(), in, "thingName", "thingArn", ResourceType.THING);
    }

    /** The resource a request names by name or by ARN (or both, if they agree); one of them is needed. */
    static String nameOrArn(AccountScope scope, Input in, String nameMember, String arnMember, ResourceType type) {
        Optional<String> byArn = in.optString(arnMember).map(arn -> scope.requireNameIn(arn, type, arnMember));
        Optional<String> byName = in.optString(nameMember);
        if (byName.isPresent() && byArn.isPresent() && !byName.equals(byArn)) {
            throw FleetlineException.invalid(nameMember + " and " + arnMember + " name different resources");
        }
        String name = byName.or(() -> byArn).orElseThrow(() -> FleetlineException.invalid(
                "Either " + nameMember + " or " + arnMember + " is required"));
        return RegistryNames.require(name, nameMember);
    }

    static PageRequest page(Input in) {
        return PageRequest.of(in.optInt("maxResults").orElse(null), in.optString("nextToken").orElse(null),
                ThingHandlers.DEFAULT_PAGE);
    }

    private static Optional<String> description(Optional<JsonNode> properties) {
        return properties.map(p -> p.get("thingGroupDescription")).filter(d -> d != null && !d.isNull())
                .map(JsonNode::asText);
    }

    private static Optional<Map<String, String>> attributes(Optional<JsonNode> properties) {
        return properties.map(p -> p.path("attributePayload").get("attributes")).filter(a -> a != null && !a.isNull())
                .map(Input::stringMap);
    }
}
