package io.fleetline.security.principal;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.thing.ThingService;
import io.fleetline.security.SecurityStore;
import io.fleetline.security.SecurityTx;
import java.util.List;

/** AttachThingPrincipal, DetachThingPrincipal, ListThingPrincipals and ListPrincipalThings. */
public final class ThingPrincipalService {
    private final SecurityStore store;
    private final ThingService things;
    private final AccountScope scope;
    private final Runnable onChange;

    /** @param onChange told after an attachment changes, since thing-group policies and variables follow it */
    public ThingPrincipalService(SecurityStore store, ThingService things, AccountScope scope, Runnable onChange) {
        this.store = store;
        this.things = things;
        this.scope = scope;
        this.onChange = onChange;
    }

    public void attach(String thingName, String principal) {
        things.describe(thingName);
        store.transact(tx -> {
            requirePrincipal(tx, principal);
            tx.attachThingPrincipal(thingName, principal);
            return null;
        });
        onChange.run();
    }

    public void detach(String thingName, String principal) {
        things.describe(thingName);
        store.transact(tx -> {
            requirePrincipal(tx, principal);
            tx.detachThingPrincipal(thingName, principal);
            return null;
        });
        onChange.run();
    }

    public Page<String> principalsOf(String thingName, PageRequest page) {
        things.describe(thingName);
        return store.read(tx -> Page.ofSorted(tx.principalsOfThing(thingName), page, s -> s));
    }

    public Page<String> thingsOf(String principal, PageRequest page) {
        return store.read(tx -> {
            requirePrincipal(tx, principal);
            return Page.ofSorted(tx.thingsOfPrincipal(principal), page, s -> s);
        });
    }

    /** The things a certificate is attached to (for the broker's policy variables). */
    public List<String> thingsOfCertificate(String certificateId) {
        return store.read(tx -> tx.thingsOfPrincipal(scope.arn(ResourceType.CERTIFICATE, certificateId)));
    }

    private void requirePrincipal(SecurityTx tx, String principal) {
        String id = scope.nameIn(principal, ResourceType.CERTIFICATE).orElseThrow(() -> FleetlineException.invalid(
                "The principal must be the ARN of a certificate of this account and region: " + principal));
        tx.findCertificate(id).orElseThrow(() -> FleetlineException.notFound("Certificate " + id + " cannot be found."));
    }
}
