package io.fleetline.security.cert;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.security.SecurityStore;
import io.fleetline.security.SecurityTx;
import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.ca.Pem;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** Device certificates: issued by Fleetline's CA or registered, and their states. CA certificates: {@link CaCertificateService}. */
public final class CertificateService {
    private final SecurityStore store;
    private final AccountScope scope;
    private final CertificateAuthority ca;
    private final Clock clock;
    private final CertificateTransfers transfers;
    private final CertificateOwners owners;
    private final List<CertificateListener> listeners = new CopyOnWriteArrayList<>();

    /** @param owners which account owns each certificate, when the server serves several */
    public CertificateService(SecurityStore store, AccountScope scope, CertificateAuthority ca, Clock clock,
                              CertificateTransfers transfers, CertificateOwners owners) {
        this.store = store;
        this.scope = scope;
        this.ca = ca;
        this.clock = clock;
        this.transfers = transfers;
        this.owners = owners;
    }

    public void addListener(CertificateListener listener) {
        listeners.add(listener);
    }

    public AccountScope scope() {
        return scope;
    }

    public String arnOf(String certificateId) {
        return scope.arn(ResourceType.CERTIFICATE, certificateId);
    }

    /** CreateKeysAndCertificate: a new key pair and a certificate for it signed by Fleetline's CA. */
    public IssuedCertificate createKeysAndCertificate(boolean setAsActive) {
        KeyPair keys = CertificateAuthority.newKeyPair();
        Certificate certificate = save(ca.issueDevice(keys.getPublic(), now()), Optional.empty(), "DEFAULT",
                setAsActive ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE);
        return new IssuedCertificate(certificate, Pem.write(keys.getPublic()), Pem.write(keys.getPrivate()));
    }

    /** CreateCertificateFromCsr: the device keeps its key; the CSR's signature proves it holds it. */
    public Certificate createFromCsr(String csrPem, boolean setAsActive) {
        PKCS10CertificationRequest csr = Pem.csr(csrPem);
        PublicKey key;
        try {
            JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(csr);
            key = jca.getPublicKey();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw FleetlineException.invalid("The certificate signing request's signature is not valid");
            }
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.pkcs.PKCSException e) {
            throw FleetlineException.invalid("The certificate signing request cannot be verified: " + e.getMessage());
        }
        return save(ca.issueDevice(key, now()), Optional.empty(), "DEFAULT",
                setAsActive ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE);
    }

    /**
     * RegisterCertificate: a certificate signed by a registered CA (the one given, or any registered CA that
     * verifies it). Its status is ACTIVE with {@code setAsActive}, else {@code status}, else INACTIVE.
     */
    public Certificate register(String pem, Optional<String> caPem, Optional<CertificateStatus> status, boolean setAsActive) {
        X509Certificate certificate = Pem.certificate(pem);
        Signers.requireCurrentlyValid(certificate);
        CertificateStatus initial = initialStatus(status, setAsActive);
        return owned(certificate, () -> store.transact(tx -> {
            CaCertificate signer = Signers.signerOf(tx, certificate, caPem);
            if (initial == CertificateStatus.ACTIVE && !signer.active()) {
                throw new FleetlineException(ErrorCode.CERTIFICATE_STATE,
                        "The CA certificate " + signer.id() + " is not active, so its certificates cannot be activated");
            }
            return insert(tx, certificate, Optional.of(signer.id()), signer.mode(), initial);
        }));
    }

    /** RegisterCertificateWithoutCA: any valid certificate, trusted for itself alone. */
    public Certificate registerWithoutCa(String pem, Optional<CertificateStatus> status) {
        X509Certificate certificate = Pem.certificate(pem);
        Signers.requireCurrentlyValid(certificate);
        return save(certificate, Optional.empty(), "SNI_ONLY", initialStatus(status, false));
    }

    public Certificate describe(String id) {
        return store.read(tx -> require(tx, id));
    }

    /** DescribeCertificate: a certificate of this account, or one another account offers to transfer to it. */
    public OwnedCertificate describeWithOffers(String id) {
        return store.read(tx -> tx.findCertificate(id)).map(own -> new OwnedCertificate(own, scope))
                .or(() -> transfers.incoming(id)).orElseThrow(() -> notFound(id));
    }

    /**
     * ListCertificates: this account's certificates and those other accounts offer to it (AWS tells a target to
     * find pending transfers there), merged in creation order.
     */
    public Page<OwnedCertificate> listWithOffers(PageRequest page, boolean ascending) {
        Optional<SecurityTx.CertificateKey> after = page.after().map(CertificateTransfers::decodeKey);
        List<OwnedCertificate> merged = new ArrayList<>(transfers.incoming(after, ascending, page.limit() + 1));
        store.read(tx -> tx.listCertificates(Optional.empty(), after, ascending, page.limit() + 1))
                .forEach(c -> merged.add(new OwnedCertificate(c, scope)));
        Comparator<OwnedCertificate> order = Comparator.comparing((OwnedCertificate o) -> o.certificate().creationDate())
                .thenComparing(o -> o.certificate().id());
        merged.sort(ascending ? order : order.reversed());
        return Page.of(merged.subList(0, Math.min(merged.size(), page.limit() + 1)), page,
                o -> CertificateTransfers.key(o.certificate()));
    }

    /** ListCertificates and ListCertificatesByCA, in creation order, paged by marker. */
    public Page<Certificate> list(Optional<String> caId, PageRequest page, boolean ascending) {
        return store.read(tx -> {
            caId.ifPresent(id -> tx.findCaCertificate(id).orElseThrow(() ->
                    FleetlineException.notFound("CA certificate " + id + " cannot be found.")));
            Optional<SecurityTx.CertificateKey> after = page.after().map(CertificateTransfers::decodeKey);
            List<Certificate> fetched = tx.listCertificates(caId, after, ascending, page.limit() + 1);
            return Page.of(fetched, page, CertificateTransfers::key);
        });
    }

    /** UpdateCertificate: moves a certificate between ACTIVE, INACTIVE and REVOKED as AWS allows. */
    public void updateStatus(String id, CertificateStatus newStatus) {
        boolean disabled = store.transact(tx -> {
            Certificate certificate = require(tx, id);
            checkTransition(tx, certificate, newStatus);
            tx.updateCertificate(certificate.withStatus(newStatus, now(), UUID.randomUUID().toString()));
            return certificate.status() == CertificateStatus.ACTIVE && newStatus != CertificateStatus.ACTIVE;
        });
        if (disabled) {
            listeners.forEach(l -> l.certificateDisabled(id));
        }
    }

    /**
     * DeleteCertificate: only a certificate that is not ACTIVE and not attached to a thing; attached policies
     * are refused too unless {@code force}, which detaches them.
     */
    public void delete(String id, boolean force) {
        store.transact(tx -> {
            Certificate certificate = require(tx, id);
            if (certificate.status() == CertificateStatus.ACTIVE) {
                throw new FleetlineException(ErrorCode.CERTIFICATE_STATE, "Certificate " + id
                        + " is ACTIVE; deactivate it before deleting it.");
            }
            if (certificate.status() == CertificateStatus.PENDING_TRANSFER) {
                throw new FleetlineException(ErrorCode.CERTIFICATE_STATE, "Certificate " + id
                        + " is PENDING_TRANSFER; cancel the transfer before deleting it.");
            }
            String arn = arnOf(id);
            if (!tx.thingsOfPrincipal(arn).isEmpty()) {
                throw new FleetlineException(ErrorCode.DELETE_CONFLICT, "Certificate " + id
                        + " is attached to one or more things; detach it first.");
            }
            List<String> policies = tx.policiesOf(arn);
            if (!policies.isEmpty() && !force) {
                throw new FleetlineException(ErrorCode.DELETE_CONFLICT, "Certificate " + id
                        + " has policies attached; detach them or use forceDelete.");
            }
            policies.forEach(policy -> tx.detachPolicy(policy, arn));
            tx.deleteCertificate(id);
            return null;
        });
        owners.release(id, scope);
        listeners.forEach(l -> l.certificateDisabled(id));
    }

    /**
     * The registered certificate a device presents, if it may connect now: registered, ACTIVE, and (when it
     * came through a CA) its CA ACTIVE too.
     */
    public Optional<Certificate> usableCertificate(X509Certificate presented) {
        String id = Pem.certificateId(presented);
        return store.read(tx -> tx.findCertificate(id).filter(c -> c.status() == CertificateStatus.ACTIVE)
                .filter(c -> c.caCertificateId().flatMap(tx::findCaCertificate).map(CaCertificate::active).orElse(true)));
    }

    /**
     * Just-in-time registration of a certificate a device presented that is not usable, with its issuers after it as
     * the device sent them. When one of those issuers is a CA registered here, ACTIVE and with auto-registration
     * ENABLE, that signed the certificate, the certificate is registered PENDING_ACTIVATION under it and answered, to
     * be announced; a certificate an earlier attempt registered so is answered again (AWS announces every attempt of
     * a PENDING_ACTIVATION certificate). Anything else is left alone and answers nothing.
     */
    public Optional<Certificate> autoRegister(List<X509Certificate> chain) {
        if (chain.size() < 2 || !Signers.currentlyValid(chain.getFirst())) {
            return Optional.empty();
        }
        X509Certificate leaf = chain.getFirst();
        String id = Pem.certificateId(leaf);
        // decided on a read first, so that strangers never queue for the writer
        Optional<Certificate> known = store.read(tx -> tx.findCertificate(id));
        if (known.isPresent()) {
            return known.filter(c -> c.status() == CertificateStatus.PENDING_ACTIVATION && c.caCertificateId().isPresent());
        }
        Optional<CaCertificate> signer = store.read(tx -> Signers.autoRegisteringSigner(tx, chain));
        // a certificate another account holds is left alone: its owner is the one asked for it
        return signer.flatMap(ca -> owners.claim(id, scope, Optional.empty(), () -> store.transact(tx ->
                tx.findCertificate(id).orElseGet(() ->
                        insert(tx, leaf, Optional.of(ca.id()), ca.mode(), CertificateStatus.PENDING_ACTIVATION)))));
    }

    /**
     * Claims, for this account, the certificates it stored before its server kept owners (or while it served one
     * account), so that its devices are found in it; when the server serves one account, there is nothing to claim.
     * Answers the ids of those another account owns too: they stay that account's (its devices act there).
     */
    public List<String> claimStored() {
        return owners.adopt(scope, store);
    }

    private void checkTransition(SecurityTx tx, Certificate certificate, CertificateStatus to) {
        switch (to) {
            case PENDING_TRANSFER, PENDING_ACTIVATION, REGISTER_INACTIVE -> throw FleetlineException.invalid(
                    "A certificate cannot be set to " + to + " with UpdateCertificate");
            default -> { }
        }
        if (certificate.status() == CertificateStatus.REVOKED && to != CertificateStatus.REVOKED) {
            throw new FleetlineException(ErrorCode.CERTIFICATE_STATE, "Certificate " + certificate.id()
                    + " is REVOKED; a revoked certificate cannot be used again.");
        }
        if (certificate.status() == CertificateStatus.PENDING_TRANSFER) {
            throw new FleetlineException(ErrorCode.CERTIFICATE_STATE, "Certificate " + certificate.id()
                    + " is PENDING_TRANSFER; accept, reject or cancel the transfer first.");
        }
        if (to == CertificateStatus.ACTIVE) {
            certificate.caCertificateId().flatMap(tx::findCaCertificate).filter(c -> !c.active()).ifPresent(c -> {
                throw new FleetlineException(ErrorCode.CERTIFICATE_STATE, "The CA certificate " + c.id()
                        + " is not active, so its certificates cannot be activated");
            });
        }
    }

    private Certificate save(X509Certificate certificate, Optional<String> caId, String mode, CertificateStatus status) {
        return owned(certificate, () -> store.transact(tx -> insert(tx, certificate, caId, mode, status)));
    }

    /**
     * Stores a certificate as its one owner: refused as AWS refuses a certificate registered already when another
     * account holds it, without saying which.
     */
    private Certificate owned(X509Certificate certificate, Supplier<Certificate> stored) {
        String id = Pem.certificateId(certificate);
        return owners.claim(id, scope, Optional.empty(), stored).orElseThrow(() -> alreadyRegistered(id));
    }

    private Certificate insert(SecurityTx tx, X509Certificate x509, Optional<String> caId, String mode,
                               CertificateStatus status) {
        String id = Pem.certificateId(x509);
        if (tx.findCertificate(id).isPresent()) {
            throw alreadyRegistered(id);
        }
        Instant now = now();
        Certificate certificate = new Certificate(id, Pem.write(x509), status, caId, mode, now, now, 1,
                UUID.randomUUID().toString(), x509.getNotBefore().toInstant(), x509.getNotAfter().toInstant());
        tx.insertCertificate(certificate);
        return certificate;
    }

    private static CertificateStatus initialStatus(Optional<CertificateStatus> status, boolean setAsActive) {
        if (setAsActive) {
            return CertificateStatus.ACTIVE;
        }
        CertificateStatus initial = status.orElse(CertificateStatus.INACTIVE);
        if (initial == CertificateStatus.PENDING_TRANSFER || initial == CertificateStatus.REGISTER_INACTIVE) {
            throw FleetlineException.invalid("A certificate cannot be registered as " + initial);
        }
        return initial;
    }

    /** The same answer whether this account or another holds it: which one is none of the caller's business. */
    private FleetlineException alreadyRegistered(String id) {
        return FleetlineException.alreadyExists("The certificate is already registered", id, arnOf(id));
    }

    private static Certificate require(SecurityTx tx, String id) {
        return tx.findCertificate(id).orElseThrow(() -> notFound(id));
    }

    private static FleetlineException notFound(String id) {
        return FleetlineException.notFound("Certificate " + id + " cannot be found.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
