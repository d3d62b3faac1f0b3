package io.fleetline.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.jobs.events.EventConfigurations;
import java.util.LinkedHashMap;
import java.util.Map;

/** UpdateEventConfigurations and DescribeEventConfigurations. */
final class EventConfigurationHandlers {
    private final EventConfigurations configurations;

    private EventConfigurationHandlers(EventConfigurations configurations) {
        this.configurations = configurations;
    }

    static void register(HandlerRegistry registry, EventConfigurations configurations) {
        EventConfigurationHandlers h = new EventConfigurationHandlers(configurations);
        registry.register("iot", "UpdateEventConfigurations", h::update)
                .register("iot", "DescribeEventConfigurations", h::describe);
    }

    private JsonNode update(OperationCall call) {
        Map<String, Boolean> changes = new LinkedHashMap<>();
        call.input().object("eventConfigurations").ifPresent(node -> node.properties().forEach(e ->
                changes.put(e.getKey(), e.getValue().path("Enabled").asBoolean(false))));
        configurations.update(changes);
        return Output.empty();
    }

    private JsonNode describe(OperationCall call) {
        EventConfigurations.Snapshot snapshot = configurations.describe();
        ObjectNode out = Output.object();
        ObjectNode all = out.putObject("eventConfigurations");
        snapshot.enabled().forEach((type, on) -> all.putObject(type).put("Enabled", on));
        out.set("creationDate", Output.timestamp(snapshot.createdAt()));
        out.set("lastModifiedDate", Output.timestamp(snapshot.lastModifiedAt()));
        return out;
    }
}
