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
import io.fleetline.registry.type.ThingType;
import io.fleetline.registry.type.ThingTypeProperties;
import io.fleetline.registry.type.ThingTypeService;
import java.util.Optional;

/** The thing type operations. */
final class ThingTypeHandlers {
    private final ThingTypeService types;

    private ThingTypeHandlers(ThingTypeService types) {
        this.types = types;
    }

    static void register(HandlerRegistry registry, ThingTypeService types) {
        ThingTypeHandlers h = new ThingTypeHandlers(types);
        registry.register("iot", "CreateThingType", h::create)
                .register("iot", "DescribeThingType", h::describe)
                .register("iot", "UpdateThingType", h::update)
                .register("iot", "DeprecateThingType", h::deprecate)
                .register("iot", "DeleteThingType", h::delete)
                .register("iot", "ListThingTypes", h::list);
    }

    private JsonNode create(OperationCall call) {
        Input in = call.input();
        ThingType type = types.create(in.string("thingTypeName"), properties(in), in.tags("tags"));
        ObjectNode out = Output.object();
        out.put("thingTypeName", type.name());
        out.put("thingTypeArn", types.arnOf(type.name()));
        out.put("thingTypeId", type.id());
        return out;
    }

    private JsonNode describe(OperationCall call) {
        ThingType type = types.describe(call.input().string("thingTypeName"));
        ObjectNode out = definition(type);
        out.put("thingTypeId", type.id());
        return out;
    }

    private JsonNode update(OperationCall call) {
        types.update(call.input().string("thingTypeName"), properties(call.input()));
        return Output.empty();
    }

    private JsonNode deprecate(OperationCall call) {
        types.deprecate(call.input().string("thingTypeName"), call.input().bool("undoDeprecate"));
        return Output.empty();
    }

    private JsonNode delete(OperationCall call) {
        types.delete(call.input().string("thingTypeName"));
        return Output.empty();
    }

    private JsonNode list(OperationCall call) {
        Input in = call.input();
        Page<ThingType> page = types.list(in.optString("thingTypeName"), PageRequest.of(
                in.optInt("maxResults").orElse(null), in.optString("nextToken").orElse(null), ThingHandlers.DEFAULT_PAGE));
        ObjectNode out = Output.object();
        ArrayNode items = out.putArray("thingTypes");
        page.items().forEach(type -> items.add(definition(type)));
        Output.nextToken(out, page);
        return out;
    }

    private ObjectNode definition(ThingType type) {
        ObjectNode out = Output.object();
        out.put("thingTypeName", type.name());
        out.put("thingTypeArn", types.arnOf(type.name()));
        ObjectNode properties = out.putObject("thingTypeProperties");
        Output.put(properties, "thingTypeDescription", type.description());
        ArrayNode searchable = properties.putArray("searchableAttributes");
        type.searchableAttributes().forEach(searchable::add);
        ObjectNode metadata = out.putObject("thingTypeMetadata");
        metadata.put("deprecated", type.deprecated());
        type.deprecationDate().ifPresent(d -> metadata.set("deprecationDate", Output.timestamp(d)));
        metadata.set("creationDate", Output.timestamp(type.creationDate()));
        return out;
    }

    private static ThingTypeProperties properties(Input in) {
        Optional<JsonNode> properties = in.object("thingTypeProperties");
        return new ThingTypeProperties(
                properties.map(p -> p.get("thingTypeDescription")).filter(d -> d != null && !d.isNull())
                        .map(JsonNode::asText),
                properties.map(p -> Input.strings(p.get("searchableAttributes"))).orElse(java.util.List.of()));
    }
}
