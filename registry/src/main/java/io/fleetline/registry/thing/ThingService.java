package io.fleetline.registry.thing;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.Attributes;
import io.fleetline.registry.Lookups;
import io.fleetline.registry.RegistryChange;
import io.fleetline.registry.RegistryChanges;
import io.fleetline.registry.RegistryNames;
import io.fleetline.registry.RegistryStore;
import io.fleetline.registry.RegistryTx;
import io.fleetline.registry.billing.BillingGroupService;
import io.fleetline.registry.type.ThingType;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The thing operations of the registry. */
public final class ThingService {
    private final RegistryStore store;
    private final AccountScope scope;
    private final RegistryChanges changes;

    public ThingService(RegistryStore store, AccountScope scope, RegistryChanges changes) {
        this.store = store;
        this.scope = scope;
        this.changes = changes;
    }

    public String arnOf(String thingName) {
        return scope.arn(ResourceType.THING, thingName);
    }

    /**
     * Creates a thing. Repeating the call with the same type and attributes answers the existing thing,
     * as AWS does; the same name with anything else is {@code ResourceAlreadyExistsException}.
     */
    public Thing create(String name, Optional<String> typeName, Map<String, String> attributes) {
        return create(name, typeName, attributes, Optional.empty());
    }

    /** Creates a thing in a billing group, which must exist; a thing that exists already must be in it. */
    public Thing create(String name, Optional<String> typeName, Map<String, String> attributes,
                        Optional<String> billingGroup) {
        RegistryNames.require(name, "thingName");
        Map<String, String> initial = Attributes.initial(attributes);
        Thing created = store.transact(tx -> {
            Optional<Thing> existing = tx.findThing(name);
            if (existing.isPresent()) {
                Thing thing = existing.get();
                if (thing.typeName().equals(typeName) && thing.attributes().equals(initial)
                        && (billingGroup.isEmpty() || tx.billingGroupOf(name).equals(billingGroup))) {
                    return thing;
                }
                throw FleetlineException.alreadyExists("Thing " + name + " already exists with different tags or attributes",
                        thing.id(), arnOf(name));
            }
            typeName.ifPresent(type -> requireUsableType(tx, type));
            Thing thing = new Thing(name, UUID.randomUUID().toString(), typeName, initial, 1);
            tx.insertThing(thing);
            billingGroup.ifPresent(group -> BillingGroupService.join(tx, group, name));
            return thing;
        });
        // fleet indexing follows creations; a repeated create changes nothing, and telling again is harmless
        RegistryChanges.announce(changes, new RegistryChange.ThingChanged(name));
        return created;
    }

    public Thing describe(String name) {
        return store.read(tx -> Lookups.thing(tx, name));
    }

    public Thing update(String name, ThingUpdate update) {
        if (update.removeType() && update.typeName().isPresent()) {
            throw FleetlineException.invalid("Cannot set thingTypeName and removeThingType in the same request");
        }
        Thing updated = store.transact(tx -> {
            Thing thing = Lookups.thing(tx, name);
            requireVersion(thing, update.expectedVersion());
            Optional<String> type = update.removeType() ? Optional.empty() : thing.typeName();
            if (update.typeName().isPresent() && !update.typeName().equals(thing.typeName())) {
                requireUsableType(tx, update.typeName().get());
                type = update.typeName();
            }
            Map<String, String> attributes = update.attributes()
                    .map(given -> Attributes.apply(thing.attributes(), given, update.merge()))
                    .orElse(thing.attributes());
            Thing next = thing.updated(type, attributes);
            tx.updateThing(next);
            return next;
        });
        RegistryChanges.announce(changes, new RegistryChange.ThingChanged(name));
        return updated;
    }

    /** Deletes a thing; deleting one that does not exist succeeds, as AWS documents. */
    public void delete(String name, Optional<Long> expectedVersion) {
        store.transact(tx -> {
            tx.findThing(name).ifPresent(thing -> {
                requireVersion(thing, expectedVersion);
                tx.groupsOfThing(name).forEach(group -> tx.removeMember(group, name));
                tx.removeBillingMember(name);
                tx.removeTags(arnOf(name), tx.tags(arnOf(name)).keySet());
                tx.deleteThing(name);
            });
            return null;
        });
        RegistryChanges.announce(changes, new RegistryChange.ThingDeleted(name));
    }

    public Page<Thing> list(ThingFilter filter, PageRequest page) {
        if (filter.attributeValue().isPresent() && filter.attributeName().isEmpty()) {
            throw FleetlineException.invalid("attributeValue requires attributeName");
        }
        return store.read(tx -> Page.of(tx.listThings(filter, page), page, Thing::name));
    }

    private static void requireVersion(Thing thing, Optional<Long> expected) {
        if (expected.isPresent() && !Objects.equals(expected.get(), thing.version())) {
            throw FleetlineException.versionConflict("The version for thing " + thing.name()
                    + " does not match the expected version.");
        }
    }

    private static void requireUsableType(RegistryTx tx, String typeName) {
        ThingType type = Lookups.thingType(tx, typeName);
        if (type.deprecated()) {
            throw FleetlineException.invalid("Thing type " + typeName
                    + " is deprecated; new things cannot be associated with it.");
        }
    }
}
