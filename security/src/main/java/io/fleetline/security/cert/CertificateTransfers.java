package io.fleetline.security.cert;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.security.SecurityStore;
import io.fleetline.security.SecurityTx;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Certificate transfers between accounts of one region, as AWS IoT makes them: the source offers an INACTIVE
 * certificate without policies (PENDING_TRANSFER) and may cancel; the target accepts (the certificate moves into
 * its account) or rejects (it goes back to INACTIVE in the source). The certificate stays in the source's store
 * until it is accepted; the target reaches it only through the source's instance of this class, found by
 * {@link TransferPeers}.
 *
 * <p>Accepting spans two stores, so it goes in three steps that can each be repeated: the source marks the offer
 * accepted (from then on it can no longer be cancelled or rejected), the target stores its copy, the source drops
 * its own. A failure between them leaves an accepted offer that the next AcceptCertificateTransfer completes.
 */
public final class CertificateTransfers {
    private final SecurityStore store;
    private final AccountScope scope;
    private final Clock clock;
    private final TransferPeers peers;
    private final CertificateOwners owners;

    /** @param owners which account owns each certificate: accepting moves its claim from the source to the target */
    public CertificateTransfers(SecurityStore store, AccountScope scope, Clock clock, TransferPeers peers,
                                CertificateOwners owners) {
        this.store = store;
        this.scope = scope;
        this.clock = clock;
        this.peers = peers;
        this.owners = owners;
    }

    public AccountScope scope() {
        return scope;
    }

    /** TransferCertificate: offers the certificate to {@code targetAccount}; answers its ARN. */
    public String transfer(String id, String targetAccount, Optional<String> message) {
        if (targetAccount.equals(scope.accountId())) {
            throw FleetlineException.invalid("A certificate cannot be transferred to the account that owns it");
        }
        String arn = arnOf(id);
        store.transact(tx -> {
            Certificate certificate = require(tx, id);
            switch (certificate.status()) {
                case ACTIVE -> throw stateError(id, "is ACTIVE; deactivate it with UpdateCertificate before "
                        + "transferring it.");
                case PENDING_TRANSFER -> throw stateError(id, "is already being transferred.");
                case REVOKED -> throw stateError(id, "is REVOKED; a revoked certificate cannot be transferred.");
                default -> { }
            }
            if (!tx.policiesOf(arn).isEmpty()) {
                throw new FleetlineException(ErrorCode.TRANSFER_CONFLICT, "Certificate " + id
                        + " has policies attached; detach them before transferring it.");
            }
            Instant now = now();
            tx.updateCertificate(certificate.withTransfer(CertificateStatus.PENDING_TRANSFER,
                    Optional.of(TransferData.offered(targetAccount, message, now)), now, newGeneration()));
            return null;
        });
        return arn;
    }

    /** CancelCertificateTransfer, by the source: the certificate is INACTIVE again and the offer forgotten. */
    public void cancel(String id) {
        boolean held = store.transact(tx -> {
            Optional<Certificate> found = tx.findCertificate(id);
            if (found.isEmpty()) {
                return false;
            }
            Certificate certificate = found.get();
            if (!certificate.offered()) {
                throw notPending(certificate);
            }
            tx.updateCertificate(certificate.withTransfer(CertificateStatus.INACTIVE, Optional.empty(), now(),
                    newGeneration()));
            return true;
        });
        if (!held) {
            if (incoming(id).isPresent()) {
                throw FleetlineException.invalid("Only the account that offered certificate " + id
                        + " can cancel its transfer; use RejectCertificateTransfer instead.");
            }
            throw notFound(id);
        }
    }

    /** AcceptCertificateTransfer, by the target: the certificate moves into this account, INACTIVE unless asked. */
    public void accept(String id, boolean setAsActive) {
        Source source = transferredHere(id).orElseThrow(() -> notOfferedHere(id));
        if (source.certificate().status() != CertificateStatus.PENDING_TRANSFER) {
            throw completed(id);
        }
        String from = source.peer().scope().accountId();
        Optional<Certificate> own = store.read(tx -> tx.findCertificate(id));
        if (own.isPresent() && !own.get().previousOwner().equals(Optional.of(from))) {
            throw FleetlineException.invalid("Certificate " + id + " is registered in this account already");
        }
        Certificate accepted = source.peer().markAccepted(id, scope.accountId());
        Instant now = now();
        CertificateStatus status = setAsActive ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE;
        // the claim moves to this account before its copy exists, so the certificate never acts in two accounts
        owners.claim(id, scope, Optional.of(from), () -> store.transact(tx -> {
            if (tx.findCertificate(id).isEmpty()) {
                tx.insertCertificate(accepted.acceptedFrom(from, status, accepted.transfer().orElseThrow(), now,
                        newGeneration()));
            }
            return true;
        })).orElseThrow(() -> FleetlineException.invalid("Certificate " + id
                + " is registered in another account already"));  // one held twice from before owners were kept
        source.peer().handOver(id, scope.accountId());
    }

    /** RejectCertificateTransfer, by the target: the certificate goes back to INACTIVE in the source. */
    public void reject(String id, Optional<String> reason) {
        Source source = transferredHere(id).orElseThrow(() -> notOfferedHere(id));
        source.peer().markRejected(id, scope.accountId(), reason);
    }

    /** ListOutgoingCertificates: this account's offers not yet accepted, in creation order. */
    public Page<Certificate> outgoing(PageRequest page, boolean ascending) {
        return store.read(tx -> Page.of(tx.listOutgoing(Optional.empty(), page.after().map(CertificateTransfers::decodeKey),
                ascending, page.limit() + 1), page, CertificateTransfers::key));
    }

    /** The certificate another account offers to this one, as its owner shows it. */
    public Optional<OwnedCertificate> incoming(String id) {
        for (CertificateTransfers peer : others()) {
            Optional<Certificate> offered = peer.offeredTo(id, scope.accountId()).filter(Certificate::offered);
            if (offered.isPresent()) {
                return Optional.of(new OwnedCertificate(offered.get(), peer.scope()));
            }
        }
        return Optional.empty();
    }

    /** Offers other accounts make to this one, in creation order after {@code after}, at most {@code limit}. */
    List<OwnedCertificate> incoming(Optional<SecurityTx.CertificateKey> after, boolean ascending, int limit) {
        List<OwnedCertificate> all = new ArrayList<>();
        for (CertificateTransfers peer : others()) {
            peer.store.read(tx -> tx.listOutgoing(Optional.of(scope.accountId()), after, ascending, limit))
                    .forEach(c -> all.add(new OwnedCertificate(c, peer.scope())));
        }
        return all;
    }

    // ---- what another account asks of this one (another instance of this class)

    /** Whether this account's store has the certificate, in any status (an offer, accepted or not, included). */
    boolean holds(String id) {
        return store.read(tx -> tx.findCertificate(id)).isPresent();
    }

    /** The certificate if its last transfer was to {@code account}, whatever became of it. */
    private Optional<Certificate> offeredTo(String id, String account) {
        return store.read(tx -> tx.findCertificate(id))
                .filter(c -> c.transfer().map(TransferData::targetAccount).filter(account::equals).isPresent());
    }

    /** Step one of accepting: from now on the offer is the target's (a repeated call answers the same). */
    private Certificate markAccepted(String id, String account) {
        return store.transact(tx -> {
            Certificate certificate = tx.findCertificate(id).filter(c -> isTransferTo(c, account))
                    .orElseThrow(() -> completed(id));
            if (certificate.transfer().orElseThrow().accepted()) {
                return certificate;
            }
            Certificate accepted = certificate.withTransfer(CertificateStatus.PENDING_TRANSFER,
                    certificate.transfer().map(t -> t.acceptedAt(now())), now(), newGeneration());
            tx.updateCertificate(accepted);
            return accepted;
        });
    }

    /** Step three of accepting: the certificate and what was attached to it leave this account. */
    private void handOver(String id, String account) {
        String arn = arnOf(id);
        store.transact(tx -> {
            Optional<Certificate> certificate = tx.findCertificate(id).filter(c -> isTransferTo(c, account))
                    .filter(c -> c.transfer().orElseThrow().accepted());
            if (certificate.isPresent()) {
                tx.policiesOf(arn).forEach(policy -> tx.detachPolicy(policy, arn));
                tx.thingsOfPrincipal(arn).forEach(thing -> tx.detachThingPrincipal(thing, arn));
                tx.deleteCertificate(id);
            }
            return null;
        });
    }

    private void markRejected(String id, String account, Optional<String> reason) {
        store.transact(tx -> {
            Certificate certificate = tx.findCertificate(id).filter(c -> isTransferTo(c, account))
                    .filter(Certificate::offered).orElseThrow(() -> completed(id));
            Instant now = now();
            tx.updateCertificate(certificate.withTransfer(CertificateStatus.INACTIVE,
                    certificate.transfer().map(t -> t.rejectedAt(now, reason)), now, newGeneration()));
            return null;
        });
    }

    private static boolean isTransferTo(Certificate certificate, String account) {
        return certificate.status() == CertificateStatus.PENDING_TRANSFER
                && certificate.transfer().map(TransferData::targetAccount).filter(account::equals).isPresent();
    }

    // ---- helpers

    /** An account whose certificate's last transfer was to this one. */
    private record Source(CertificateTransfers peer, Certificate certificate) {
    }

    private Optional<Source> transferredHere(String id) {
        for (CertificateTransfers peer : others()) {
            Optional<Certificate> certificate = peer.offeredTo(id, scope.accountId());
            if (certificate.isPresent()) {
                return Optional.of(new Source(peer, certificate.get()));
            }
        }
        return Optional.empty();
    }

    private List<CertificateTransfers> others() {
        return peers.inRegion(scope.region()).stream()
                .filter(peer -> !peer.scope().accountId().equals(scope.accountId())).toList();
    }

    /** Why a certificate that no other account offers here cannot be accepted or rejected. */
    private FleetlineException notOfferedHere(String id) {
        Optional<Certificate> own = store.read(tx -> tx.findCertificate(id));
        if (own.isEmpty()) {
            return notFound(id);
        }
        if (own.get().status() == CertificateStatus.PENDING_TRANSFER) {
            return FleetlineException.invalid("Certificate " + id + " is offered by this account; only the account "
                    + "it is offered to can accept or reject it.");
        }
        return own.get().previousOwner().isPresent() ? completed(id) : notPending(own.get());
    }

    private static FleetlineException notPending(Certificate certificate) {
        if (certificate.transfer().isPresent()) {
            return completed(certificate.id());
        }
        return FleetlineException.invalid("Certificate " + certificate.id() + " is not being transferred.");
    }

    private static FleetlineException completed(String id) {
        return new FleetlineException(ErrorCode.TRANSFER_ALREADY_COMPLETED, "The transfer of certificate " + id
                + " is complete already.");
    }

    private static FleetlineException stateError(String id, String why) {
        return new FleetlineException(ErrorCode.CERTIFICATE_STATE, "Certificate " + id + " " + why);
    }

    private static FleetlineException notFound(String id) {
        return FleetlineException.notFound("Certificate " + id + " cannot be found.");
    }

    private static Certificate require(SecurityTx tx, String id) {
        return tx.findCertificate(id).orElseThrow(() -> notFound(id));
    }

    private String arnOf(String id) {
        return scope.arn(ResourceType.CERTIFICATE, id);
    }

    static String key(Certificate c) {
        return c.creationDate().toEpochMilli() + ":" + c.id();
    }

    static SecurityTx.CertificateKey decodeKey(String key) {
        int colon = key.indexOf(':');
        try {
            return new SecurityTx.CertificateKey(Long.parseLong(key.substring(0, colon)), key.substring(colon + 1));
        } catch (RuntimeException e) {
            throw FleetlineException.invalid("The marker is not valid");
        }
    }

    private static String newGeneration() {
        return UUID.randomUUID().toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
