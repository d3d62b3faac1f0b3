package io.fleetline.api.registry;

import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.error.FleetlineException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * DescribeEndpoint: answers the address devices and tools should use for each endpoint type. AWS answers a
 * bare host name; Fleetline answers its configured public host, with a port where it is not the default.
 */
final class EndpointHandler {
    private final Map<String, String> addresses;

    private EndpointHandler(Map<String, String> addresses) {
        this.addresses = Map.copyOf(addresses);
    }

    /** @param addresses the address per endpoint type ({@code iot:Data-ATS}, {@code iot:Jobs}, ...) */
    static void register(HandlerRegistry registry, Map<String, String> addresses) {
        EndpointHandler h = new EndpointHandler(addresses);
        registry.register("iot", "DescribeEndpoint", h::describe);
    }

    private JsonNode describe(OperationCall call) {
        String type = call.input().optString("endpointType").orElse("iot:Data");
        String address = addresses.get(type);
        if (address == null) {
            throw FleetlineException.invalid("Endpoint type " + type + " is not one of " + addresses.keySet().stream()
                    .sorted().toList());
        }
        ObjectNode out = Output.object();
        out.put("endpointAddress", address);
        return out;
    }
}
