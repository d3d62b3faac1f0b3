package io.fleetline.storage.security;

import static io.fleetline.storage.security.SecurityContract.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.Registry;
import io.fleetline.security.Security;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.cert.CertificateStatus;
import io.fleetline.security.cert.OwnedCertificate;
import io.fleetline.security.cert.TransferData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Certificate transfers between two accounts, each over a database of its own and reaching the other only through
 * the transfer seam, as a server of several accounts wires them.
 */
abstract class CertificateTransferContract {
    static final AccountScope A = new AccountScope("us-east-1", "111111111111");
    static final AccountScope B = new AccountScope("us-east-1", "222222222222");

    private ServedAccounts accounts;
    Security a;
    Security b;
    Registry aRegistry;
    JdbcSecurityStore aStore;

    abstract String newDatabaseUrl();

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        accounts = new ServedAccounts(this::newDatabaseUrl, A, B);
        a = accounts.security(A);
        b = accounts.security(B);
        aRegistry = accounts.account(A).registry();
        aStore = accounts.account(A).store();
    }

    @AfterEach
    void close() {
        accounts.close();
        accounts.urls().forEach(this::dropDatabase);
    }

    private String inactiveCertificate() {
        return a.certificates().createKeysAndCertificate(false).certificate().id();
    }

    @Test
    void an_offer_is_pending_in_the_source_and_shows_in_the_target_owned_by_the_source() {
        String id = inactiveCertificate();

        String arn = a.transfers().transfer(id, B.accountId(), Optional.of("yours now"));

        assertThat(arn).isEqualTo("arn:aws:iot:us-east-1:111111111111:cert/" + id);
        Certificate offered = a.certificates().describe(id);
        assertThat(offered.status()).isEqualTo(CertificateStatus.PENDING_TRANSFER);
        TransferData data = offered.transfer().orElseThrow();
        assertThat(data.targetAccount()).isEqualTo(B.accountId());
        assertThat(data.message()).contains("yours now");
        assertThat(data.acceptDate()).isEmpty();
        assertThat(a.transfers().outgoing(new PageRequest(10, Optional.empty()), true).items())
                .extracting(Certificate::id).containsExactly(id);

        OwnedCertificate incoming = b.certificates().describeWithOffers(id);
        assertThat(incoming.owner()).isEqualTo(A);
        assertThat(incoming.arn()).isEqualTo(arn);
        String bOwn = b.certificates().createKeysAndCertificate(true).certificate().id();
        assertThat(b.certificates().listWithOffers(new PageRequest(10, Optional.empty()), true).items())
                .extracting(o -> o.certificate().id()).containsExactly(id, bOwn);
        assertThat(b.certificates().listWithOffers(new PageRequest(1, Optional.empty()), false).items())
                .extracting(o -> o.certificate().id()).containsExactly(bOwn);
        assertThat(b.transfers().outgoing(new PageRequest(10, Optional.empty()), true).items()).isEmpty();
    }

    @Test
    void only_an_inactive_certificate_without_policies_can_be_offered_and_an_offer_is_frozen() {
        String active = a.certificates().createKeysAndCertificate(true).certificate().id();
        assertFails(() -> a.transfers().transfer(active, B.accountId(), Optional.empty()), ErrorCode.CERTIFICATE_STATE);
        String withPolicy = inactiveCertificate();
        aStore.transact(tx -> {
            tx.attachPolicy("p", a.certificates().arnOf(withPolicy));
            return null;
        });
        assertFails(() -> a.transfers().transfer(withPolicy, B.accountId(), Optional.empty()),
                ErrorCode.TRANSFER_CONFLICT);
        String id = inactiveCertificate();
        assertFails(() -> a.transfers().transfer(id, A.accountId(), Optional.empty()), ErrorCode.INVALID_REQUEST);
        assertFails(() -> a.transfers().transfer("0".repeat(64), B.accountId(), Optional.empty()),
                ErrorCode.RESOURCE_NOT_FOUND);
        String revoked = inactiveCertificate();
        a.certificates().updateStatus(revoked, CertificateStatus.REVOKED);
        assertFails(() -> a.transfers().transfer(revoked, B.accountId(), Optional.empty()), ErrorCode.CERTIFICATE_STATE);

        a.transfers().transfer(id, B.accountId(), Optional.empty());

        assertFails(() -> a.transfers().transfer(id, B.accountId(), Optional.empty()), ErrorCode.CERTIFICATE_STATE);
        assertFails(() -> a.certificates().updateStatus(id, CertificateStatus.ACTIVE), ErrorCode.CERTIFICATE_STATE);
        assertFails(() -> a.certificates().updateStatus(id, CertificateStatus.PENDING_TRANSFER),
                ErrorCode.INVALID_REQUEST);
        assertFails(() -> a.certificates().delete(id, true), ErrorCode.CERTIFICATE_STATE);
        assertFails(() -> a.transfers().accept(id, true), ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("only the account it is offered to");
        assertFails(() -> b.transfers().cancel(id), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void accepting_moves_the_certificate_into_the_target_with_its_history() {
        String id = inactiveCertificate();
        aRegistry.things().create("dev-1", Optional.empty(), Map.of());
        a.principals().attach("dev-1", a.certificates().arnOf(id));
        a.transfers().transfer(id, B.accountId(), Optional.of("hello"));

        b.transfers().accept(id, true);

        assertFails(() -> a.certificates().describe(id), ErrorCode.RESOURCE_NOT_FOUND);
        assertThat(a.transfers().outgoing(new PageRequest(10, Optional.empty()), true).items()).isEmpty();
        List<String> things = aStore.read(tx -> tx.thingsOfPrincipal(a.certificates().arnOf(id)));
        assertThat(things).isEmpty();
        OwnedCertificate moved = b.certificates().describeWithOffers(id);
        assertThat(moved.owner()).isEqualTo(B);
        assertThat(moved.arn()).isEqualTo("arn:aws:iot:us-east-1:222222222222:cert/" + id);
        Certificate certificate = moved.certificate();
        assertThat(certificate.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(certificate.previousOwner()).contains(A.accountId());
        assertThat(certificate.transfer().orElseThrow().message()).contains("hello");
        assertThat(certificate.transfer().orElseThrow().acceptDate()).isPresent();
        assertThat(b.certificates().usableCertificate(io.fleetline.security.ca.Pem.certificate(certificate.pem())))
                .isPresent();

        assertFails(() -> b.transfers().accept(id, true), ErrorCode.TRANSFER_ALREADY_COMPLETED);
        assertFails(() -> b.transfers().reject(id, Optional.empty()), ErrorCode.TRANSFER_ALREADY_COMPLETED);
        assertFails(() -> a.transfers().cancel(id), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void an_accepted_certificate_is_inactive_unless_asked_and_an_interrupted_accept_completes_when_repeated() {
        String id = inactiveCertificate();
        a.transfers().transfer(id, B.accountId(), Optional.empty());
        // the source marked the offer accepted, then the target's side never ran (a crash between the stores)
        accounts.account(A).markOfferAccepted(id);
        assertFails(() -> a.transfers().cancel(id), ErrorCode.TRANSFER_ALREADY_COMPLETED);
        assertThat(a.transfers().outgoing(new PageRequest(10, Optional.empty()), true).items()).isEmpty();

        b.transfers().accept(id, false);

        assertThat(b.certificates().describe(id).status()).isEqualTo(CertificateStatus.INACTIVE);
        assertFails(() -> a.certificates().describe(id), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void rejecting_returns_the_certificate_inactive_to_the_source_with_the_reason() {
        String id = inactiveCertificate();
        a.transfers().transfer(id, B.accountId(), Optional.of("take it"));

        b.transfers().reject(id, Optional.of("not ours"));

        Certificate back = a.certificates().describe(id);
        assertThat(back.status()).isEqualTo(CertificateStatus.INACTIVE);
        TransferData data = back.transfer().orElseThrow();
        assertThat(data.rejectReason()).contains("not ours");
        assertThat(data.rejectDate()).isPresent();
        assertThat(data.message()).contains("take it");
        assertFails(() -> b.certificates().describeWithOffers(id), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> b.transfers().accept(id, true), ErrorCode.TRANSFER_ALREADY_COMPLETED);
        assertFails(() -> b.transfers().reject(id, Optional.empty()), ErrorCode.TRANSFER_ALREADY_COMPLETED);
        assertFails(() -> a.transfers().cancel(id), ErrorCode.TRANSFER_ALREADY_COMPLETED);
        a.certificates().updateStatus(id, CertificateStatus.ACTIVE);
    }

    @Test
    void cancelling_takes_the_offer_back() {
        String id = inactiveCertificate();
        a.transfers().transfer(id, B.accountId(), Optional.empty());

        a.transfers().cancel(id);

        Certificate back = a.certificates().describe(id);
        assertThat(back.status()).isEqualTo(CertificateStatus.INACTIVE);
        assertThat(back.transfer()).isEmpty();
        assertFails(() -> b.transfers().accept(id, true), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> a.transfers().cancel(id), ErrorCode.INVALID_REQUEST);
        assertThat(b.certificates().listWithOffers(new PageRequest(10, Optional.empty()), true).items()).isEmpty();
    }
}
