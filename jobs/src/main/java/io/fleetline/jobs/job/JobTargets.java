package io.fleetline.jobs.job;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.JobTx;
import io.fleetline.registry.Registry;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A job's targets: thing and thing-group ARNs of the account, and the things they stand for. */
public final class JobTargets {
    /** AWS allows at most 100 targets per job, AssociateTargetsWithJob included. */
    public static final int MAX_TARGETS = 100;

    private final Registry registry;
    private final AccountScope scope;

    public JobTargets(Registry registry, AccountScope scope) {
        this.registry = registry;
        this.scope = scope;
    }

    /** Checks every target names an existing thing or group; returns them without repeats, in order. */
    public List<String> validate(List<String> targets) {
        if (targets.isEmpty()) {
            throw FleetlineException.invalid("targets must name at least one thing or thing group");
        }
        List<String> distinct = targets.stream().distinct().toList();
        if (distinct.size() > MAX_TARGETS) {
            throw FleetlineException.invalid("A job can have at most " + MAX_TARGETS + " targets; got " + distinct.size());
        }
        for (String target : distinct) {
            thingOf(target).ifPresentOrElse(registry.things()::describe,
                    () -> registry.groups().describe(groupOf(target).orElseThrow(() -> FleetlineException.invalid(
                            "A target must be the ARN of a thing or thing group of this account and region: " + target))));
        }
        return distinct;
    }

    /** A target as the store adds it: one thing, or every thing in the groups under a group path. */
    public record Resolved(Optional<String> thingName, Optional<String> groupPath) {
    }

    /**
     * The targets as the store needs them. Done before the store's transaction, not in it: the registry has its
     * own transactions, which do not nest in another store's.
     */
    public List<Resolved> resolve(List<String> targets) {
        return targets.stream().map(target -> thingOf(target)
                .map(thing -> new Resolved(Optional.of(thing), Optional.<String>empty()))
                .orElseGet(() -> new Resolved(Optional.empty(), Optional.of(
                        registry.groups().describe(groupOf(target).orElseThrow()).path())))).toList();
    }

    /** Adds waiting rows for everything the targets stand for now, in target order; returns how many. */
    public static long addWaiting(JobTx tx, String jobId, List<Resolved> targets) {
        long added = 0;
        for (Resolved target : targets) {
            added += target.thingName().isPresent() ? tx.addWaiting(jobId, List.of(target.thingName().get()))
                    : tx.addWaitingFromGroups(jobId, target.groupPath().orElseThrow());
        }
        return added;
    }

    /** Whether the thing is targeted: named, or a member of a target group or of a group below one. */
    public boolean targets(List<String> targets, String thingName, Set<String> groupsWithAncestors) {
        for (String target : targets) {
            if (thingOf(target).map(thingName::equals).orElse(false)
                    || groupOf(target).map(groupsWithAncestors::contains).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** The thing's groups with every group above them: what decides whether a group target reaches it. */
    public Set<String> groupsOf(String thingName) {
        Set<String> names = new HashSet<>();
        registry.membership().groups(thingName, io.fleetline.core.page.PageRequest.of(250, null, 250)).items()
                .forEach(group -> names.add(group.name()));
        return names;
    }

    public Optional<String> thingOf(String arn) {
        return scope.nameIn(arn, ResourceType.THING);
    }

    public Optional<String> groupOf(String arn) {
        return scope.nameIn(arn, ResourceType.THING_GROUP);
    }
}
