package io.fleetline.registry;

import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.billing.BillingGroup;
import io.fleetline.registry.group.ThingGroup;
import io.fleetline.registry.thing.Thing;
import io.fleetline.registry.thing.ThingFilter;
import io.fleetline.registry.type.ThingType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's reads and writes inside one transaction. List methods return up to
 * {@code page.limit() + 1} items ordered by name, starting after {@code page.after()}, so the caller can
 * tell whether another page exists.
 */
public interface RegistryTx {
    Optional<Thing> findThing(String name);

    void insertThing(Thing thing);

    void updateThing(Thing thing);

    void deleteThing(String name);

    List<Thing> listThings(ThingFilter filter, PageRequest page);

    long countThingsOfType(String typeName);

    Optional<ThingType> findThingType(String name);

    void insertThingType(ThingType type);

    void updateThingType(ThingType type);

    void deleteThingType(String name);

    List<ThingType> listThingTypes(Optional<String> name, PageRequest page);

    Optional<ThingGroup> findGroup(String name);

    void insertGroup(ThingGroup group);

    void updateGroup(ThingGroup group);

    void deleteGroup(String name);

    /** Groups whose path starts with {@code pathPrefix} (all when empty) and whose name starts with {@code namePrefix}. */
    List<ThingGroup> listGroups(String pathPrefix, Optional<String> parent, String namePrefix, PageRequest page);

    /** Root groups (those without a parent) whose name starts with {@code namePrefix}. */
    List<ThingGroup> listRootGroups(String namePrefix, PageRequest page);

    long countChildGroups(String name);

    /** Every dynamic group, by name. */
    List<ThingGroup> dynamicGroups();

    void addMember(String groupName, String thingName);

    void removeMember(String groupName, String thingName);

    /** Names of the groups the thing is a direct member of. */
    List<String> groupsOfThing(String thingName);

    /** Thing names that are direct members of any group whose path starts with {@code pathPrefix}. */
    List<String> thingsInGroups(String pathPrefix, boolean exactPath, PageRequest page);

    Optional<BillingGroup> findBillingGroup(String name);

    void insertBillingGroup(BillingGroup group);

    void updateBillingGroup(BillingGroup group);

    /** Deletes the billing group and its memberships. */
    void deleteBillingGroup(String name);

    /** Billing groups whose name starts with {@code namePrefix} (all when empty). */
    List<BillingGroup> listBillingGroups(String namePrefix, PageRequest page);

    /** Puts the thing in the billing group, in place of the one it was in, if any. */
    void putBillingMember(String groupName, String thingName);

    /** Takes the thing out of whatever billing group it is in. */
    void removeBillingMember(String thingName);

    Optional<String> billingGroupOf(String thingName);

    List<String> thingsInBillingGroup(String groupName, PageRequest page);

    Map<String, String> tags(String arn);

    void putTags(String arn, Map<String, String> tags);

    void removeTags(String arn, Collection<String> keys);
}
