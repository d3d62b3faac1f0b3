package io.fleetline.security.cert;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;

/**
 * A certificate and the account that owns it: this one, or another account of the region that offers it to this
 * one (an incoming transfer shows in the target's DescribeCertificate and ListCertificates, owned by the source).
 */
public record OwnedCertificate(Certificate certificate, AccountScope owner) {
    public String arn() {
        return owner.arn(ResourceType.CERTIFICATE, certificate.id());
    }
}
