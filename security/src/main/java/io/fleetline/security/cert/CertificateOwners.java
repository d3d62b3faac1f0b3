package io.fleetline.security.cert;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.security.SecurityStore;
import io.fleetline.security.SecurityTx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Which account owns a certificate on a server of several accounts (the permissive mode), where each account keeps
 * its certificates in a database of its own: a certificate belongs to one account at a time, and another account's
 * registration of it is refused, whatever its status there, until it is deleted or transferred.
 *
 * <p>Registering claims the certificate in the server-wide {@link CertificateClaims} before the account stores it;
 * deleting releases the claim after. A registration that stopped between the two (a failure, a {@code kill -9}) leaves
 * a claim whose owner holds nothing: a claim is checked against its owner's store when another account contests it,
 * and one found empty is taken over. So that a contester never looks while the owner is between the two steps, one
 * lock per certificate (striped) covers both in this process. Accepting a transfer moves the claim to the target
 * before the target stores its copy, naming the source: while the source still holds its copy the claim stands.
 */
public final class CertificateOwners {
    /** A server of one account: its store alone refuses a certificate registered twice, and nothing is claimed. */
    public static final CertificateOwners SOLE = new CertificateOwners(Optional.empty(), TransferPeers.NONE);
    private static final int STRIPES = 64;
    /** Only another process writing the same claims could make a step fail this often. */
    private static final int MAX_ATTEMPTS = 5;
    /** Certificates read at a time when claiming what an account stored. */
    private static final int ADOPT_PAGE = 500;

    private final Optional<CertificateClaims> claims;
    private final TransferPeers accounts;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    private CertificateOwners(Optional<CertificateClaims> claims, TransferPeers accounts) {
        this.claims = claims;
        this.accounts = accounts;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * @param claims   the server-wide record of owners
     * @param accounts the accounts served, whose stores are asked whether they still hold what they claim
     */
    public static CertificateOwners claimedIn(CertificateClaims claims, TransferPeers accounts) {
        return new CertificateOwners(Optional.of(claims), accounts);
    }

    /** Whether owners are claimed at all (a server of several accounts). */
    public boolean claimed() {
        return claims.isPresent();
    }

    /** The account that owns a certificate, if one claims it; empty on a server of one account. */
    public Optional<AccountScope> ownerOf(String certificateId) {
        return claims.flatMap(c -> c.find(certificateId)).map(CertificateClaim::owner);
    }

    /**
     * Runs {@code store}, which stores the certificate in {@code claimant}'s account, as the certificate's one owner;
     * answers empty, without running it, when another account holds it. When {@code store} fails, a claim this call
     * made is released again.
     *
     * @param handedOverBy the account of the claimant's region that transferred the certificate to it, whose claim
     *                     the claimant takes over (AcceptCertificateTransfer)
     */
    <T> Optional<T> claim(String certificateId, AccountScope claimant, Optional<String> handedOverBy,
                          Supplier<T> store) {
        if (claims.isEmpty()) {
            return Optional.of(store.get());
        }
        ReentrantLock lock = stripeOf(certificateId);
        lock.lock();
        try {
            Taken taken = take(claims.get(), new CertificateClaim(certificateId, claimant, handedOverBy));
            if (taken == Taken.REFUSED) {
                return Optional.empty();
            }
            try {
                return Optional.of(store.get());
            } catch (RuntimeException e) {
                if (taken == Taken.MADE) {
                    try {
                        claims.get().release(certificateId, claimant);
                    } catch (RuntimeException notReleased) {
                        e.addSuppressed(notReleased);  // a claim left behind is taken over when contested
                    }
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** After {@code owner} deleted a certificate: another account may register it now. */
    void release(String certificateId, AccountScope owner) {
        claims.ifPresent(c -> c.release(certificateId, owner));
    }

    /**
     * Claims for {@code owner} the certificates its store holds already (stored before this server kept claims, or
     * while it served one account). Answers the ids of those another account holds too: they stay that account's.
     */
    List<String> adopt(AccountScope owner, SecurityStore store) {
        if (claims.isEmpty()) {
            return List.of();
        }
        List<String> elsewhere = new ArrayList<>();
        Optional<SecurityTx.CertificateKey> after = Optional.empty();
        for (;;) {
            Optional<SecurityTx.CertificateKey> from = after;
            List<Certificate> page = store.read(tx -> tx.listCertificates(Optional.empty(), from, true, ADOPT_PAGE));
            if (page.isEmpty()) {
                return elsewhere;
            }
            for (CertificateClaim other : claims.get().insertAbsent(owner, page.stream().map(Certificate::id).toList())) {
                if (!adopt(owner, other)) {
                    elsewhere.add(other.certificateId());
                }
            }
            Certificate last = page.getLast();
            after = Optional.of(new SecurityTx.CertificateKey(last.creationDate().toEpochMilli(), last.id()));
        }
    }

    /** Whether {@code owner} may keep a certificate it holds that {@code other} claims. */
    private boolean adopt(AccountScope owner, CertificateClaim other) {
        if (other.source().filter(owner::equals).isPresent()) {
            return true;  // it handed the certificate over and has not dropped its copy yet
        }
        ReentrantLock lock = stripeOf(other.certificateId());
        lock.lock();
        try {
            return take(claims.orElseThrow(), new CertificateClaim(other.certificateId(), owner, Optional.empty()))
                    != Taken.REFUSED;
        } finally {
            lock.unlock();
        }
    }

    /** What became of a claim asked for. */
    private enum Taken {
        /** Another account holds the certificate. */
        REFUSED,
        /** Claimed by this call: released again if storing fails. */
        MADE,
        /** The claimant's already, or handed over to it: kept whatever storing does. */
        KEPT
    }

    /** Makes {@code mine} the certificate's claim unless another account holds it; under the certificate's lock. */
    private Taken take(CertificateClaims claims, CertificateClaim mine) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<CertificateClaim> current = claims.find(mine.certificateId());
            if (current.isEmpty()) {
                if (claims.insert(mine)) {
                    return Taken.MADE;
                }
                continue;
            }
            CertificateClaim held = current.get();
            if (held.owner().equals(mine.owner())) {
                return Taken.KEPT;
            }
            boolean handedOver = mine.source().filter(held.owner()::equals).isPresent();
            if (!handedOver && stillHeld(held)) {
                return Taken.REFUSED;
            }
            if (claims.replace(held, mine)) {
                // releasing a claim taken from the source would leave the source's copy unclaimed
                return handedOver ? Taken.KEPT : Taken.MADE;
            }
        }
        return Taken.REFUSED;
    }

    /** Whether a claim's owner holds the certificate, or the account that handed it over still does. */
    private boolean stillHeld(CertificateClaim claim) {
        return holds(claim.owner(), claim.certificateId())
                || claim.source().filter(source -> holds(source, claim.certificateId())).isPresent();
    }

    private boolean holds(AccountScope account, String certificateId) {
        return accounts.inRegion(account.region()).stream().filter(peer -> peer.scope().equals(account)).findFirst()
                .map(peer -> peer.holds(certificateId))
                // an account not open now cannot be asked: it keeps what it claimed
                .orElse(true);
    }

    private ReentrantLock stripeOf(String certificateId) {
        return stripes[Math.floorMod(certificateId.hashCode(), STRIPES)];
    }
}
