package io.fleetline.registry.billing;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.Lookups;
import io.fleetline.registry.RegistryNames;
import io.fleetline.registry.RegistryStore;
import io.fleetline.registry.RegistryTx;
import io.fleetline.registry.tag.Tags;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Billing group operations and their membership. Unlike thing groups, billing groups have no hierarchy and a thing
 * is in at most one: adding it to another billing group moves it there.
 */
public final class BillingGroupService {
    private final RegistryStore store;
    private final AccountScope scope;
    private final Clock clock;

    public BillingGroupService(RegistryStore store, AccountScope scope, Clock clock) {
        this.store = store;
        this.scope = scope;
        this.clock = clock;
    }

    public String arnOf(String groupName) {
        return scope.arn(ResourceType.BILLING_GROUP, groupName);
    }

    /**
     * Creates a billing group. The same call again answers the existing group; a group of that name with another
     * description is refused.
     */
    public BillingGroup create(String name, Optional<String> description, Map<String, String> tags) {
        RegistryNames.require(name, "billingGroupName");
        Tags.requireValid(tags);
        return store.transact(tx -> {
            Optional<BillingGroup> existing = tx.findBillingGroup(name);
            if (existing.isPresent()) {
                BillingGroup group = existing.get();
                if (group.description().equals(description)) {
                    return group;
                }
                throw FleetlineException.alreadyExists("Billing group " + name
                        + " already exists with different properties", group.id(), arnOf(name));
            }
            BillingGroup group = new BillingGroup(name, UUID.randomUUID().toString(), description, 1,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            tx.insertBillingGroup(group);
            tx.putTags(arnOf(name), tags);
            return group;
        });
    }

    public BillingGroup describe(String name) {
        return store.read(tx -> Lookups.billingGroup(tx, name));
    }

    /** Sets the description (an absent one leaves it as it is); answers the new version. */
    public long update(String name, Optional<String> description, Optional<Long> expectedVersion) {
        return store.transact(tx -> {
            BillingGroup group = Lookups.billingGroup(tx, name);
            requireVersion(group, expectedVersion);
            BillingGroup updated = group.described(description.or(group::description));
            tx.updateBillingGroup(updated);
            return updated.version();
        });
    }

    /**
     * Deletes a billing group, with its things in it: they simply stop being in a billing group. Deleting one that
     * does not exist succeeds, as the model lists no not-found error for it.
     */
    public void delete(String name, Optional<Long> expectedVersion) {
        store.transact(tx -> {
            tx.findBillingGroup(name).ifPresent(group -> {
                requireVersion(group, expectedVersion);
                tx.removeTags(arnOf(name), tx.tags(arnOf(name)).keySet());
                tx.deleteBillingGroup(name);
            });
            return null;
        });
    }

    /** Billing groups ordered by name, optionally only those whose name starts with {@code namePrefix}. */
    public Page<BillingGroup> list(String namePrefix, PageRequest page) {
        return store.read(tx -> Page.of(tx.listBillingGroups(namePrefix, page), page, BillingGroup::name));
    }

    /** Puts a thing in a billing group, taking it out of the one it was in, if any. */
    public void addThing(String groupName, String thingName) {
        store.transact(tx -> {
            Lookups.billingGroup(tx, groupName);
            Lookups.thing(tx, thingName);
            tx.putBillingMember(groupName, thingName);
            return null;
        });
    }

    /** Takes a thing out of a billing group; a thing that is not in that group stays where it is. */
    public void removeThing(String groupName, String thingName) {
        store.transact(tx -> {
            Lookups.billingGroup(tx, groupName);
            Lookups.thing(tx, thingName);
            if (tx.billingGroupOf(thingName).filter(groupName::equals).isPresent()) {
                tx.removeBillingMember(thingName);
            }
            return null;
        });
    }

    /** The names of the things in a billing group, ordered by name. */
    public Page<String> things(String groupName, PageRequest page) {
        return store.read(tx -> {
            Lookups.billingGroup(tx, groupName);
            return Page.of(tx.thingsInBillingGroup(groupName, page), page, name -> name);
        });
    }

    /** The billing group a thing is in, if any; empty too for a thing that does not exist. */
    public Optional<String> groupOf(String thingName) {
        return store.read(tx -> tx.billingGroupOf(thingName));
    }

    /** Puts a thing being created in a billing group, inside the transaction that creates it. */
    public static void join(RegistryTx tx, String groupName, String thingName) {
        Lookups.billingGroup(tx, groupName);
        tx.putBillingMember(groupName, thingName);
    }

    private static void requireVersion(BillingGroup group, Optional<Long> expected) {
        if (expected.isPresent() && !Objects.equals(expected.get(), group.version())) {
            throw FleetlineException.versionConflict("The version for billing group " + group.name()
                    + " does not match the expected version.");
        }
    }
}
