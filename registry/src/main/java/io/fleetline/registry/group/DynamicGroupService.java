package io.fleetline.registry.group;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.Attributes;
import io.fleetline.registry.Lookups;
import io.fleetline.registry.RegistryChange;
import io.fleetline.registry.RegistryChanges;
import io.fleetline.registry.RegistryNames;
import io.fleetline.registry.RegistryStore;
import io.fleetline.registry.RegistryTx;
import io.fleetline.registry.tag.Tags;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Dynamic thing groups: groups whose members are the things a fleet-index query matches, kept up to date as things
 * change. The members are rows like a static group's, so everything that reads membership (jobs' targets, listings,
 * {@code ListThingGroupsForThing}) reads them the same way; this service writes them:
 * <ul>
 *   <li>{@link #thingChanged} after the index took a thing's change: the thing joins the groups whose query now
 *   matches it and leaves those that no longer do, announced as {@link RegistryChange.DynamicMembershipChanged};
 *   <li>{@link #reconcile} from the whole index: when a group is made or its query changes, at start (the server may
 *   have stopped between a change and its membership) and after the index was rebuilt. While the index is being
 *   built nothing is matched (a group made meanwhile is {@code BUILDING} and empty): the build's end reconciles.
 * </ul>
 * As on AWS, a dynamic group is a root without children, its membership counts toward a thing's ten groups (a thing
 * already in ten is left out until it leaves one), and an account has at most {@value #MAX_DYNAMIC_GROUPS}.
 */
public final class DynamicGroupService {
    public static final int MAX_DYNAMIC_GROUPS = 100;
    private static final int PAGE = 1000;
    private static final int BATCH = 500;

    private final RegistryStore store;
    private final AccountScope scope;
    private final Clock clock;
    private final RegistryChanges changes;
    /** Per-thing evaluations share it; a whole-group reconcile takes it alone, so neither undoes the other. */
    private final ReadWriteLock evaluating = new ReentrantReadWriteLock();
    private final Object[] stripes = new Object[64];
    private volatile GroupQueries queries = GroupQueries.NONE;
    /** The account's dynamic groups, read once and dropped when one is made, changed or deleted. */
    private volatile List<ThingGroup> cached;

    public DynamicGroupService(RegistryStore store, AccountScope scope, Clock clock, RegistryChanges changes) {
        this.store = store;
        this.scope = scope;
        this.clock = clock;
        this.changes = changes;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    /** Where queries run: the fleet index, once it is wired. */
    public void queries(GroupQueries index) {
        this.queries = index;
    }

    /**
     * Creates a dynamic group and fills it from the index before answering. The same call again answers the
     * existing group; a group of that name otherwise is refused.
     */
    public ThingGroup create(String name, Optional<String> description, Map<String, String> attributes,
                             Map<String, String> tags, DynamicQuery query) {
        RegistryNames.require(name, "thingGroupName");
        Map<String, String> initial = Attributes.initial(attributes);
        Tags.requireValid(tags);
        queries.check(query);
        ThingGroup created = store.transact(tx -> {
            Optional<ThingGroup> existing = tx.findGroup(name);
            if (existing.isPresent()) {
                ThingGroup group = existing.get();
                if (group.query().equals(Optional.of(query)) && group.description().equals(description)
                        && group.attributes().equals(initial)) {
                    return group;
                }
                throw FleetlineException.alreadyExists("Thing group " + name + " already exists with different properties",
                        group.id(), arnOf(name));
            }
            if (tx.dynamicGroups().size() >= MAX_DYNAMIC_GROUPS) {
                throw FleetlineException.limitExceeded("An account can have at most " + MAX_DYNAMIC_GROUPS
                        + " dynamic thing groups");
            }
            ThingGroup group = new ThingGroup(name, UUID.randomUUID().toString(), Optional.empty(),
                    ThingGroup.pathOf(Optional.empty(), name), description, initial, 1,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), Optional.of(query));
            tx.insertGroup(group);
            tx.putTags(arnOf(name), tags);
            return group;
        });
        cached = null;
        refill(created);
        return created;
    }

    /** Updates the properties and, when given, the query (the membership follows before this answers). */
    public long update(String name, ThingGroupUpdate update, Optional<DynamicQuery> query) {
        query.ifPresent(queries::check);
        ThingGroup updated = store.transact(tx -> {
            ThingGroup group = requireDynamic(tx, name, "UpdateThingGroup");
            requireVersion(group, update.expectedVersion());
            Map<String, String> attributes = update.attributes()
                    .map(given -> Attributes.apply(group.attributes(), given, update.merge()))
                    .orElse(group.attributes());
            ThingGroup next = group.updated(update.description().or(group::description), attributes);
            if (query.isPresent()) {
                next = next.withQuery(query.get());
            }
            tx.updateGroup(next);
            return next;
        });
        cached = null;
        if (query.isPresent()) {
            refill(updated);
        }
        return updated.version();
    }

    /** Deletes a dynamic group; its things simply stop being members. A group that does not exist is no error. */
    public void delete(String name, Optional<Long> expectedVersion) {
        boolean deleted = store.transact(tx -> {
            if (tx.findGroup(name).isEmpty()) {
                return false;
            }
            ThingGroup group = requireDynamic(tx, name, "DeleteThingGroup");
            requireVersion(group, expectedVersion);
            tx.removeTags(arnOf(name), tx.tags(arnOf(name)).keySet());
            tx.deleteGroup(name);
            return true;
        });
        cached = null;
        if (deleted) {
            RegistryChanges.announce(changes, new RegistryChange.GroupChanged(name));
        }
    }

    /** Whether the account has a dynamic group (fleet indexing may not be turned off then). */
    public boolean any() {
        return !groups().isEmpty();
    }

    /** ACTIVE, or BUILDING while the index (and so the membership) is being built. */
    public String status() {
        return queries.building() ? "BUILDING" : "ACTIVE";
    }

    /**
     * A thing's indexed state changed (or it was deleted): it joins the dynamic groups whose query matches it now and
     * leaves the others.
     */
    public void thingChanged(String thingName) {
        List<ThingGroup> groups = groups();
        if (groups.isEmpty() || queries.building()) {
            return;  // while the index is built, its end redoes every group (see reconcile)
        }
        boolean changed;
        evaluating.readLock().lock();
        try {
            Set<String> matching = new HashSet<>();
            for (ThingGroup group : groups) {
                if (queries.matches(group.query().orElseThrow().queryString(), thingName)) {
                    matching.add(group.name());
                }
            }
            synchronized (stripes[Math.floorMod(thingName.hashCode(), stripes.length)]) {
                changed = store.transact(tx -> tx.findThing(thingName).isPresent()
                        && apply(tx, thingName, groups, matching));
            }
        } finally {
            evaluating.readLock().unlock();
        }
        if (changed) {
            RegistryChanges.announce(changes, new RegistryChange.DynamicMembershipChanged(thingName));
        }
    }

    /** Redoes every dynamic group's membership from the index. */
    public void reconcile() {
        cached = null;
        groups().forEach(this::refill);
    }

    /** A reset wiped the database: the groups read before are gone. */
    public void forget() {
        cached = null;
    }

    private void refill(ThingGroup group) {
        if (queries.building()) {
            return;  // the index's build ends by reconciling every group
        }
        Set<String> joined = new HashSet<>();
        Set<String> left = new HashSet<>();
        evaluating.writeLock().lock();
        try {
            Set<String> matching = new HashSet<>();
            queries.forEachMatch(group.query().orElseThrow().queryString(), matching::add);
            Set<String> members = members(group);
            members.stream().filter(name -> !matching.contains(name)).forEach(left::add);
            matching.stream().filter(name -> !members.contains(name)).forEach(joined::add);
            inBatches(left, (tx, name) -> {
                tx.removeMember(group.name(), name);
                return true;
            });
            joined.retainAll(inBatches(joined, (tx, name) -> tx.findThing(name).isPresent()
                    && tx.groupsOfThing(name).size() < GroupMembershipService.MAX_GROUPS_PER_THING
                    && add(tx, group.name(), name)));
        } finally {
            evaluating.writeLock().unlock();
        }
        // the leaving ones one by one (their pending executions of jobs on the group are removed); the joining ones
        // at once: the group's targets are read again whole
        left.forEach(name -> RegistryChanges.announce(changes, new RegistryChange.DynamicMembershipChanged(name)));
        if (!joined.isEmpty()) {
            RegistryChanges.announce(changes, new RegistryChange.GroupChanged(group.name()));
        }
    }

    private interface RowChange {
        boolean apply(RegistryTx tx, String thingName);
    }

    /** Applies a change to each thing, in transactions of a few hundred; answers the things it changed. */
    private Set<String> inBatches(Set<String> things, RowChange change) {
        Set<String> done = new HashSet<>();
        List<String> all = new ArrayList<>(things);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            store.transact(tx -> {
                for (String name : batch) {
                    if (change.apply(tx, name)) {
                        done.add(name);
                    }
                }
                return null;
            });
        }
        return done;
    }

    private static boolean add(RegistryTx tx, String groupName, String thingName) {
        tx.addMember(groupName, thingName);
        return true;
    }

    private Set<String> members(ThingGroup group) {
        Set<String> names = new HashSet<>();
        PageRequest page = new PageRequest(PAGE, Optional.empty());
        while (true) {
            PageRequest current = page;
            List<String> found = store.read(tx -> tx.thingsInGroups(group.path(), true, current));
            names.addAll(found.subList(0, Math.min(found.size(), PAGE)));
            if (found.size() <= PAGE) {
                return names;
            }
            page = new PageRequest(PAGE, Optional.of(found.get(PAGE - 1)));
        }
    }

    /** Joins and leaves the dynamic groups; answers whether anything changed. */
    private static boolean apply(RegistryTx tx, String thingName, List<ThingGroup> groups, Set<String> matching) {
        List<String> current = tx.groupsOfThing(thingName);
        int count = current.size();
        boolean changed = false;
        for (ThingGroup group : groups) {
            boolean member = current.contains(group.name());
            boolean matches = matching.contains(group.name());
            if (member && !matches) {
                tx.removeMember(group.name(), thingName);
                count--;
                changed = true;
            } else if (!member && matches && count < GroupMembershipService.MAX_GROUPS_PER_THING) {
                tx.addMember(group.name(), thingName);
                count++;
                changed = true;
            }
        }
        return changed;
    }

    private List<ThingGroup> groups() {
        List<ThingGroup> groups = cached;
        if (groups == null) {
            groups = store.read(RegistryTx::dynamicGroups);
            cached = groups;
        }
        return groups;
    }

    private String arnOf(String name) {
        return scope.arn(ResourceType.THING_GROUP, name);
    }

    static ThingGroup requireDynamic(RegistryTx tx, String name, String staticOperation) {
        ThingGroup group = Lookups.group(tx, name);
        if (!group.dynamic()) {
            throw FleetlineException.invalid("Thing group " + name + " is a static thing group; use "
                    + staticOperation + " for it");
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
