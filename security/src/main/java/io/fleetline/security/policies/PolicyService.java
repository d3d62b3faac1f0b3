package io.fleetline.security.policies;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.tag.Tags;
import io.fleetline.security.SecurityStore;
import io.fleetline.security.SecurityTx;
import io.fleetline.security.policy.PolicyDocument;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** Policies and their versions: at most five versions, one of them the default that is in force. */
public final class PolicyService {
    /** AWS keeps at most five versions of a policy. */
    public static final int MAX_VERSIONS = 5;
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");

    private final SecurityStore store;
    private final AccountScope scope;
    private final Clock clock;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    public PolicyService(SecurityStore store, AccountScope scope, Clock clock) {
        this.store = store;
        this.scope = scope;
        this.clock = clock;
    }

    /** Told after any change of what a policy allows, so cached decisions can be dropped. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    public String arnOf(String policyName) {
        return scope.arn(ResourceType.POLICY, policyName);
    }

    /** CreatePolicy: the policy with its first version, the default, and its tags. */
    public PolicyVersion create(String name, String document, Map<String, String> tags) {
        requireName(name);
        requireWellFormed(document);
        Tags.requireValid(tags);
        return store.transact(tx -> {
            if (tx.findPolicy(name).isPresent()) {
                throw FleetlineException.alreadyExists("Policy " + name + " already exists", name, arnOf(name));
            }
            Instant now = now();
            tx.insertPolicy(new Policy(name, 1, 2, now, now, UUID.randomUUID().toString()));
            PolicyVersion first = new PolicyVersion(name, 1, document, now);
            tx.insertPolicyVersion(first);
            // a policy deleted while it was being tagged may have left tags under this name
            tx.deleteTags(arnOf(name));
            tx.putTags(arnOf(name), tags);
            return first;
        });
    }

    /** The policy with its default version's document. */
    public PolicyView get(String name) {
        return store.read(tx -> {
            Policy policy = require(tx, name);
            return new PolicyView(policy, requireVersion(tx, name, policy.defaultVersion()));
        });
    }

    /** Deletes a policy that is attached to nothing and has no version but its default, with its tags. */
    public void delete(String name) {
        store.transact(tx -> {
            require(tx, name);
            if (!tx.targetsOf(name).isEmpty()) {
                throw new FleetlineException(ErrorCode.DELETE_CONFLICT, "Policy " + name
                        + " is attached to one or more targets; detach it first.");
            }
            if (tx.policyVersions(name).size() > 1) {
                throw new FleetlineException(ErrorCode.DELETE_CONFLICT, "Policy " + name
                        + " has versions other than the default; delete them first.");
            }
            tx.deletePolicy(name);
            tx.deleteTags(arnOf(name));
            return null;
        });
        changed();
    }

    public PolicyVersion createVersion(String name, String document, boolean setAsDefault) {
        requireWellFormed(document);
        PolicyVersion created = store.transact(tx -> {
            Policy policy = require(tx, name);
            if (tx.policyVersions(name).size() >= MAX_VERSIONS) {
                throw new FleetlineException(ErrorCode.VERSIONS_LIMIT_EXCEEDED, "Policy " + name + " already has "
                        + MAX_VERSIONS + " versions; delete one before creating another.");
            }
            Instant now = now();
            PolicyVersion version = new PolicyVersion(name, policy.nextVersion(), document, now);
            tx.insertPolicyVersion(version);
            tx.updatePolicy(new Policy(name, setAsDefault ? version.versionId() : policy.defaultVersion(),
                    policy.nextVersion() + 1, policy.creationDate(), now, UUID.randomUUID().toString()));
            return version;
        });
        if (setAsDefault) {
            changed();
        }
        return created;
    }

    public PolicyView getVersion(String name, String versionId) {
        return store.read(tx -> new PolicyView(require(tx, name), requireVersion(tx, name, parseVersion(versionId))));
    }

    /** All versions, oldest first, with the policy to tell which is the default. */
    public PolicyVersions versions(String name) {
        return store.read(tx -> new PolicyVersions(require(tx, name), tx.policyVersions(name)));
    }

    public void setDefault(String name, String versionId) {
        store.transact(tx -> {
            Policy policy = require(tx, name);
            PolicyVersion version = requireVersion(tx, name, parseVersion(versionId));
            tx.updatePolicy(new Policy(name, version.versionId(), policy.nextVersion(), policy.creationDate(), now(),
                    UUID.randomUUID().toString()));
            return null;
        });
        changed();
    }

    public void deleteVersion(String name, String versionId) {
        store.transact(tx -> {
            Policy policy = require(tx, name);
            PolicyVersion version = requireVersion(tx, name, parseVersion(versionId));
            if (version.versionId() == policy.defaultVersion()) {
                throw new FleetlineException(ErrorCode.DELETE_CONFLICT, "Version " + versionId + " is the default "
                        + "version of policy " + name + "; it cannot be deleted.");
            }
            tx.deletePolicyVersion(name, version.versionId());
            return null;
        });
    }

    public Page<Policy> list(PageRequest page, boolean ascending) {
        return store.read(tx -> Page.of(tx.listPolicies(page.after(), ascending, page.limit() + 1), page, Policy::name));
    }

    /** Announces that what some device may do has changed (a policy, an attachment). */
    public void changed() {
        changeListeners.forEach(Runnable::run);
    }

    static Policy require(SecurityTx tx, String name) {
        return tx.findPolicy(name).orElseThrow(() -> FleetlineException.notFound("Policy " + name + " cannot be found."));
    }

    private static PolicyVersion requireVersion(SecurityTx tx, String name, int versionId) {
        return tx.findPolicyVersion(name, versionId).orElseThrow(() -> FleetlineException.notFound(
                "Version " + versionId + " of policy " + name + " cannot be found."));
    }

    private static int parseVersion(String versionId) {
        try {
            return Integer.parseInt(versionId);
        } catch (NumberFormatException e) {
            throw FleetlineException.invalid("policyVersionId must be a number: " + versionId);
        }
    }

    private static void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw FleetlineException.invalid("policyName must match [\\w+=,.@-]+ and be 1 to 128 characters: " + name);
        }
    }

    private static void requireWellFormed(String document) {
        try {
            PolicyDocument.parse(document);
        } catch (FleetlineException e) {
            throw new FleetlineException(ErrorCode.MALFORMED_POLICY, e.getMessage());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A policy with one of its versions. */
    public record PolicyView(Policy policy, PolicyVersion version) {
        public boolean isDefault() {
            return policy.defaultVersion() == version.versionId();
        }
    }

    /** A policy with all its versions. */
    public record PolicyVersions(Policy policy, List<PolicyVersion> versions) {
    }
}
