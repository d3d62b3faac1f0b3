package io.fleetline.security.policy;

import static io.fleetline.security.policy.CertificateField.COMMON_NAME;
import static io.fleetline.security.policy.CertificateField.COUNTRY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How variable names resolve against a context (developer guide L4534-L4745). */
class AuthorizationContextTest {

    private static final AuthorizationContext CONTEXT = AuthorizationContext.builder()
            .clientId("lamp-1")
            .sourceIp("10.0.0.7")
            .thingName("lamp-1")
            .thingTypeName("lamp")
            .thingAttributes(Map.of("Manufacturer", "acme", "room", "kitchen"))
            .thingAttached(true)
            .certificateId("c0ffee")
            .certificateSerialNumber("921285cb")
            .subject(COUNTRY, "US", "CA")
            .issuer(COMMON_NAME, "Fleetline CA")
            .build();

    @Test // L4540-L4543, L4724-L4745, L5443, L4698
    void single_valued_variables_resolve_to_their_value() {
        assertThat(CONTEXT.values("iot:ClientId")).containsExactly("lamp-1");
        assertThat(CONTEXT.values("aws:SourceIp")).containsExactly("10.0.0.7");
        assertThat(CONTEXT.values("iot:Connection.Thing.ThingName")).containsExactly("lamp-1");
        assertThat(CONTEXT.values("iot:Connection.Thing.ThingTypeName")).containsExactly("lamp");
        assertThat(CONTEXT.values("iot:Connection.Thing.IsAttached")).containsExactly("true");
        assertThat(CONTEXT.values("iot:CertificateId")).containsExactly("c0ffee");
        assertThat(CONTEXT.values("iot:Certificate.SerialNumber")).containsExactly("921285cb");
    }

    @Test // L4736-L4741
    void thing_attribute_resolves_by_its_case_sensitive_name() {
        assertThat(CONTEXT.values("iot:Connection.Thing.Attributes[Manufacturer]")).containsExactly("acme");
        assertThat(CONTEXT.values("iot:Connection.Thing.Attributes[manufacturer]")).isEmpty();
        assertThat(CONTEXT.values("iot:Connection.Thing.Attributes[]")).isEmpty();
    }

    @Test // L4642: first value by default, #n and .n zero-based, .List for all
    void multi_valued_certificate_fields_resolve_by_index_or_as_a_list() {
        assertThat(CONTEXT.values("iot:Certificate.Subject.Country")).containsExactly("US");
        assertThat(CONTEXT.values("iot:Certificate.Subject.Country#0")).containsExactly("US");
        assertThat(CONTEXT.values("iot:Certificate.Subject.Country#1")).containsExactly("CA");
        assertThat(CONTEXT.values("iot:Certificate.Subject.Country.1")).containsExactly("CA");
        assertThat(CONTEXT.values("iot:Certificate.Subject.Country#2")).isEmpty();
        assertThat(CONTEXT.values("iot:Certificate.Subject.Country.List")).containsExactly("US", "CA");
    }

    @Test // L4605-L4640: subject and issuer are separate
    void subject_and_issuer_fields_are_separate() {
        assertThat(CONTEXT.values("iot:Certificate.Issuer.CommonName")).containsExactly("Fleetline CA");
        assertThat(CONTEXT.values("iot:Certificate.Subject.CommonName")).isEmpty();
        assertThat(CONTEXT.values("iot:Certificate.Issuer.Country")).isEmpty();
    }

    @Test // L4700
    void available_keys_names_the_certificate_variables_with_values() {
        assertThat(CONTEXT.values("iot:Certificate.AvailableKeys")).containsExactlyInAnyOrder(
                "iot:Certificate.Subject.Country", "iot:Certificate.Issuer.CommonName",
                "iot:Certificate.SerialNumber");
    }

    @Test // IAM: context key names ignore case
    void variable_names_ignore_case() {
        assertThat(CONTEXT.values("IOT:clientid")).containsExactly("lamp-1");
        assertThat(CONTEXT.values("iot:certificate.subject.country.list")).containsExactly("US", "CA");
    }

    @Test
    void unknown_and_unset_variables_resolve_to_nothing() {
        assertThat(CONTEXT.values("iot:Connection.Thing.ThingType Name")).isEmpty();
        assertThat(CONTEXT.values("iot:Certificate.Subject.Colour")).isEmpty();
        assertThat(AuthorizationContext.empty().values("iot:ClientId")).isEmpty();
    }

    @Test // L4712
    void certificate_fields_keep_at_most_five_values() {
        AuthorizationContext context = AuthorizationContext.builder()
                .certificate(CertificateName.SUBJECT, COUNTRY, List.of("A", "B", "C", "D", "E", "F"))
                .build();

        assertThat(context.values("iot:Certificate.Subject.Country.List")).containsExactly("A", "B", "C", "D", "E");
    }

    @Test // L4708: one wildcard value makes the whole list unusable, so ForAllValues cannot skip it
    void certificate_list_with_a_wildcard_value_does_not_resolve() {
        AuthorizationContext context = AuthorizationContext.builder().subject(COMMON_NAME, "ok", "bad?").build();

        assertThat(context.values("iot:Certificate.Subject.CommonName")).isEmpty();
        assertThat(context.values("iot:Certificate.Subject.CommonName.List")).isEmpty();
    }
}
