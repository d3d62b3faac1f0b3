package io.fleetline.registry.tag;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceRef;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.registry.Lookups;
import io.fleetline.registry.RegistryStore;
import io.fleetline.registry.RegistryTx;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * TagResource, UntagResource and ListTagsForResource. Things, thing types, thing groups and billing groups are looked
 * up here; the other taggable resources are looked up by the modules that own them, through {@link #cover}.
 */
public final class TagService {
    private static final Set<ResourceType> REGISTRY_TYPES =
            EnumSet.of(ResourceType.THING, ResourceType.THING_TYPE, ResourceType.THING_GROUP,
                    ResourceType.BILLING_GROUP);

    private final RegistryStore store;
    private final AccountScope scope;
    private final Map<ResourceType, ResourceLookup> covered = new ConcurrentHashMap<>();

    public TagService(RegistryStore store, AccountScope scope) {
        this.store = store;
        this.scope = scope;
    }

    /** Lets resources of {@code type}, which another module owns, be tagged; {@code lookup} says which exist. */
    public void cover(ResourceType type, ResourceLookup lookup) {
        if (REGISTRY_TYPES.contains(type)) {
            throw new IllegalArgumentException("the registry looks up " + type + " resources itself");
        }
        covered.put(type, lookup);
    }

    public void tag(String arn, Map<String, String> tags) {
        ResourceRef ref = resolve(arn);
        store.transact(tx -> {
            requireInRegistry(tx, ref);
            Map<String, String> all = new HashMap<>(tx.tags(arn));
            all.putAll(tags);
            if (all.size() > Tags.MAX_TAGS) {
                // TagResource is the one operation whose model has LimitExceededException for this
                throw FleetlineException.limitExceeded("A resource can have at most " + Tags.MAX_TAGS + " tags");
            }
            Tags.requireValid(all);
            tx.putTags(arn, tags);
            return null;
        });
    }

    public void untag(String arn, Collection<String> keys) {
        ResourceRef ref = resolve(arn);
        store.transact(tx -> {
            requireInRegistry(tx, ref);
            tx.removeTags(arn, keys);
            return null;
        });
    }

    /** The resource's tags ordered by key. */
    public Map<String, String> list(String arn) {
        ResourceRef ref = resolve(arn);
        return store.read(tx -> {
            requireInRegistry(tx, ref);
            return new TreeMap<>(tx.tags(arn));
        });
    }

    /**
     * The resource the ARN names, checked to exist when another module owns it. That check is its own transaction:
     * a resource deleted meanwhile may keep the tags written after it, which is why its owner clears a name's tags
     * when it creates a resource of that name again.
     */
    private ResourceRef resolve(String arn) {
        ResourceRef ref = scope.parse(arn).orElseThrow(() -> FleetlineException.invalid(
                "resourceArn is not the ARN of a taggable resource of this account and region: " + arn));
        if (!REGISTRY_TYPES.contains(ref.type())) {
            ResourceLookup lookup = covered.get(ref.type());
            if (lookup == null) {
                throw FleetlineException.invalid("Tags on " + ref.type().arnPrefix() + " resources are not supported;"
                        + " resources of these types can be tagged: " + taggableTypes() + ": " + arn);
            }
            lookup.requireExists(ref.name());
        }
        return ref;
    }

    private static void requireInRegistry(RegistryTx tx, ResourceRef ref) {
        switch (ref.type()) {
            case THING -> Lookups.thing(tx, ref.name());
            case THING_TYPE -> Lookups.thingType(tx, ref.name());
            case THING_GROUP -> Lookups.group(tx, ref.name());
            case BILLING_GROUP -> Lookups.billingGroup(tx, ref.name());
            default -> { }  // looked up by its owner in resolve
        }
    }

    private String taggableTypes() {
        EnumSet<ResourceType> types = EnumSet.copyOf(REGISTRY_TYPES);
        types.addAll(covered.keySet());
        return types.stream().map(ResourceType::arnPrefix).collect(Collectors.joining(", "));
    }
}
