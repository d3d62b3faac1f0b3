package io.fleetline.storage.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.ca.Pem;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.cert.CertificateStatus;
import io.fleetline.security.cert.IssuedCertificate;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Certificates and CA certificates over a real database: the behaviour every store must show. */
abstract class CertificateContract extends SecurityContract {

    @Test
    void created_keys_and_certificate_are_signed_by_fleetline_and_named_by_their_fingerprint() throws Exception {
        IssuedCertificate issued = security.certificates().createKeysAndCertificate(true);

        X509Certificate cert = Pem.certificate(issued.certificate().pem());
        cert.verify(FLEETLINE_CA.certificate().getPublicKey());
        assertThat(issued.certificate().id()).isEqualTo(Pem.certificateId(cert)).hasSize(64);
        assertThat(Pem.keyPair(issued.privateKeyPem()).getPublic()).isEqualTo(cert.getPublicKey());
        assertThat(issued.privateKeyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(security.certificates().describe(issued.certificate().id()).status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(security.certificates().arnOf(issued.certificate().id()))
                .isEqualTo("arn:aws:iot:us-east-1:123456789012:cert/" + issued.certificate().id());
        assertThat(security.certificates().createKeysAndCertificate(false).certificate().status())
                .isEqualTo(CertificateStatus.INACTIVE);
    }

    @Test
    void a_csr_gets_a_certificate_for_its_own_key_and_a_broken_csr_is_refused() {
        KeyPair keys = CertificateAuthority.newKeyPair();
        Certificate issued = security.certificates().createFromCsr(Pem.write(TestCertificates.csr(keys)), false);

        assertThat(Pem.certificate(issued.pem()).getPublicKey()).isEqualTo(keys.getPublic());
        assertFails(() -> security.certificates().createFromCsr("not a csr", true), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void a_certificate_of_a_registered_ca_registers_inactive_unless_asked_and_a_stranger_is_refused() {
        CertificateAuthority maker = TestCertificates.newCa("maker");
        String code = security.caCertificates().registrationCode();
        var ca = security.caCertificates().register(Pem.write(maker.certificate()),
                Optional.of(TestCertificates.signedWithCommonName(maker, code)), true, false, "DEFAULT", Map.of());

        Certificate device = security.certificates().register(TestCertificates.deviceOf(maker), Optional.empty(),
                Optional.empty(), false);
        assertThat(device.status()).isEqualTo(CertificateStatus.INACTIVE);
        assertThat(device.caCertificateId()).contains(ca.id());
        Certificate active = security.certificates().register(TestCertificates.deviceOf(maker),
                Optional.of(Pem.write(maker.certificate())), Optional.empty(), true);
        assertThat(active.status()).isEqualTo(CertificateStatus.ACTIVE);

        CertificateAuthority stranger = TestCertificates.newCa("stranger");
        assertFails(() -> security.certificates().register(TestCertificates.deviceOf(stranger), Optional.empty(),
                Optional.empty(), true), ErrorCode.CERTIFICATE_VALIDATION);
        assertFails(() -> security.certificates().register(device.pem(), Optional.empty(), Optional.empty(), false),
                ErrorCode.RESOURCE_ALREADY_EXISTS);
        assertFails(() -> security.certificates().register("garbage", Optional.empty(), Optional.empty(), false),
                ErrorCode.CERTIFICATE_VALIDATION);
    }

    @Test
    void registering_a_ca_needs_proof_of_its_key_unless_sni_only() {
        CertificateAuthority maker = TestCertificates.newCa("maker");
        String pem = Pem.write(maker.certificate());

        assertFails(() -> security.caCertificates().register(pem, Optional.empty(), true, false, "DEFAULT", Map.of()),
                ErrorCode.INVALID_REQUEST);
        assertFails(() -> security.caCertificates().register(pem,
                Optional.of(TestCertificates.signedWithCommonName(maker, "wrong-code")), true, false, "DEFAULT", Map.of()),
                ErrorCode.REGISTRATION_CODE_VALIDATION);
        CertificateAuthority other = TestCertificates.newCa("other");
        assertFails(() -> security.caCertificates().register(pem, Optional.of(TestCertificates.signedWithCommonName(other,
                security.caCertificates().registrationCode())), true, false, "DEFAULT", Map.of()),
                ErrorCode.CERTIFICATE_VALIDATION);
        assertFails(() -> security.caCertificates().register(TestCertificates.deviceOf(maker), Optional.empty(), true,
                false, "SNI_ONLY", Map.of()), ErrorCode.CERTIFICATE_VALIDATION);

        var ca = security.caCertificates().register(pem, Optional.empty(), false, true, "SNI_ONLY", Map.of());
        assertThat(security.caCertificates().describe(ca.id()).autoRegistrationStatus()).isEqualTo("ENABLE");
        assertThat(security.caCertificates().registrationCode()).isEqualTo(security.caCertificates().registrationCode());
    }

    @Test
    void a_ca_that_is_not_active_keeps_its_certificates_from_being_used() {
        CertificateAuthority maker = TestCertificates.newCa("maker");
        var ca = security.caCertificates().register(Pem.write(maker.certificate()), Optional.empty(), true, false,
                "SNI_ONLY", Map.of());
        Certificate device = security.certificates().register(TestCertificates.deviceOf(maker), Optional.empty(),
                Optional.empty(), true);
        X509Certificate presented = Pem.certificate(device.pem());
        assertThat(security.certificates().usableCertificate(presented)).isPresent();

        security.caCertificates().update(ca.id(), Optional.of("INACTIVE"), Optional.empty());

        assertThat(disabled).contains(device.id());
        assertThat(security.certificates().usableCertificate(presented)).isEmpty();
        assertFails(() -> security.certificates().register(TestCertificates.deviceOf(maker), Optional.empty(),
                Optional.empty(), true), ErrorCode.CERTIFICATE_STATE);
        assertFails(() -> security.caCertificates().delete(ca.id()), ErrorCode.CERTIFICATE_STATE)
                .hasMessageContaining("device certificates");
    }

    @Test
    void status_moves_between_active_and_inactive_but_revoked_is_final() {
        String id = security.certificates().createKeysAndCertificate(true).certificate().id();

        security.certificates().updateStatus(id, CertificateStatus.INACTIVE);
        assertThat(disabled).containsExactly(id);
        security.certificates().updateStatus(id, CertificateStatus.ACTIVE);
        Certificate active = security.certificates().describe(id);
        assertThat(active.customerVersion()).isEqualTo(3);

        security.certificates().updateStatus(id, CertificateStatus.REVOKED);
        assertFails(() -> security.certificates().updateStatus(id, CertificateStatus.ACTIVE), ErrorCode.CERTIFICATE_STATE);
        assertFails(() -> security.certificates().updateStatus(id, CertificateStatus.PENDING_TRANSFER),
                ErrorCode.INVALID_REQUEST);
        assertFails(() -> security.certificates().updateStatus("f".repeat(64), CertificateStatus.ACTIVE),
                ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void deletion_needs_an_inactive_certificate_attached_to_no_thing_and_force_for_policies() {
        String id = security.certificates().createKeysAndCertificate(true).certificate().id();
        String arn = security.certificates().arnOf(id);
        registry.things().create("dev-1", Optional.empty(), Map.of());
        security.principals().attach("dev-1", arn);
        store.transact(tx -> {
            tx.attachPolicy("p", arn);
            return null;
        });

        assertFails(() -> security.certificates().delete(id, true), ErrorCode.CERTIFICATE_STATE);
        security.certificates().updateStatus(id, CertificateStatus.INACTIVE);
        assertFails(() -> security.certificates().delete(id, true), ErrorCode.DELETE_CONFLICT).hasMessageContaining("things");
        security.principals().detach("dev-1", arn);
        assertFails(() -> security.certificates().delete(id, false), ErrorCode.DELETE_CONFLICT)
                .hasMessageContaining("policies");
        security.certificates().delete(id, true);

        assertFails(() -> security.certificates().describe(id), ErrorCode.RESOURCE_NOT_FOUND);
        List<String> policies = store.read(tx -> tx.policiesOf(arn));
        assertThat(policies).isEmpty();
    }

    @Test
    void certificates_page_newest_first_or_oldest_first() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            created.add(security.certificates().createKeysAndCertificate(false).certificate().id());
        }
        List<String> ascending = all(true);
        List<String> descending = all(false);

        assertThat(ascending).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        assertThat(descending).containsExactlyElementsOf(ascending.reversed());
    }

    @Test
    void principals_are_certificates_of_this_account_attached_to_existing_things() {
        String arn = security.certificates().arnOf(security.certificates().createKeysAndCertificate(true).certificate().id());
        registry.things().create("a", Optional.empty(), Map.of());
        registry.things().create("b", Optional.empty(), Map.of());
        security.principals().attach("a", arn);
        security.principals().attach("b", arn);

        assertThat(security.principals().thingsOf(arn, new PageRequest(10, Optional.empty())).items())
                .containsExactly("a", "b");
        assertThat(security.principals().principalsOf("a", new PageRequest(10, Optional.empty())).items())
                .containsExactly(arn);
        assertFails(() -> security.principals().attach("ghost", arn), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> security.principals().attach("a", SCOPE.arn(io.fleetline.core.arn.ResourceType.CERTIFICATE,
                "0".repeat(64))), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> security.principals().attach("a", "arn:aws:iam::123456789012:user/x"), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void a_device_certificate_of_an_auto_registering_ca_registers_pending_activation_once() {
        CertificateAuthority maker = TestCertificates.newCa("maker");
        var ca = security.caCertificates().register(Pem.write(maker.certificate()), Optional.empty(), true, true,
                "SNI_ONLY", Map.of());
        X509Certificate device = Pem.certificate(TestCertificates.deviceOf(maker));
        List<X509Certificate> chain = List.of(device, maker.certificate());

        Certificate registered = security.certificates().autoRegister(chain).orElseThrow();

        assertThat(registered.id()).isEqualTo(Pem.certificateId(device));
        assertThat(registered.status()).isEqualTo(CertificateStatus.PENDING_ACTIVATION);
        assertThat(registered.caCertificateId()).contains(ca.id());
        assertThat(security.certificates().usableCertificate(device)).as("pending activation cannot connect").isEmpty();
        Certificate again = security.certificates().autoRegister(chain).orElseThrow();
        assertThat(again.generationId()).as("announced again, not registered again").isEqualTo(registered.generationId());
        assertThat(all(true)).containsExactly(registered.id());

        security.certificates().updateStatus(registered.id(), CertificateStatus.ACTIVE);
        assertThat(security.certificates().usableCertificate(device)).isPresent();
        assertThat(security.certificates().autoRegister(chain)).as("no longer pending: nothing to announce").isEmpty();
    }

    @Test
    void nothing_registers_just_in_time_without_an_active_auto_registering_signer_in_the_chain() {
        CertificateAuthority maker = TestCertificates.newCa("maker");
        var ca = security.caCertificates().register(Pem.write(maker.certificate()), Optional.empty(), true, false,
                "SNI_ONLY", Map.of());
        X509Certificate device = Pem.certificate(TestCertificates.deviceOf(maker));
        assertThat(security.certificates().autoRegister(List.of(device, maker.certificate())))
                .as("auto-registration DISABLE").isEmpty();

        security.caCertificates().update(ca.id(), Optional.of("INACTIVE"), Optional.of("ENABLE"));
        assertThat(security.certificates().autoRegister(List.of(device, maker.certificate()))).as("CA INACTIVE").isEmpty();

        security.caCertificates().update(ca.id(), Optional.of("ACTIVE"), Optional.empty());
        assertThat(security.certificates().autoRegister(List.of(device))).as("the CA not in the chain").isEmpty();
        CertificateAuthority stranger = TestCertificates.newCa("stranger");
        X509Certificate strangers = Pem.certificate(TestCertificates.deviceOf(stranger));
        assertThat(security.certificates().autoRegister(List.of(strangers, stranger.certificate())))
                .as("an unregistered CA").isEmpty();
        assertThat(security.certificates().autoRegister(List.of(strangers, maker.certificate())))
                .as("a registered CA that did not sign it").isEmpty();
        assertThat(all(true)).isEmpty();

        assertThat(security.certificates().autoRegister(List.of(device, maker.certificate()))).isPresent();
    }

    private List<String> all(boolean ascending) {
        List<String> ids = new ArrayList<>();
        Page<Certificate> page = security.certificates().list(Optional.empty(), new PageRequest(5, Optional.empty()), ascending);
        page.items().forEach(c -> ids.add(c.id()));
        while (page.nextToken().isPresent()) {
            page = security.certificates().list(Optional.empty(), PageRequest.of(5, page.nextToken().get(), 5), ascending);
            page.items().forEach(c -> ids.add(c.id()));
        }
        return ids;
    }
}
