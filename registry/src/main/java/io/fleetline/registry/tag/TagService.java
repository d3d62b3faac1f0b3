package io.fleetline.registry.tag;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceRef;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.registry.Lookups;
import io.fleetline.registry.RegistryStore;
import io.fleetline.registry.RegistryTx;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** TagResource, UntagResource and ListTagsForResource on things, thing types and thing groups. */
public final class TagService {
    private final RegistryStore store;
    private final AccountScope scope;

    public TagService(RegistryStore store, AccountScope scope) {
        this.store = store;
        this.scope = scope;
    }

    public void tag(String arn, Map<String, String> tags) {
        store.transact(tx -> {
            requireResource(tx, arn);
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
        store.transact(tx -> {
            requireResource(tx, arn);
            tx.removeTags(arn, keys);
            return null;
        });
    }

    /** The resource's tags ordered by key. */
    public Map<String, String> list(String arn) {
        return store.read(tx -> {
            requireResource(tx, arn);
            return new TreeMap<>(tx.tags(arn));
        });
    }

    private void requireResource(RegistryTx tx, String arn) {
        ResourceRef ref = scope.parse(arn).orElseThrow(() -> FleetlineException.invalid(
                "resourceArn is not the ARN of a taggable resource of this account and region: " + arn));
        switch (ref.type()) {
            case THING -> Lookups.thing(tx, ref.name());
            case THING_TYPE -> Lookups.thingType(tx, ref.name());
            case THING_GROUP -> Lookups.group(tx, ref.name());
            default -> throw FleetlineException.invalid("Tags on " + ref.type().arnPrefix()
                    + " resources are not supported by Fleetline yet: " + arn);
        }
    }
}
