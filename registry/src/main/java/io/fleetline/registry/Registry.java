package io.fleetline.registry;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.registry.billing.BillingGroupService;
import io.fleetline.registry.group.DynamicGroupService;
import io.fleetline.registry.group.GroupMembershipService;
import io.fleetline.registry.group.ThingGroupService;
import io.fleetline.registry.tag.TagService;
import io.fleetline.registry.thing.ThingService;
import io.fleetline.registry.type.ThingTypeService;
import java.time.Clock;
import java.time.Duration;

/** The registry's services over one store, wired together. */
public record Registry(AccountScope scope, ThingService things, ThingTypeService types, ThingGroupService groups,
                       GroupMembershipService membership, DynamicGroupService dynamicGroups,
                       BillingGroupService billing, TagService tags, RegistryChanges changes) {

    /**
     * @param typeDeletionDelay how long a thing type stays deprecated before it may be deleted
     */
    public static Registry create(RegistryStore store, AccountScope scope, Clock clock, Duration typeDeletionDelay) {
        RegistryChanges changes = new RegistryChanges();
        return new Registry(scope, new ThingService(store, scope, changes),
                new ThingTypeService(store, scope, clock, typeDeletionDelay),
                new ThingGroupService(store, scope, clock, changes), new GroupMembershipService(store, changes),
                new DynamicGroupService(store, scope, clock, changes),
                new BillingGroupService(store, scope, clock),
                new TagService(store, scope), changes);
    }
}
