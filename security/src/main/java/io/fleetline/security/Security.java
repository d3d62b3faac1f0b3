package io.fleetline.security;

import io.fleetline.core.arn.ResourceType;
import io.fleetline.registry.Registry;
import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.cert.CaCertificateService;
import io.fleetline.security.cert.CertificateService;
import io.fleetline.security.policies.AuthorizationService;
import io.fleetline.security.policies.PolicyAttachmentService;
import io.fleetline.security.policies.PolicyService;
import io.fleetline.security.principal.ThingPrincipalService;
import java.time.Clock;

/** The security services over one store, wired together. */
public record Security(CertificateService certificates, CaCertificateService caCertificates,
                       ThingPrincipalService principals, PolicyService policies, PolicyAttachmentService attachments,
                       AuthorizationService authorization, String accountId) {

    public static Security create(SecurityStore store, Registry registry, CertificateAuthority ca, Clock clock) {
        PolicyService policies = new PolicyService(store, registry.scope(), clock);
        PolicyAttachmentService attachments = new PolicyAttachmentService(store, registry, policies);
        // thing attributes, types and group memberships feed policy variables and group policies
        registry.changes().onChange(policies::changed);
        CaCertificateService caCertificates = new CaCertificateService(store, registry.scope(), clock);
        // AWS tags policies and CA certificates, not device certificates
        registry.tags().cover(ResourceType.POLICY, policies::get);
        registry.tags().cover(ResourceType.CA_CERTIFICATE, caCertificates::describe);
        return new Security(new CertificateService(store, registry.scope(), ca, clock), caCertificates,
                new ThingPrincipalService(store, registry.things(), registry.scope(), policies::changed), policies, attachments,
                new AuthorizationService(store, registry, attachments), registry.scope().accountId());
    }
}
