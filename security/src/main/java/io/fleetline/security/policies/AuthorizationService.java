package io.fleetline.security.policies;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.registry.Registry;
import io.fleetline.registry.thing.Thing;
import io.fleetline.security.SecurityStore;
import io.fleetline.security.ca.Pem;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.policy.AuthorizationContext;
import io.fleetline.security.policy.Decision;
import io.fleetline.security.policy.NamedPolicy;
import io.fleetline.security.policy.PolicyEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a principal may do, the way the broker will decide it on every connect, publish, subscribe
 * and receive: TestAuthorization answers with the same evaluation.
 */
public final class AuthorizationService {
    private static final Map<String, String> ACTIONS = Map.of("CONNECT", "iot:Connect", "PUBLISH", "iot:Publish",
            "SUBSCRIBE", "iot:Subscribe", "RECEIVE", "iot:Receive");

    private final SecurityStore store;
    private final Registry registry;
    private final PolicyAttachmentService attachments;
    private final List<DenialListener> denialListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public AuthorizationService(SecurityStore store, Registry registry, PolicyAttachmentService attachments) {
        this.store = store;
        this.registry = registry;
        this.attachments = attachments;
    }

    /**
     * TestAuthorization: one decision per auth info, over the principal's effective policies plus
     * {@code toAdd} minus {@code toSkip}. An auth info is allowed only when every resource in it is.
     */
    public List<AuthResult> test(Optional<String> principal, List<AuthInfo> infos, Optional<String> clientId,
                                 List<String> toAdd, List<String> toSkip) {
        Optional<Certificate> certificate = principal.map(this::requireCertificate);
        Optional<String> attachedThing = clientId.filter(id -> principal.map(p -> isAttached(p, id)).orElse(false));
        Set<String> names = new LinkedHashSet<>(attachments.effective(principal, attachedThing));
        names.addAll(toAdd);
        toSkip.forEach(names::remove);
        List<NamedPolicy> policies = load(names);
        AuthorizationContext context = context(certificate, clientId, attachedThing);
        List<AuthResult> results = new ArrayList<>();
        for (AuthInfo info : infos) {
            String action = Optional.ofNullable(ACTIONS.get(info.actionType())).orElseThrow(() ->
                    FleetlineException.invalid("actionType must be one of " + ACTIONS.keySet()));
            Decision worst = null;
            for (String resource : info.resources()) {
                Decision decision = PolicyEvaluator.evaluate(policies, action, resource, context);
                if (worst == null || rank(decision) > rank(worst)) {
                    worst = decision;
                }
            }
            results.add(new AuthResult(info, worst));
        }
        return results;
    }

    /**
     * What a device connecting with {@code certificate} under {@code clientId} may do: its effective policies
     * and the values their variables take. The broker computes this once per connection and again when
     * policies change.
     */
    public DevicePermissions permissions(Certificate certificate, String clientId) {
        String principal = registry.scope().arn(ResourceType.CERTIFICATE, certificate.id());
        Optional<String> attachedThing = Optional.of(clientId).filter(id -> isAttached(principal, id));
        List<NamedPolicy> policies = load(new LinkedHashSet<>(attachments.effective(Optional.of(principal), attachedThing)));
        return new DevicePermissions(policies, context(Optional.of(certificate), Optional.of(clientId), attachedThing),
                this::denied);
    }

    /**
     * Tells {@code listener} of every action refused by the permissions {@link #permissions} makes from now on (the
     * broker's and the HTTPS device port's decisions; TestAuthorization's answers are not refusals).
     */
    public void onDenial(DenialListener listener) {
        denialListeners.add(listener);
    }

    private void denied(String action) {
        for (DenialListener listener : denialListeners) {
            listener.denied(action);
        }
    }

    private static int rank(Decision decision) {
        return switch (decision) {
            case Decision.Allowed a -> 0;
            case Decision.ImplicitDeny i -> 1;
            case Decision.ExplicitDeny e -> 2;
        };
    }

    private AuthorizationContext context(Optional<Certificate> certificate, Optional<String> clientId,
                                         Optional<String> attachedThing) {
        AuthorizationContext.Builder context = AuthorizationContext.builder();
        clientId.ifPresent(context::clientId);
        certificate.ifPresent(c -> {
            context.certificateId(c.id());
            CertificateVariables.fill(context, Pem.certificate(c.pem()));
        });
        attachedThing.ifPresent(name -> {
            Thing thing = registry.things().describe(name);
            context.thingName(thing.name()).thingAttached(true).thingAttributes(thing.attributes());
            thing.typeName().ifPresent(context::thingTypeName);
        });
        return context.build();
    }

    private List<NamedPolicy> load(Set<String> names) {
        return store.read(tx -> {
            List<NamedPolicy> loaded = new ArrayList<>();
            for (String name : names) {
                var policy = PolicyService.require(tx, name);
                String document = tx.findPolicyVersion(name, policy.defaultVersion()).orElseThrow().document();
                loaded.add(NamedPolicy.of(name, document));
            }
            return loaded;
        });
    }

    private boolean isAttached(String principal, String thingName) {
        return store.read(tx -> tx.thingsOfPrincipal(principal).contains(thingName));
    }

    private Certificate requireCertificate(String principal) {
        AccountScope scope = registry.scope();
        String id = scope.nameIn(principal, ResourceType.CERTIFICATE).orElseThrow(() -> FleetlineException.invalid(
                "The principal must be the ARN of a certificate of this account and region: " + principal));
        return store.read(tx -> tx.findCertificate(id)).orElseThrow(() ->
                FleetlineException.notFound("Certificate " + id + " cannot be found."));
    }

    /** One auth info of TestAuthorization: an action type and the resources to try it on. */
    public record AuthInfo(String actionType, List<String> resources) {
        public AuthInfo {
            resources = List.copyOf(resources);
        }
    }

    /** The decision for one auth info. */
    public record AuthResult(AuthInfo info, Decision decision) {
    }
}
