package io.fleetline.registry.group;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.Lookups;
import io.fleetline.registry.RegistryChange;
import io.fleetline.registry.RegistryChanges;
import io.fleetline.registry.RegistryStore;
import io.fleetline.registry.RegistryTx;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Which things are in which static groups, with AWS's membership rules. */
public final class GroupMembershipService {
    /** AWS lets a thing be a direct member of at most ten groups. */
    public static final int MAX_GROUPS_PER_THING = 10;

    private final RegistryStore store;
    private final RegistryChanges changes;

    public GroupMembershipService(RegistryStore store, RegistryChanges changes) {
        this.store = store;
        this.changes = changes;
    }

    public void add(String groupName, String thingName) {
        add(groupName, thingName, false);
    }

    /**
     * Adds a thing to a static group. With {@code overrideDynamicGroups}, a thing already in ten groups leaves the
     * last (by name) of its dynamic groups to make room, as AWS's flag of that name does.
     */
    public void add(String groupName, String thingName, boolean overrideDynamicGroups) {
        store.transact(tx -> {
            addIn(tx, groupName, thingName, overrideDynamicGroups);
            return null;
        });
        RegistryChanges.announce(changes, new RegistryChange.MembershipChanged(thingName));
    }

    public void remove(String groupName, String thingName) {
        store.transact(tx -> {
            ThingGroupService.requireStatic(tx, groupName, "UpdateDynamicThingGroup (its query decides its members)");
            Lookups.thing(tx, thingName);
            tx.removeMember(groupName, thingName);
            return null;
        });
        RegistryChanges.announce(changes, new RegistryChange.MembershipChanged(thingName));
    }

    /** Removes, then adds, in one transaction: either all of it happens or none. */
    public void update(String thingName, List<String> toAdd, List<String> toRemove) {
        update(thingName, toAdd, toRemove, false);
    }

    /** As {@link #update(String, List, List)}, making room in dynamic groups as {@link #add(String, String, boolean)}. */
    public void update(String thingName, List<String> toAdd, List<String> toRemove, boolean overrideDynamicGroups) {
        store.transact(tx -> {
            Lookups.thing(tx, thingName);
            for (String group : toRemove) {
                ThingGroupService.requireStatic(tx, group, "UpdateDynamicThingGroup (its query decides its members)");
                tx.removeMember(group, thingName);
            }
            for (String group : toAdd) {
                addIn(tx, group, thingName, overrideDynamicGroups);
            }
            return null;
        });
        RegistryChanges.announce(changes, new RegistryChange.MembershipChanged(thingName));
    }

    /** The things in a group, or with {@code recursive} in it and every group below it, each once. */
    public Page<String> things(String groupName, boolean recursive, PageRequest page) {
        return store.read(tx -> {
            ThingGroup group = Lookups.group(tx, groupName);
            return Page.of(tx.thingsInGroups(group.path(), !recursive, page), page, name -> name);
        });
    }

    /** The groups a thing is in, with the groups above them, ordered by name. */
    public Page<ThingGroup> groups(String thingName, PageRequest page) {
        return store.read(tx -> {
            Lookups.thing(tx, thingName);
            TreeSet<String> names = new TreeSet<>();
            for (String direct : tx.groupsOfThing(thingName)) {
                ThingGroup group = Lookups.group(tx, direct);
                names.add(direct);
                names.addAll(group.ancestors());
            }
            List<ThingGroup> after = (page.after().isPresent() ? names.tailSet(page.after().get(), false) : names)
                    .stream().limit(page.limit() + 1L).map(name -> Lookups.group(tx, name)).toList();
            return Page.of(after, page, ThingGroup::name);
        });
    }

    private static void addIn(RegistryTx tx, String groupName, String thingName, boolean overrideDynamicGroups) {
        ThingGroup group = ThingGroupService.requireStatic(tx, groupName,
                "UpdateDynamicThingGroup (its query decides its members)");
        Lookups.thing(tx, thingName);
        List<String> current = new ArrayList<>(tx.groupsOfThing(thingName));
        if (current.contains(groupName)) {
            return;
        }
        if (current.size() >= MAX_GROUPS_PER_THING && overrideDynamicGroups) {
            current.stream().filter(name -> Lookups.group(tx, name).dynamic()).reduce((first, second) -> second)
                    .ifPresent(last -> {
                        tx.removeMember(last, thingName);
                        current.remove(last);
                    });
        }
        if (current.size() >= MAX_GROUPS_PER_THING) {
            throw FleetlineException.invalid("Thing " + thingName + " is already in " + MAX_GROUPS_PER_THING
                    + " thing groups, the most a thing can belong to");
        }
        for (String other : current) {
            if (Lookups.group(tx, other).dynamic()) {
                continue;
            }
            if (Lookups.group(tx, other).rootName().equals(group.rootName())) {
                throw FleetlineException.invalid("Thing " + thingName + " is already in thing group " + other
                        + " of the same hierarchy as " + groupName + "; a thing can be in one group per hierarchy");
            }
        }
        tx.addMember(groupName, thingName);
    }
}
