package io.fleetline.security.policies;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceRef;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.Registry;
import io.fleetline.registry.group.ThingGroup;
import io.fleetline.security.SecurityStore;
import io.fleetline.security.SecurityTx;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What policies are attached to: certificates and thing groups. A thing group's policies apply to the things
 * in it and in its child groups, when the device connects as that thing with a certificate attached to it.
 */
public final class PolicyAttachmentService {
    /** AWS attaches at most ten policies to one target. */
    public static final int MAX_POLICIES_PER_TARGET = 10;

    private final SecurityStore store;
    private final Registry registry;
    private final PolicyService policies;

    public PolicyAttachmentService(SecurityStore store, Registry registry, PolicyService policies) {
        this.store = store;
        this.registry = registry;
        this.policies = policies;
    }

    public void attach(String policyName, String target) {
        requireTarget(target);
        store.transact(tx -> {
            PolicyService.require(tx, policyName);
            List<String> attached = tx.policiesOf(target);
            if (!attached.contains(policyName) && attached.size() >= MAX_POLICIES_PER_TARGET) {
                throw FleetlineException.limitExceeded("A target can have at most " + MAX_POLICIES_PER_TARGET
                        + " policies attached");
            }
            tx.attachPolicy(policyName, target);
            return null;
        });
        policies.changed();
    }

    public void detach(String policyName, String target) {
        requireTarget(target);
        store.transact(tx -> {
            PolicyService.require(tx, policyName);
            tx.detachPolicy(policyName, target);
            return null;
        });
        policies.changed();
    }

    /** Policies attached to a target; with {@code recursive}, for a thing group, those of its parents too. */
    public Page<String> attachedTo(String target, boolean recursive, PageRequest page) {
        ResourceRef ref = requireTarget(target);
        List<String> targets = new ArrayList<>(List.of(target));
        if (recursive && ref.type() == ResourceType.THING_GROUP) {
            registry.groups().describe(ref.name()).ancestors().forEach(a -> targets.add(registry.groups().arnOf(a)));
        }
        return store.read(tx -> Page.ofSorted(policiesOfAll(tx, targets).stream().sorted().toList(), page, s -> s));
    }

    public Page<String> targetsOf(String policyName, PageRequest page) {
        return store.read(tx -> {
            PolicyService.require(tx, policyName);
            return Page.ofSorted(tx.targetsOf(policyName), page, s -> s);
        });
    }

    /**
     * The policies in force for a principal connecting as a thing: those on the certificate, and those on the
     * thing's groups and their parents when the thing is attached to the certificate. Names in a stable order.
     */
    public List<String> effective(Optional<String> principal, Optional<String> thingName) {
        List<String> targets = new ArrayList<>();
        principal.ifPresent(p -> {
            requireTarget(p);
            targets.add(p);
        });
        thingName.ifPresent(thing -> targets.addAll(groupTargetsOf(thing)));
        return store.read(tx -> policiesOfAll(tx, targets));
    }

    /** The ARNs of the groups a thing is in, with their parents. */
    private List<String> groupTargetsOf(String thingName) {
        List<String> arns = new ArrayList<>();
        PageRequest all = new PageRequest(1000, Optional.empty());
        for (ThingGroup group : registry.membership().groups(thingName, all).items()) {
            arns.add(registry.groups().arnOf(group.name()));
        }
        return arns;
    }

    private static List<String> policiesOfAll(SecurityTx tx, List<String> targets) {
        Set<String> names = new LinkedHashSet<>();
        targets.forEach(t -> names.addAll(tx.policiesOf(t)));
        return List.copyOf(names);
    }

    private ResourceRef requireTarget(String target) {
        AccountScope scope = registry.scope();
        Optional<String> certificate = scope.nameIn(target, ResourceType.CERTIFICATE);
        if (certificate.isPresent()) {
            store.read(tx -> tx.findCertificate(certificate.get())).orElseThrow(() ->
                    FleetlineException.notFound("Certificate " + certificate.get() + " cannot be found."));
            return new ResourceRef(ResourceType.CERTIFICATE, certificate.get());
        }
        Optional<String> group = scope.nameIn(target, ResourceType.THING_GROUP);
        if (group.isPresent()) {
            registry.groups().describe(group.get());
            return new ResourceRef(ResourceType.THING_GROUP, group.get());
        }
        throw FleetlineException.invalid("A policy target must be the ARN of a certificate or a thing group of this "
                + "account and region: " + target);
    }
}
