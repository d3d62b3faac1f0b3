package io.fleetline.security.cert;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.tag.Tags;
import io.fleetline.security.SecurityStore;
import io.fleetline.security.SecurityTx;
import io.fleetline.security.ca.Pem;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * CA certificates: the account's registration code, and registering CAs whose device certificates may then
 * be registered (and, with auto-registration, connect).
 */
public final class CaCertificateService {
    private static final String REGISTRATION_CODE = "registration-code";

    private final SecurityStore store;
    private final AccountScope scope;
    private final Clock clock;
    private final List<CertificateListener> listeners = new CopyOnWriteArrayList<>();

    public CaCertificateService(SecurityStore store, AccountScope scope, Clock clock) {
        this.store = store;
        this.scope = scope;
        this.clock = clock;
    }

    public void addListener(CertificateListener listener) {
        listeners.add(listener);
    }

    public String arnOf(String caId) {
        return scope.arn(ResourceType.CA_CERTIFICATE, caId);
    }

    /** GetRegistrationCode: one code per account, made on first use and kept. */
    public String registrationCode() {
        return store.transact(tx -> tx.setting(REGISTRATION_CODE).orElseGet(() -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String code = HexFormat.of().formatHex(random);
            tx.putSetting(REGISTRATION_CODE, code);
            return code;
        }));
    }

    /**
     * RegisterCACertificate. In DEFAULT mode the caller proves it holds the CA's key with a verification
     * certificate signed by it whose common name is the registration code; SNI_ONLY needs no proof.
     */
    public CaCertificate register(String caPem, Optional<String> verificationPem, boolean setAsActive,
                                  boolean allowAutoRegistration, String mode, Map<String, String> tags) {
        Tags.requireValid(tags);
        X509Certificate ca = Pem.certificate(caPem);
        Signers.requireCurrentlyValid(ca);
        if (ca.getBasicConstraints() < 0) {
            throw new FleetlineException(ErrorCode.CERTIFICATE_VALIDATION, "The certificate is not a CA certificate");
        }
        if (!"SNI_ONLY".equals(mode)) {
            verifyOwnership(ca, verificationPem.orElseThrow(() -> FleetlineException.invalid(
                    "A verification certificate is required to register a CA certificate in DEFAULT mode")));
        }
        String id = Pem.certificateId(ca);
        return store.transact(tx -> {
            if (tx.findCaCertificate(id).isPresent()) {
                throw FleetlineException.alreadyExists("The CA certificate is already registered", id, arnOf(id));
            }
            Instant now = now();
            CaCertificate registered = new CaCertificate(id, Pem.write(ca), setAsActive ? "ACTIVE" : "INACTIVE",
                    allowAutoRegistration ? "ENABLE" : "DISABLE", mode, now, now, 1, UUID.randomUUID().toString(),
                    ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant());
            tx.insertCaCertificate(registered);
            // a CA deleted while it was being tagged may have left tags under this id
            tx.deleteTags(arnOf(id));
            tx.putTags(arnOf(id), tags);
            return registered;
        });
    }

    public CaCertificate describe(String id) {
        return store.read(tx -> require(tx, id));
    }

    /** UpdateCACertificate; deactivating a CA cuts off the devices whose certificates it signed. */
    public void update(String id, Optional<String> newStatus, Optional<String> newAutoRegistration) {
        List<String> cutOff = store.transact(tx -> {
            CaCertificate ca = require(tx, id);
            String status = newStatus.orElse(ca.status());
            tx.updateCaCertificate(ca.updated(status, newAutoRegistration.orElse(ca.autoRegistrationStatus()), now(),
                    UUID.randomUUID().toString()));
            if (ca.active() && !"ACTIVE".equals(status)) {
                return tx.listCertificates(Optional.of(id), Optional.empty(), true, Integer.MAX_VALUE).stream()
                        .map(Certificate::id).toList();
            }
            return List.<String>of();
        });
        cutOff.forEach(certificate -> listeners.forEach(l -> l.certificateDisabled(certificate)));
    }

    /** DeleteCACertificate, tags included: only an INACTIVE CA with no device certificates registered under it. */
    public void delete(String id) {
        store.transact(tx -> {
            CaCertificate ca = require(tx, id);
            if (ca.active()) {
                throw new FleetlineException(ErrorCode.CERTIFICATE_STATE, "CA certificate " + id
                        + " is ACTIVE; deactivate it before deleting it.");
            }
            if (tx.countCertificatesOfCa(id) > 0) {
                throw new FleetlineException(ErrorCode.CERTIFICATE_STATE, "CA certificate " + id
                        + " still has device certificates registered under it.");
            }
            tx.deleteCaCertificate(id);
            tx.deleteTags(arnOf(id));
            return null;
        });
    }

    /** ListCACertificates in creation order. There are few CAs, so they are paged in memory. */
    public Page<CaCertificate> list(PageRequest page, boolean ascending) {
        return store.read(tx -> {
            Comparator<CaCertificate> order = Comparator.comparing((CaCertificate c) -> c.creationDate().toEpochMilli())
                    .thenComparing(CaCertificate::id);
            List<CaCertificate> all = tx.allCaCertificates().stream()
                    .sorted(ascending ? order : order.reversed()).toList();
            int start = 0;
            if (page.after().isPresent()) {
                String after = page.after().get();
                for (int i = 0; i < all.size(); i++) {
                    if (key(all.get(i)).equals(after)) {
                        start = i + 1;
                    }
                }
            }
            List<CaCertificate> fetched = all.subList(start, Math.min(all.size(), start + page.limit() + 1));
            return Page.of(fetched, page, CaCertificateService::key);
        });
    }

    private void verifyOwnership(X509Certificate ca, String verificationPem) {
        X509Certificate verification = Pem.certificate(verificationPem);
        try {
            verification.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new FleetlineException(ErrorCode.CERTIFICATE_VALIDATION,
                    "The verification certificate is not signed by the CA certificate's key");
        }
        String code = registrationCode();
        String commonName = commonName(verification.getSubjectX500Principal());
        if (!code.equals(commonName)) {
            throw new FleetlineException(ErrorCode.REGISTRATION_CODE_VALIDATION,
                    "The verification certificate's common name must be the registration code");
        }
    }

    private static String commonName(X500Principal principal) {
        X500Name name = new X500Name(principal.getName());
        var rdns = name.getRDNs(BCStyle.CN);
        return rdns.length == 0 ? "" : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    private static CaCertificate require(SecurityTx tx, String id) {
        return tx.findCaCertificate(id).orElseThrow(() -> FleetlineException.notFound(
                "CA certificate " + id + " cannot be found."));
    }

    private static String key(CaCertificate c) {
        return c.creationDate().toEpochMilli() + ":" + c.id();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
