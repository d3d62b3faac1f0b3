package io.fleetline.registry.type;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.Lookups;
import io.fleetline.registry.RegistryNames;
import io.fleetline.registry.RegistryStore;
import io.fleetline.registry.tag.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The thing type operations of the registry. */
public final class ThingTypeService {
    /** Searchable attributes a thing type may declare, as AWS limits them. */
    public static final int MAX_SEARCHABLE_ATTRIBUTES = 3;

    private final RegistryStore store;
    private final AccountScope scope;
    private final Clock clock;
    private final Duration deletionDelay;

    /**
     * @param deletionDelay how long a type must have been deprecated before it may be deleted (AWS: 5 minutes)
     */
    public ThingTypeService(RegistryStore store, AccountScope scope, Clock clock, Duration deletionDelay) {
        this.store = store;
        this.scope = scope;
        this.clock = clock;
        this.deletionDelay = deletionDelay;
    }

    public String arnOf(String typeName) {
        return scope.arn(ResourceType.THING_TYPE, typeName);
    }

    /** Creates a type; the same call again answers the existing type, a different one is refused. */
    public ThingType create(String name, ThingTypeProperties properties, Map<String, String> tags) {
        RegistryNames.require(name, "thingTypeName");
        requireSearchableWithinLimit(properties.searchableAttributes());
        Tags.requireValid(tags);
        return store.transact(tx -> {
            Optional<ThingType> existing = tx.findThingType(name);
            if (existing.isPresent()) {
                ThingType type = existing.get();
                if (type.description().equals(properties.description())
                        && type.searchableAttributes().equals(properties.searchableAttributes())) {
                    return type;
                }
                throw FleetlineException.alreadyExists("Thing type " + name + " already exists with different properties",
                        type.id(), arnOf(name));
            }
            ThingType type = new ThingType(name, UUID.randomUUID().toString(), properties.description(),
                    properties.searchableAttributes(), now(), Optional.empty());
            tx.insertThingType(type);
            tx.putTags(arnOf(name), tags);
            return type;
        });
    }

    public ThingType describe(String name) {
        return store.read(tx -> Lookups.thingType(tx, name));
    }

    /**
     * Updates the description and adds searchable attributes; AWS keeps a type's existing searchable
     * attributes, so they are only ever added to.
     */
    public ThingType update(String name, ThingTypeProperties properties) {
        return store.transact(tx -> {
            ThingType type = Lookups.thingType(tx, name);
            LinkedHashSet<String> searchable = new LinkedHashSet<>(type.searchableAttributes());
            searchable.addAll(properties.searchableAttributes());
            List<String> merged = new ArrayList<>(searchable);
            requireSearchableWithinLimit(merged);
            ThingType updated = type.withProperties(
                    properties.description().isPresent() ? properties.description() : type.description(), merged);
            tx.updateThingType(updated);
            return updated;
        });
    }

    /** Deprecates a type (no new things may use it), or with {@code undo} makes it usable again. */
    public void deprecate(String name, boolean undo) {
        store.transact(tx -> {
            ThingType type = Lookups.thingType(tx, name);
            if (undo) {
                tx.updateThingType(type.withDeprecation(Optional.empty()));
            } else if (!type.deprecated()) {
                tx.updateThingType(type.withDeprecation(Optional.of(now())));
            }
            return null;
        });
    }

    /** Deletes a type that has been deprecated for the deletion delay and that no thing uses any more. */
    public void delete(String name) {
        store.transact(tx -> {
            ThingType type = Lookups.thingType(tx, name);
            Instant deprecatedAt = type.deprecationDate().orElseThrow(() -> FleetlineException.invalid(
                    "Thing type " + name + " must be deprecated before it can be deleted."));
            Instant allowedFrom = deprecatedAt.plus(deletionDelay);
            if (clock.instant().isBefore(allowedFrom)) {
                throw FleetlineException.invalid("Thing type " + name + " was deprecated less than "
                        + deletionDelay.toMinutes() + " minutes ago; it can be deleted from " + allowedFrom + ".");
            }
            long users = tx.countThingsOfType(name);
            if (users > 0) {
                throw FleetlineException.invalid("Thing type " + name + " is still associated with " + users
                        + " things; change their type with UpdateThing first.");
            }
            tx.removeTags(arnOf(name), tx.tags(arnOf(name)).keySet());
            tx.deleteThingType(name);
            return null;
        });
    }

    public Page<ThingType> list(Optional<String> name, PageRequest page) {
        return store.read(tx -> Page.of(tx.listThingTypes(name, page), page, ThingType::name));
    }

    private Instant now() {
        // stored with millisecond precision, so answer with the same precision the store will give back
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void requireSearchableWithinLimit(List<String> searchable) {
        if (searchable.size() > MAX_SEARCHABLE_ATTRIBUTES) {
            throw FleetlineException.invalid("A thing type can have at most " + MAX_SEARCHABLE_ATTRIBUTES
                    + " searchable attributes");
        }
    }
}
