package io.fleetline.security;

import io.fleetline.core.arn.ResourceType;
import io.fleetline.registry.Registry;
import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.cert.CaCertificateService;
import io.fleetline.security.cert.CertificateOwners;
import io.fleetline.security.cert.CertificateService;
import io.fleetline.security.cert.CertificateTransfers;
import io.fleetline.security.cert.TransferPeers;
import io.fleetline.security.policies.AuthorizationService;
import io.fleetline.security.policies.PolicyAttachmentService;
import io.fleetline.security.policies.PolicyService;
import io.fleetline.security.principal.ThingPrincipalService;
import java.time.Clock;

/** The security services over one store, wired together. */
public record Security(CertificateService certificates, CertificateTransfers transfers,
                       CaCertificateService caCertificates, ThingPrincipalService principals, PolicyService policies,
                       PolicyAttachmentService attachments, AuthorizationService authorization, String accountId) {

    /** The services of an account alone on its server: its certificates can be offered, but nobody here takes them. */
    public static Security create(SecurityStore store, Registry registry, CertificateAuthority ca, Clock clock) {
        return create(store, registry, ca, clock, TransferPeers.NONE, CertificateOwners.SOLE);
    }

    /**
     * @param peers  the other accounts served beside this one, which certificate transfers reach
     * @param owners which of them owns each certificate (the same for every account of a server)
     */
    public static Security create(SecurityStore store, Registry registry, CertificateAuthority ca, Clock clock,
                                  TransferPeers peers, CertificateOwners owners) {
        PolicyService policies = new PolicyService(store, registry.scope(), clock);
        PolicyAttachmentService attachments = new PolicyAttachmentService(store, registry, policies);
        // thing attributes, types and group memberships feed policy variables and group policies
        registry.changes().onChange(policies::changed);
        CaCertificateService caCertificates = new CaCertificateService(store, registry.scope(), clock);
        // AWS tags policies and CA certificates, not device certificates
        registry.tags().cover(ResourceType.POLICY, policies::get);
        registry.tags().cover(ResourceType.CA_CERTIFICATE, caCertificates::describe);
        CertificateTransfers transfers = new CertificateTransfers(store, registry.scope(), clock, peers, owners);
        return new Security(new CertificateService(store, registry.scope(), ca, clock, transfers, owners), transfers,
                caCertificates,
                new ThingPrincipalService(store, registry.things(), registry.scope(), policies::changed), policies, attachments,
                new AuthorizationService(store, registry, attachments), registry.scope().accountId());
    }
}
