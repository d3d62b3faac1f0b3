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
import io.fleetline.registry.group.DynamicQuery;
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
                .register("iot", "UpdateThingGroupsForThing", h::updateGroupsForThing)
                .register("iot", "CreateDynamicThingGroup", h::createDynamic)
                .register("iot", "UpdateDynamicThingGroup", h::updateDynamic)
                .register("iot", "DeleteDynamicThingGroup", h::deleteDynamic);
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
        group.query().ifPresent(query -> {
            out.put("indexName", query.indexName());
            out.put("queryString", query.queryString());
            out.put("queryVersion", query.queryVersion());
            out.put("status", registry.dynamicGroups().status());
        });
        return out;
    }

    private JsonNode createDynamic(OperationCall call) {
        Input in = call.input();
        Optional<JsonNode> properties = in.object("thingGroupProperties");
        DynamicQuery query = query(in).orElseThrow(() -> FleetlineException.invalid("queryString is required"));
        ThingGroup group = registry.dynamicGroups().create(in.string("thingGroupName"), description(properties),
                attributes(properties).orElse(Map.of()), in.tags("tags"), query);
        ObjectNode out = Output.object();
        out.put("thingGroupName", group.name());
        out.put("thingGroupArn", registry.groups().arnOf(group.name()));
        out.put("thingGroupId", group.id());
        out.put("indexName", query.indexName());
        out.put("queryString", query.queryString());
        out.put("queryVersion", query.queryVersion());
        return out;
    }

    private JsonNode updateDynamic(OperationCall call) {
        Input in = call.input();
        Optional<JsonNode> properties = in.object("thingGroupProperties");
        boolean merge = properties.map(p -> p.path("attributePayload").path("merge").asBoolean(false)).orElse(false);
        ThingGroupUpdate update = new ThingGroupUpdate(description(properties), attributes(properties), merge,
                in.optLong("expectedVersion"));
        Optional<DynamicQuery> query = query(in);
        if (query.isEmpty() && (in.optString("indexName").isPresent() || in.optString("queryVersion").isPresent())) {
            // the index or version alone change nothing without the query they go with: keep the query, take them
            DynamicQuery current = registry.groups().describe(in.string("thingGroupName")).query()
                    .orElseThrow(() -> FleetlineException.invalid("Thing group " + in.string("thingGroupName")
                            + " is a static thing group; use UpdateThingGroup for it"));
            query = Optional.of(new DynamicQuery(in.optString("indexName").orElse(current.indexName()),
                    current.queryString(), in.optString("queryVersion").orElse(current.queryVersion())));
        }
        long version = registry.dynamicGroups().update(in.string("thingGroupName"), update, query);
        ObjectNode out = Output.object();
        out.put("version", version);
        return out;
    }

    private JsonNode deleteDynamic(OperationCall call) {
        registry.dynamicGroups().delete(call.input().string("thingGroupName"), call.input().optLong("expectedVersion"));
        return Output.empty();
    }

    /** A dynamic group's query as a request gives it, with AWS's defaults for the index and the version. */
    private static Optional<DynamicQuery> query(Input in) {
        return in.optString("queryString").map(queryString -> {
            if (queryString.isBlank()) {
                throw FleetlineException.invalid("queryString must not be empty");
            }
            String version = in.optString("queryVersion").orElse(DynamicQuery.DEFAULT_VERSION);
            if (!DynamicQuery.DEFAULT_VERSION.equals(version)) {
                throw FleetlineException.invalid("queryVersion " + version + " is not supported; the query syntax's "
                        + "version is " + DynamicQuery.DEFAULT_VERSION);
            }
            return new DynamicQuery(in.optString("indexName").orElse(DynamicQuery.DEFAULT_INDEX), queryString, version);
        });
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
        registry.membership().add(groupName(call.input()), thingName(call.input()),
                call.input().optBool("overrideDynamicGroups").orElse(false));
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
        registry.membership().update(thing, in.strings("thingGroupsToAdd"), in.strings("thingGroupsToRemove"),
                in.optBool("overrideDynamicGroups").orElse(false));
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
