package io.fleetline.api.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.search.indexing.FleetIndexing;
import io.fleetline.search.indexing.IndexingConfiguration;
import io.fleetline.search.indexing.IndexingConfiguration.ConnectivityMode;
import io.fleetline.search.indexing.IndexingConfiguration.CustomField;
import io.fleetline.search.indexing.IndexingConfiguration.FieldType;
import io.fleetline.search.indexing.IndexingConfiguration.ThingIndexingMode;
import java.util.ArrayList;
import java.util.List;

/** UpdateIndexingConfiguration, GetIndexingConfiguration, ListIndices and DescribeIndex. */
final class IndexingHandlers {
    private final FleetIndexing indexing;

    private IndexingHandlers(FleetIndexing indexing) {
        this.indexing = indexing;
    }

    static void register(HandlerRegistry registry, FleetIndexing indexing) {
        IndexingHandlers h = new IndexingHandlers(indexing);
        registry.register("iot", "UpdateIndexingConfiguration", h::update)
                .register("iot", "GetIndexingConfiguration", h::get)
                .register("iot", "ListIndices", h::list)
                .register("iot", "DescribeIndex", h::describe);
    }

    /** Either part left out stays as it was, as on AWS. */
    private JsonNode update(OperationCall call) {
        Input in = call.input();
        IndexingConfiguration current = indexing.configuration();
        JsonNode things = in.object("thingIndexingConfiguration").orElse(null);
        JsonNode groups = in.object("thingGroupIndexingConfiguration").orElse(null);
        IndexingConfiguration next = things == null ? current : thingPart(things);
        boolean groupIndexing = groups == null ? current.thingGroupIndexing()
                : "ON".equals(groups.path("thingGroupIndexingMode").asText());
        List<CustomField> groupFields = groups == null ? current.thingGroupCustomFields()
                : fields(groups.get("customFields"));
        indexing.configure(new IndexingConfiguration(next.thingIndexingMode(), next.connectivity(),
                next.namedShadows(), next.namedShadowNames(), next.customFields(), groupIndexing, groupFields));
        return Output.empty();
    }

    private static IndexingConfiguration thingPart(JsonNode things) {
        ThingIndexingMode mode = ThingIndexingMode.valueOf(things.path("thingIndexingMode").asText());
        ConnectivityMode connectivity = ConnectivityMode.valueOf(
                things.path("thingConnectivityIndexingMode").asText("OFF"));
        if (!things.path("deviceDefenderIndexingMode").asText("OFF").equals("OFF")) {
            throw FleetlineException.invalid("Fleetline does not index Device Defender violations");
        }
        boolean named = "ON".equals(things.path("namedShadowIndexingMode").asText("OFF"));
        List<String> names = Input.strings(things.path("filter").get("namedShadowNames"));
        if (things.path("filter").has("geoLocations")) {
            throw FleetlineException.invalid("Fleetline does not index geolocations");
        }
        return new IndexingConfiguration(mode, connectivity, named, names, fields(things.get("customFields")),
                false, List.of());
    }

    private static List<CustomField> fields(JsonNode list) {
        List<CustomField> fields = new ArrayList<>();
        if (list != null) {
            list.forEach(field -> fields.add(new CustomField(field.path("name").asText(),
                    FieldType.of(field.path("type").asText()))));
        }
        return fields;
    }

    private JsonNode get(OperationCall call) {
        IndexingConfiguration configuration = indexing.configuration();
        ObjectNode out = Output.object();
        ObjectNode things = out.putObject("thingIndexingConfiguration");
        things.put("thingIndexingMode", configuration.thingIndexingMode().name());
        things.put("thingConnectivityIndexingMode", configuration.connectivity().name());
        things.put("deviceDefenderIndexingMode", "OFF");
        things.put("namedShadowIndexingMode", configuration.namedShadows() ? "ON" : "OFF");
        if (configuration.thingIndexing()) {
            things.set("managedFields", managedFields(configuration));
        }
        things.set("customFields", fields(configuration.customFields()));
        if (!configuration.namedShadowNames().isEmpty()) {
            ArrayNode names = things.putObject("filter").putArray("namedShadowNames");
            configuration.namedShadowNames().forEach(names::add);
        }
        ObjectNode groups = out.putObject("thingGroupIndexingConfiguration");
        groups.put("thingGroupIndexingMode", configuration.thingGroupIndexing() ? "ON" : "OFF");
        groups.set("customFields", fields(configuration.thingGroupCustomFields()));
        return out;
    }

    /** The fields indexed whatever the custom fields say, as AWS lists them (versions are not indexed here). */
    private static ArrayNode managedFields(IndexingConfiguration configuration) {
        ArrayNode fields = Output.array();
        field(fields, "thingName", "String");
        field(fields, "thingId", "String");
        field(fields, "thingTypeName", "String");
        field(fields, "thingGroupNames", "String");
        if (configuration.classicShadow()) {
            field(fields, "shadow.hasDelta", "Boolean");
        }
        if (configuration.connectivityIndexing()) {
            field(fields, "connectivity.connected", "Boolean");
            field(fields, "connectivity.timestamp", "Number");
            field(fields, "connectivity.disconnectReason", "String");
        }
        return fields;
    }

    private static void field(ArrayNode fields, String name, String type) {
        ObjectNode field = fields.addObject();
        field.put("name", name);
        field.put("type", type);
    }

    private static ArrayNode fields(List<CustomField> custom) {
        ArrayNode fields = Output.array();
        custom.forEach(field -> field(fields, field.name(), field.type().awsName()));
        return fields;
    }

    private JsonNode list(OperationCall call) {
        ObjectNode out = Output.object();
        ArrayNode names = out.putArray("indexNames");
        indexing.indices().forEach(names::add);
        return out;
    }

    private JsonNode describe(OperationCall call) {
        String name = call.input().string("indexName");
        FleetIndexing.Status status = indexing.status(name);
        ObjectNode out = Output.object();
        out.put("indexName", name);
        out.put("indexStatus", status.name());
        out.put("schema", indexing.configuration().schema());
        return out;
    }
}
