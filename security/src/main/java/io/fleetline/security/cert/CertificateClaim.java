package io.fleetline.security.cert;

import io.fleetline.core.arn.AccountScope;
import java.util.Objects;
import java.util.Optional;

/**
 * Which account and region owns a certificate (by its id, the SHA-256 of its DER) on a server of several accounts.
 * {@code handedOverBy} names the account of the same region that transferred it to the owner: until that account has
 * dropped its own copy, the certificate is in transit, and the claim stands whether or not the owner stored it yet.
 */
public record CertificateClaim(String certificateId, AccountScope owner, Optional<String> handedOverBy) {
    public CertificateClaim {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(handedOverBy, "handedOverBy");
        if (handedOverBy.filter(owner.accountId()::equals).isPresent()) {
            throw new IllegalArgumentException("an account does not hand a certificate over to itself");
        }
    }

    /** The account that handed the certificate over, in the owner's region. */
    public Optional<AccountScope> source() {
        return handedOverBy.map(account -> new AccountScope(owner.region(), account));
    }
}
