package io.fleetline.storage.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.ota.signing.CodeSigningMaterial;
import io.fleetline.ota.signing.ImportedCertificate;
import io.fleetline.ota.signing.ProfileStatus;
import io.fleetline.ota.signing.SigningOverrides;
import io.fleetline.ota.signing.SigningProfile;
import io.fleetline.ota.signing.SigningProfiles;
import io.fleetline.ota.signing.ValidityPeriod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PutSigningProfile, GetSigningProfile, ListSigningProfiles, CancelSigningProfile. */
abstract class ProfileContract extends SigningFixture {

    private SigningProfiles.NewProfile profile(String name, String certificateArn, String platform) {
        return new SigningProfiles.NewProfile(name, certificateArn, platform, Optional.empty(),
                Map.of("certname", "/certs/ecdsasigner.crt"), SigningOverrides.NONE, Map.of("team", "fw"));
    }

    @Test
    void a_profile_is_put_and_read_back_with_its_arns_and_defaults() {
        ImportedCertificate certificate = importCertificate(CodeSigningMaterial.ecdsa("ecdsasigner"));

        SigningProfile put = signing.profiles().put(profile("fw_signer", certificate.arn().value(),
                "AmazonFreeRTOS-Default"));
        SigningProfile read = signing.profiles().get("fw_signer");

        assertThat(read).isEqualTo(put);
        assertThat(read.version()).matches("[a-zA-Z0-9]{10}");
        assertThat(read.arn(SCOPE)).isEqualTo("arn:aws:signer:eu-west-1:123456789012:/signing-profiles/fw_signer");
        assertThat(read.versionArn(SCOPE)).isEqualTo(read.arn(SCOPE) + "/" + read.version());
        assertThat(read.validity()).isEqualTo(ValidityPeriod.DEFAULT);
        assertThat(read.signingParameters()).containsExactly(Map.entry("certname", "/certs/ecdsasigner.crt"));
        assertThat(read.status()).isEqualTo(ProfileStatus.ACTIVE);
        assertThat(read.tags()).containsExactly(Map.entry("team", "fw"));
    }

    @Test
    void putting_a_profile_again_answers_it_unless_its_settings_differ_or_it_was_canceled() {
        ImportedCertificate certificate = importCertificate(CodeSigningMaterial.ecdsa("ecdsasigner"));
        SigningProfile first = signing.profiles().put(profile("fw_signer", certificate.arn().value(),
                "AmazonFreeRTOS-Default"));

        assertThat(signing.profiles().put(profile("fw_signer", certificate.arn().value(), "AmazonFreeRTOS-Default")))
                .isEqualTo(first);
        assertFails(() -> signing.profiles().put(profile("fw_signer", certificate.arn().value(),
                "AWSIoTDeviceManagement-SHA256-ECDSA")), ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("other settings");
        signing.profiles().cancel("fw_signer");
        assertFails(() -> signing.profiles().put(profile("fw_signer", certificate.arn().value(),
                "AmazonFreeRTOS-Default")), ErrorCode.INVALID_REQUEST).hasMessageContaining("canceled");
    }

    @Test
    void a_certificate_without_the_platforms_key_or_not_for_code_is_refused() {
        ImportedCertificate rsa = importCertificate(CodeSigningMaterial.rsa("rsa"));
        ImportedCertificate p384 = importCertificate(CodeSigningMaterial.ecdsaOn("secp384r1", "p384"));
        ImportedCertificate tls = importCertificate(CodeSigningMaterial.tlsOnly("www"));

        assertFails(() -> signing.profiles().put(profile("rsa_signer", rsa.arn().value(), "AmazonFreeRTOS-Default")),
                ErrorCode.INVALID_REQUEST).hasMessageContaining("EC_prime256v1").hasMessageContaining("RSA_2048");
        assertFails(() -> signing.profiles().put(profile("p384_signer", p384.arn().value(),
                "AWSIoTDeviceManagement-SHA256-ECDSA")), ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("EC_secp384r1");
        assertFails(() -> signing.profiles().put(profile("tls_signer", tls.arn().value(), "AmazonFreeRTOS-Default")),
                ErrorCode.INVALID_REQUEST).hasMessageContaining("may not sign code");
        assertThat(signing.profiles().list(List.of(), true, Optional.empty(), new PageRequest(25, Optional.empty()))
                .items()).isEmpty();
    }

    @Test
    void an_unknown_certificate_platform_or_override_is_refused() {
        ImportedCertificate certificate = importCertificate(CodeSigningMaterial.ecdsa("ecdsasigner"));
        String missing = certificate.arn().value().replace(certificate.arn().id(),
                "00000000-0000-0000-0000-000000000000");

        assertFails(() -> signing.profiles().put(profile("fw_signer", missing, "AmazonFreeRTOS-Default")),
                ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> signing.profiles().put(profile("fw_signer", "not-an-arn", "AmazonFreeRTOS-Default")),
                ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> signing.profiles().put(profile("fw_signer", certificate.arn().value(), "AmazonFreeRTOS-TI")),
                ErrorCode.INVALID_REQUEST).hasMessageContaining("AmazonFreeRTOS-TI");
        assertFails(() -> signing.profiles().put(new SigningProfiles.NewProfile("fw_signer", certificate.arn().value(),
                "AmazonFreeRTOS-Default", Optional.empty(), Map.of(), new SigningOverrides(Optional.of("RSA"),
                Optional.empty(), Optional.empty()), Map.of())), ErrorCode.INVALID_REQUEST).hasMessageContaining("RSA");
        assertFails(() -> signing.profiles().put(profile("x", certificate.arn().value(), "AmazonFreeRTOS-Default")),
                ErrorCode.INVALID_REQUEST);
    }

    @Test
    void a_validity_period_is_one_day_to_135_months() {
        assertThat(ValidityPeriod.of(11, ValidityPeriod.Unit.YEARS).value()).isEqualTo(11);
        assertFails(() -> ValidityPeriod.of(12, ValidityPeriod.Unit.YEARS), ErrorCode.INVALID_REQUEST);
        assertFails(() -> ValidityPeriod.of(136, ValidityPeriod.Unit.MONTHS), ErrorCode.INVALID_REQUEST);
        assertFails(() -> ValidityPeriod.of(0, ValidityPeriod.Unit.DAYS), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void canceled_profiles_are_listed_only_when_asked_for_and_stay_readable() {
        ImportedCertificate certificate = importCertificate(CodeSigningMaterial.ecdsa("ecdsasigner"));
        for (String name : List.of("b_signer", "a_signer", "c_signer")) {
            signing.profiles().put(profile(name, certificate.arn().value(), "AmazonFreeRTOS-Default"));
        }
        clock.advance(Duration.ofMinutes(1));
        signing.profiles().cancel("b_signer");
        signing.profiles().cancel("b_signer");
        PageRequest all = new PageRequest(25, Optional.empty());

        assertThat(signing.profiles().list(List.of(), false, Optional.empty(), all).items())
                .extracting(SigningProfile::name).containsExactly("a_signer", "c_signer");
        assertThat(signing.profiles().list(List.of(), true, Optional.empty(), all).items())
                .extracting(SigningProfile::name).containsExactly("a_signer", "b_signer", "c_signer");
        assertThat(signing.profiles().list(List.of(ProfileStatus.CANCELED), false, Optional.empty(), all).items())
                .extracting(SigningProfile::name).containsExactly("b_signer");
        assertThat(signing.profiles().list(List.of(), false, Optional.of("AWSIoTDeviceManagement-SHA256-ECDSA"), all)
                .items()).isEmpty();
        SigningProfile canceled = signing.profiles().get("b_signer");
        assertThat(canceled.status()).isEqualTo(ProfileStatus.CANCELED);
        assertThat(canceled.canceledAt()).contains(clock.instant());
        assertFails(() -> signing.profiles().cancel("nobody"), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> signing.profiles().get("nobody"), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void profiles_are_listed_a_page_at_a_time_by_name() {
        ImportedCertificate certificate = importCertificate(CodeSigningMaterial.ecdsa("ecdsasigner"));
        for (int i = 0; i < 5; i++) {
            signing.profiles().put(profile("signer_" + i, certificate.arn().value(), "AmazonFreeRTOS-Default"));
        }

        Page<SigningProfile> first = signing.profiles().list(List.of(), false, Optional.empty(),
                new PageRequest(3, Optional.empty()));
        Page<SigningProfile> second = signing.profiles().list(List.of(), false, Optional.empty(),
                PageRequest.of(3, first.nextToken().orElseThrow(), 25));

        assertThat(first.items()).extracting(SigningProfile::name).containsExactly("signer_0", "signer_1", "signer_2");
        assertThat(second.items()).extracting(SigningProfile::name).containsExactly("signer_3", "signer_4");
        assertThat(second.nextToken()).isEmpty();
    }
}
