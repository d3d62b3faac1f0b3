package io.fleetline.api.registry;

import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.registry.Registry;
import java.util.Map;

/** Registers every registry operation Fleetline serves. */
public final class RegistryApi {
    private RegistryApi() {
    }

    /** @param endpoints the address DescribeEndpoint answers for each endpoint type */
    public static void register(HandlerRegistry handlers, Registry registry, Map<String, String> endpoints) {
        ThingHandlers.register(handlers, registry.things(), registry.billing());
        ThingTypeHandlers.register(handlers, registry.types());
        ThingGroupHandlers.register(handlers, registry);
        BillingGroupHandlers.register(handlers, registry.billing(), registry.scope());
        TagHandlers.register(handlers, registry.tags());
        EndpointHandler.register(handlers, endpoints);
    }
}
