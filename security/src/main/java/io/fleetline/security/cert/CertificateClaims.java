package io.fleetline.security.cert;

import io.fleetline.core.arn.AccountScope;
import java.util.List;
import java.util.Optional;

/**
 * Where a server of several accounts keeps which one owns each certificate: one record for the whole server, since
 * every account's certificates are in a database of its own. Each call is one durable transaction; storage implements
 * it in the server's own database.
 */
public interface CertificateClaims {
    Optional<CertificateClaim> find(String certificateId);

    /** Records {@code claim} unless the certificate is claimed already; answers whether it did. */
    boolean insert(CertificateClaim claim);

    /**
     * Replaces {@code expected} with {@code next} (the same certificate) if the certificate is still claimed by
     * {@code expected}'s owner; answers whether it was.
     */
    boolean replace(CertificateClaim expected, CertificateClaim next);

    /** Forgets the claim on a certificate if {@code owner} holds it. */
    void release(String certificateId, AccountScope owner);

    /**
     * Claims for {@code owner} each of {@code certificateIds} that nobody claims; answers the claims others hold
     * on the rest.
     */
    List<CertificateClaim> insertAbsent(AccountScope owner, List<String> certificateIds);
}
