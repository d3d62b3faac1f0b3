package io.fleetline.registry.group;

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
import io.fleetline.registry.tag.Tags;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Thing group operations: the hierarchy and its properties. Membership is {@link GroupMembershipService}. */
public final class ThingGroupService {
    /** AWS allows a hierarchy of at most seven levels. */
    public static final int MAX_DEPTH = 7;
    /** AWS allows at most 100 direct child groups. */
    public static final int MAX_CHILDREN = 100;

    private final RegistryStore store;
    private final AccountScope scope;
    private final Clock clock;
    private final RegistryChanges changes;

    public ThingGroupService(RegistryStore store, AccountScope scope, Clock clock, RegistryChanges changes) {
        this.store = store;
        this.scope = scope;
        this.clock = clock;
        this.changes = changes;
    }

    public String arnOf(String groupName) {
        return scope.arn(ResourceType.THING_GROUP, groupName);
    }

    /**
     * Creates a group under an optional parent. The same call again answers the existing group; a group of
     * that name with other properties or another parent is refused.
     */
    public ThingGroup create(String name, Optional<String> parentName, Optional<String> description,
                             Map<String, String> attributes, Map<String, String> tags) {
        RegistryNames.require(name, "thingGroupName");
        Map<String, String> initial = Attributes.initial(attributes);
        Tags.requireValid(tags);
        return store.transact(tx -> {
            Optional<ThingGroup> existing = tx.findGroup(name);
            if (existing.isPresent()) {
                ThingGroup group = existing.get();
                if (group.parentName().equals(parentName) && group.description().equals(description)
                        && group.attributes().equals(initial)) {
                    return group;
                }
                throw FleetlineException.alreadyExists("Thing group " + name + " already exists with different properties",
                        group.id(), arnOf(name));
            }
            Optional<ThingGroup> parent = parentName.map(p -> Lookups.group(tx, p));
            if (parent.isPresent() && parent.get().dynamic()) {
                throw FleetlineException.invalid("Thing group " + parent.get().name()
                        + " is a dynamic thing group; dynamic thing groups cannot be part of a hierarchy");
            }
            if (parent.isPresent()) {
                if (parent.get().depth() >= MAX_DEPTH) {
                    throw FleetlineException.invalid("Thing group hierarchies are limited to " + MAX_DEPTH
                            + " levels; " + parent.get().name() + " is at the deepest level");
                }
                if (tx.countChildGroups(parent.get().name()) >= MAX_CHILDREN) {
                    throw FleetlineException.invalid("Thing group " + parent.get().name()
                            + " already has the maximum of " + MAX_CHILDREN + " child groups");
                }
            }
            ThingGroup group = new ThingGroup(name, UUID.randomUUID().toString(), parentName,
                    ThingGroup.pathOf(parent, name), description, initial, 1,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), Optional.empty());
            tx.insertGroup(group);
            tx.putTags(arnOf(name), tags);
            return group;
        });
    }

    public ThingGroup describe(String name) {
        return store.read(tx -> Lookups.group(tx, name));
    }

    /** Updates description and attributes; answers the new version. */
    public long update(String name, ThingGroupUpdate update) {
        return store.transact(tx -> {
            ThingGroup group = requireStatic(tx, name, "UpdateDynamicThingGroup");
            requireVersion(group, update.expectedVersion());
            Map<String, String> attributes = update.attributes()
                    .map(given -> Attributes.apply(group.attributes(), given, update.merge()))
                    .orElse(group.attributes());
            ThingGroup updated = group.updated(update.description().or(group::description), attributes);
            tx.updateGroup(updated);
            return updated.version();
        });
    }

    /**
     * Deletes a group that has no child groups; its things simply stop being members. Deleting a group that
     * does not exist succeeds, as the model lists no not-found error for it.
     */
    public void delete(String name, Optional<Long> expectedVersion) {
        store.transact(tx -> {
            Optional<ThingGroup> found = tx.findGroup(name);
            if (found.isEmpty()) {
                return null;
            }
            requireStatic(tx, name, "DeleteDynamicThingGroup");
            requireVersion(found.get(), expectedVersion);
            if (tx.countChildGroups(name) > 0) {
                throw FleetlineException.invalid("Cannot delete thing group : " + name
                        + " when there are still child groups attached to it.");
            }
            tx.removeTags(arnOf(name), tx.tags(arnOf(name)).keySet());
            tx.deleteGroup(name);
            return null;
        });
        RegistryChanges.announce(changes, new RegistryChange.GroupChanged(name));
    }

    /**
     * Lists groups as AWS does: without {@code parent}, every group, or only the root groups when not
     * {@code recursive}; with {@code parent}, every group below it, or only its direct children when not
     * {@code recursive}. Optionally only names starting with {@code namePrefix}.
     */
    public Page<ThingGroup> list(Optional<String> parent, String namePrefix, boolean recursive, PageRequest page) {
        return store.read(tx -> {
            if (parent.isEmpty() && !recursive) {
                return Page.of(tx.listRootGroups(namePrefix, page), page, ThingGroup::name);
            }
            String pathPrefix = "";
            Optional<String> directParent = Optional.empty();
            if (parent.isPresent()) {
                ThingGroup p = Lookups.group(tx, parent.get());
                pathPrefix = p.path();
                directParent = recursive ? Optional.empty() : parent;
            }
            return Page.of(tx.listGroups(pathPrefix, directParent, namePrefix, page), page, ThingGroup::name);
        });
    }

    /** The static group of that name; a dynamic one is refused, naming the operation meant for it. */
    static ThingGroup requireStatic(io.fleetline.registry.RegistryTx tx, String name, String dynamicOperation) {
        ThingGroup group = Lookups.group(tx, name);
        if (group.dynamic()) {
            throw FleetlineException.invalid("Thing group " + name + " is a dynamic thing group; use "
                    + dynamicOperation + " for it");
        }
        return group;
    }

    private static void requireVersion(ThingGroup group, Optional<Long> expected) {
        if (expected.isPresent() && !Objects.equals(expected.get(), group.version())) {
            throw FleetlineException.versionConflict("The version for thing group " + group.name()
                    + " does not match the expected version.");
        }
    }
}
