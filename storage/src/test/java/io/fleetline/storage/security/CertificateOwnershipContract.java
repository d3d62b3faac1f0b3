package io.fleetline.storage.security;

import static io.fleetline.storage.security.SecurityContract.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.security.Security;
import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.ca.Pem;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.cert.CertificateClaim;
import io.fleetline.security.cert.CertificateStatus;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A certificate belongs to one account at a time on a server of several accounts, each over a database of its own:
 * another account's registration is refused whatever the certificate's status, the transfer API is the only way
 * between accounts, and what a failure or a restart leaves behind never locks a certificate out.
 */
abstract class CertificateOwnershipContract {
    static final AccountScope A = new AccountScope("us-east-1", "111111111111");
    static final AccountScope B = new AccountScope("us-east-1", "222222222222");
    static final AccountScope C = new AccountScope("us-east-1", "333333333333");

    private ServedAccounts accounts;

    abstract String newDatabaseUrl();

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        accounts = new ServedAccounts(this::newDatabaseUrl, A, B, C);
    }

    @AfterEach
    void close() {
        accounts.close();
        accounts.urls().forEach(this::dropDatabase);
    }

    private Security in(AccountScope scope) {
        return accounts.security(scope);
    }

    private Optional<AccountScope> ownerOf(String certificateId) {
        return accounts.owners().ownerOf(certificateId);
    }

    /** Registering {@code pem} without a CA in {@code scope} is refused as AWS refuses a registered certificate. */
    private void refusedIn(AccountScope scope, String pem) {
        String[] others = java.util.stream.Stream.of(A, B, C).filter(s -> !s.equals(scope))
                .map(AccountScope::accountId).toArray(String[]::new);
        assertFails(() -> in(scope).certificates().registerWithoutCa(pem, Optional.of(CertificateStatus.ACTIVE)),
                ErrorCode.RESOURCE_ALREADY_EXISTS)
                .satisfies(e -> assertThat(e.getMessage() + ((FleetlineException) e).extra())
                        .as("which account holds it is not told").doesNotContain(others));
    }

    private static String deviceOf(CertificateAuthority maker) {
        return TestCertificates.deviceOf(maker);
    }

    private static String idOf(String pem) {
        return Pem.certificateId(Pem.certificate(pem));
    }

    @Test
    void a_certificate_of_one_account_is_refused_to_another_in_every_status() {
        CertificateAuthority maker = TestCertificates.newCa("maker");
        String pem = deviceOf(maker);
        String id = in(A).certificates().registerWithoutCa(pem, Optional.of(CertificateStatus.ACTIVE)).id();
        // B registers the CA that signed it, as anybody may in SNI_ONLY mode
        in(B).caCertificates().register(Pem.write(maker.certificate()), Optional.empty(), true, false, "SNI_ONLY",
                Map.of());

        refusedIn(B, pem);
        assertFails(() -> in(B).certificates().register(pem, Optional.empty(), Optional.empty(), true),
                ErrorCode.RESOURCE_ALREADY_EXISTS);
        in(A).certificates().updateStatus(id, CertificateStatus.INACTIVE);
        refusedIn(B, pem);
        in(A).transfers().transfer(id, B.accountId(), Optional.empty());
        refusedIn(B, pem);
        refusedIn(C, pem);
        in(A).transfers().cancel(id);
        in(A).certificates().updateStatus(id, CertificateStatus.REVOKED);
        refusedIn(B, pem);

        assertThat(in(A).certificates().describe(id).status()).isEqualTo(CertificateStatus.REVOKED);
        assertFails(() -> in(B).certificates().describe(id), ErrorCode.RESOURCE_NOT_FOUND);
        assertThat(in(A).certificates().claimStored()).isEmpty();
        assertThat(in(B).certificates().usableCertificate(Pem.certificate(pem))).isEmpty();
        assertThat(ownerOf(id)).contains(A);
    }

    @Test
    void a_certificate_registered_just_in_time_in_one_account_is_not_registered_in_another() {
        CertificateAuthority maker = TestCertificates.newCa("maker");
        for (AccountScope scope : List.of(A, B)) {
            in(scope).caCertificates().register(Pem.write(maker.certificate()), Optional.empty(), true, true,
                    "SNI_ONLY", Map.of());
        }
        X509Certificate device = Pem.certificate(deviceOf(maker));
        List<X509Certificate> chain = List.of(device, maker.certificate());

        Certificate registered = in(A).certificates().autoRegister(chain).orElseThrow();

        assertThat(registered.status()).isEqualTo(CertificateStatus.PENDING_ACTIVATION);
        assertThat(in(B).certificates().autoRegister(chain)).as("B's CA signed it too, but A holds it").isEmpty();
        assertFails(() -> in(B).certificates().describe(registered.id()), ErrorCode.RESOURCE_NOT_FOUND);
        refusedIn(B, Pem.write(device));
        assertThat(in(A).certificates().autoRegister(chain)).as("announced again where it is pending").isPresent();
    }

    @Test
    void certificates_fleetline_issues_are_owned_by_the_account_that_asked() {
        String created = in(A).certificates().createKeysAndCertificate(true).certificate().pem();
        String fromCsr = in(A).certificates().createFromCsr(
                Pem.write(TestCertificates.csr(CertificateAuthority.newKeyPair())), false).pem();

        for (String pem : List.of(created, fromCsr)) {
            assertThat(ownerOf(idOf(pem))).contains(A);
            refusedIn(B, pem);
        }
    }

    @Test
    void a_deleted_certificate_can_be_registered_in_another_account() {
        String pem = deviceOf(TestCertificates.newCa("maker"));
        String id = in(A).certificates().registerWithoutCa(pem, Optional.empty()).id();

        in(A).certificates().delete(id, false);

        assertThat(in(B).certificates().registerWithoutCa(pem, Optional.of(CertificateStatus.ACTIVE)).id())
                .isEqualTo(id);
        assertThat(ownerOf(id)).contains(B);
        refusedIn(A, pem);
    }

    @Test
    void of_accounts_registering_one_certificate_at_once_exactly_one_wins() throws Exception {
        List<String> pems = new ArrayList<>();
        CertificateAuthority maker = TestCertificates.newCa("maker");
        for (int i = 0; i < 12; i++) {
            pems.add(deviceOf(maker));
        }
        List<AccountScope> contenders = List.of(A, B, C);
        CountDownLatch go = new CountDownLatch(1);
        Map<AccountScope, List<Future<Boolean>>> attempts = new java.util.LinkedHashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (AccountScope scope : contenders) {
                List<Future<Boolean>> mine = new ArrayList<>();
                for (String pem : pems) {
                    mine.add(threads.submit(() -> {
                        go.await();
                        try {
                            in(scope).certificates().registerWithoutCa(pem, Optional.of(CertificateStatus.ACTIVE));
                            return true;
                        } catch (FleetlineException e) {
                            assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS);
                            return false;
                        }
                    }));
                }
                attempts.put(scope, mine);
            }
            go.countDown();
            for (int i = 0; i < pems.size(); i++) {
                String id = idOf(pems.get(i));
                List<AccountScope> winners = new ArrayList<>();
                for (AccountScope scope : contenders) {
                    if (attempts.get(scope).get(i).get()) {
                        winners.add(scope);
                    }
                }
                assertThat(winners).as("certificate %d", i).hasSize(1);
                assertThat(ownerOf(id)).contains(winners.getFirst());
                for (AccountScope scope : contenders) {
                    assertThat(in(scope).certificates().usableCertificate(Pem.certificate(pems.get(i))).isPresent())
                            .as("certificate %d in %s", i, scope.accountId()).isEqualTo(scope.equals(winners.getFirst()));
                }
            }
        }
    }

    @Test
    void a_claim_whose_registration_never_committed_does_not_lock_the_certificate_out() {
        String pem = deviceOf(TestCertificates.newCa("maker"));
        String id = idOf(pem);
        // A claimed it, then stopped before its store had it (a kill -9 between the two)
        accounts.claims().insert(new CertificateClaim(id, A, Optional.empty()));

        in(B).certificates().registerWithoutCa(pem, Optional.of(CertificateStatus.ACTIVE));

        assertThat(ownerOf(id)).contains(B);
        refusedIn(A, pem);
        // and its owner may take up its own interrupted registration
        String other = deviceOf(TestCertificates.newCa("maker"));
        accounts.claims().insert(new CertificateClaim(idOf(other), A, Optional.empty()));
        assertThat(in(A).certificates().registerWithoutCa(other, Optional.empty()).id()).isEqualTo(idOf(other));
        assertThat(ownerOf(idOf(other))).contains(A);
    }

    @Test
    void a_registration_that_fails_leaves_no_claim() {
        CertificateAuthority stranger = TestCertificates.newCa("stranger");
        String pem = deviceOf(stranger);

        assertFails(() -> in(A).certificates().register(pem, Optional.empty(), Optional.empty(), true),
                ErrorCode.CERTIFICATE_VALIDATION);

        assertThat(ownerOf(idOf(pem))).isEmpty();
        in(B).certificates().registerWithoutCa(pem, Optional.empty());
        assertThat(ownerOf(idOf(pem))).contains(B);
    }

    @Test
    void a_claim_changes_only_from_the_owner_it_is_expected_to_have() {
        JdbcCertificateClaims claims = accounts.claims();
        String id = "a".repeat(64);
        CertificateClaim ofA = new CertificateClaim(id, A, Optional.empty());
        CertificateClaim ofB = new CertificateClaim(id, B, Optional.of(A.accountId()));

        assertThat(claims.insert(ofA)).isTrue();
        assertThat(claims.insert(new CertificateClaim(id, C, Optional.empty()))).isFalse();
        assertThat(claims.replace(new CertificateClaim(id, C, Optional.empty()), ofB)).isFalse();
        claims.release(id, C);
        assertThat(claims.find(id)).contains(ofA);
        assertThat(claims.replace(ofA, ofB)).isTrue();
        assertThat(claims.find(id)).contains(ofB);
        assertThat(claims.insertAbsent(C, List.of(id, "b".repeat(64)))).containsExactly(ofB);
        assertThat(claims.find("b".repeat(64))).contains(new CertificateClaim("b".repeat(64), C, Optional.empty()));
        claims.release(id, B);
        assertThat(claims.find(id)).isEmpty();
    }

    @Test
    void owners_survive_a_restart() {
        String pem = deviceOf(TestCertificates.newCa("maker"));
        String id = in(A).certificates().registerWithoutCa(pem, Optional.of(CertificateStatus.ACTIVE)).id();

        accounts.restart(true);

        refusedIn(B, pem);
        assertThat(ownerOf(id)).contains(A);
        assertThat(accounts.claimedElsewhere(B)).isEmpty();
    }

    @Test
    void accepting_a_transfer_moves_the_owner_and_an_interrupted_accept_keeps_every_other_account_out() {
        String id = in(A).certificates().createKeysAndCertificate(false).certificate().id();
        String pem = in(A).certificates().describe(id).pem();
        in(A).transfers().transfer(id, B.accountId(), Optional.empty());
        // the source marked the offer accepted and the claim moved to the target, then the target's store never got
        // its copy (a crash between the stores)
        accounts.account(A).markOfferAccepted(id);
        assertThat(accounts.claims().replace(new CertificateClaim(id, A, Optional.empty()),
                new CertificateClaim(id, B, Optional.of(A.accountId())))).isTrue();

        refusedIn(C, pem);
        assertThat(ownerOf(id)).contains(B);

        in(B).transfers().accept(id, true);

        assertThat(in(B).certificates().usableCertificate(Pem.certificate(pem))).isPresent();
        assertFails(() -> in(A).certificates().describe(id), ErrorCode.RESOURCE_NOT_FOUND);
        refusedIn(C, pem);
        refusedIn(A, pem);

        // and an uninterrupted transfer back
        in(B).certificates().updateStatus(id, CertificateStatus.INACTIVE);
        in(B).transfers().transfer(id, A.accountId(), Optional.empty());
        assertThat(ownerOf(id)).contains(B);
        in(A).transfers().accept(id, false);
        assertThat(ownerOf(id)).contains(A);
        assertThat(in(A).certificates().describe(id).previousOwner()).contains(B.accountId());
        assertFails(() -> in(B).certificates().describe(id), ErrorCode.RESOURCE_NOT_FOUND);
        refusedIn(C, pem);
    }

    @Test
    void certificates_stored_before_owners_were_kept_are_claimed_in_the_order_accounts_open() {
        accounts.restart(false);  // as a server of one account, or an earlier version, kept them: unclaimed
        String both = deviceOf(TestCertificates.newCa("maker"));
        String onlyB = deviceOf(TestCertificates.newCa("maker"));
        in(A).certificates().registerWithoutCa(both, Optional.of(CertificateStatus.ACTIVE));
        in(B).certificates().registerWithoutCa(both, Optional.of(CertificateStatus.ACTIVE));
        in(B).certificates().registerWithoutCa(onlyB, Optional.of(CertificateStatus.ACTIVE));

        accounts.restart(true);

        assertThat(ownerOf(idOf(both))).contains(A);
        assertThat(ownerOf(idOf(onlyB))).contains(B);
        assertThat(accounts.claimedElsewhere(A)).isEmpty();
        assertThat(accounts.claimedElsewhere(B)).containsExactly(idOf(both));
        refusedIn(C, onlyB);
    }
}
