package io.fleetline.registry;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.registry.billing.BillingGroup;
import io.fleetline.registry.group.ThingGroup;
import io.fleetline.registry.thing.Thing;
import io.fleetline.registry.type.ThingType;

/** Finds a registry resource or fails with the {@code ResourceNotFoundException} AWS answers. */
public final class Lookups {
    private Lookups() {
    }

    public static Thing thing(RegistryTx tx, String name) {
        return tx.findThing(name).orElseThrow(() -> FleetlineException.notFound("Thing " + name + " cannot be found."));
    }

    public static ThingType thingType(RegistryTx tx, String name) {
        return tx.findThingType(name)
                .orElseThrow(() -> FleetlineException.notFound("Thing type " + name + " cannot be found."));
    }

    public static ThingGroup group(RegistryTx tx, String name) {
        return tx.findGroup(name)
                .orElseThrow(() -> FleetlineException.notFound("Thing group " + name + " cannot be found."));
    }

    public static BillingGroup billingGroup(RegistryTx tx, String name) {
        return tx.findBillingGroup(name)
                .orElseThrow(() -> FleetlineException.notFound("Billing group " + name + " cannot be found."));
    }
}
