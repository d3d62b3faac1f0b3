package io.fleetline.security.policy;

import static io.fleetline.security.policy.CertificateField.COMMON_NAME;
import static io.fleetline.security.policy.CertificateField.COUNTRY;
import static io.fleetline.security.policy.CertificateField.ORGANIZATION;
import static io.fleetline.security.policy.DecisionAssert.assertThat;
import static io.fleetline.security.policy.PolicyCheck.given;

import org.junit.jupiter.api.Test;

/** X.509 certificate policy variables and the guide's certificate examples (L4601-L4716, L5443-L5543). */
class CertificatePolicyExamplesTest {

    // L4642-L4676
    private static final String ORGANIZATION_LIST = """
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": ["iot:Connect"], "Resource": ["*"]},
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Publish"],
                        "Resource": ["*"],
                        "Condition": {
                            "ForAllValues:StringEquals": {
                                "iot:Certificate.Subject.Organization.List": ["Example Corp", "AnyCompany"]
                            }
                        }
                    }
                ]
            }""";

    // L5489-L5514
    private static final String ADMIN_WHEN_COMMON_NAME_2 = """
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": ["iot:Connect"], "Resource": ["*"]},
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Publish"],
                        "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/admin/*"],
                        "Condition": {
                            "StringEquals": {"iot:Certificate.Subject.CommonName.2": "Administrator"}
                        }
                    }
                ]
            }""";

    // L5516-L5543
    private static final String ADMIN_WHEN_ANY_COMMON_NAME = """
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": ["iot:Connect"], "Resource": ["*"]},
                    {
                        "Effect": "Allow",
                        "Action": ["iot:Publish"],
                        "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/admin/*"],
                        "Condition": {
                            "ForAnyValue:StringEquals": {"iot:Certificate.Subject.CommonName.List": "Administrator"}
                        }
                    }
                ]
            }""";

    private static String publishTo(String topicPattern) {
        return """
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": ["iot:Publish"],
                                   "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/%s"]}]
                }""".formatted(topicPattern);
    }

    private static AuthorizationContext.Builder certificate() {
        return AuthorizationContext.builder().clientId("device-1");
    }

    @Test // L4642-L4676
    void organization_list_allows_publishing_when_every_organization_is_listed() {
        PolicyCheck check = given(ORGANIZATION_LIST);

        assertThat(check.with(certificate().subject(ORGANIZATION, "Example Corp")).publish("t")).isAllowed();
        assertThat(check.with(certificate().subject(ORGANIZATION, "AnyCompany", "Example Corp")).publish("t"))
                .isAllowed();
    }

    @Test // L4642-L4676
    void organization_list_denies_publishing_when_any_organization_is_not_listed() {
        PolicyCheck check = given(ORGANIZATION_LIST);

        assertThat(check.with(certificate().subject(ORGANIZATION, "Example Corp", "Evil Corp")).publish("t"))
                .isImplicitlyDenied()
                .hasNoMissingContextValues();
    }

    @Test // L4642-L4676: a certificate without an organization does not satisfy ForAllValues vacuously
    void organization_list_denies_publishing_when_the_certificate_has_no_organization() {
        assertThat(given(ORGANIZATION_LIST).with(certificate()).publish("t"))
                .isImplicitlyDenied()
                .hasMissingContextValues("iot:Certificate.Subject.Organization.List");
    }

    @Test // L4642: a variable without an index reads the first value
    void unindexed_variable_reads_the_first_value() {
        PolicyCheck check = given(publishTo("${iot:Certificate.Subject.Country}"))
                .with(certificate().subject(COUNTRY, "US", "CA"));

        assertThat(check.publish("US")).isAllowed();
        assertThat(check.publish("CA")).isImplicitlyDenied();
    }

    @Test // L4642: "#1 is replaced by the second country name"
    void hash_index_is_zero_based() {
        PolicyCheck check = given(publishTo("${iot:Certificate.Subject.Country#1}"))
                .with(certificate().subject(COUNTRY, "US", "CA"));

        assertThat(check.publish("CA")).isAllowed();
        assertThat(check.publish("US")).isImplicitlyDenied();
    }

    @Test // L4642: "no substitution is made and authorization fails"
    void index_past_the_last_value_fails_authorization() {
        assertThat(given(publishTo("${iot:Certificate.Subject.Country#2}"))
                .with(certificate().subject(COUNTRY, "US", "CA")).publish("US"))
                .isImplicitlyDenied()
                .hasMissingContextValues("iot:Certificate.Subject.Country#2");
    }

    @Test // L4708: wildcard characters in a certificate attribute leave the variable unsubstituted
    void certificate_value_with_a_wildcard_is_not_substituted() {
        PolicyCheck check = given(publishTo("${iot:Certificate.Subject.CommonName}"))
                .with(certificate().subject(COMMON_NAME, "dev*"));

        assertThat(check.publish("dev*")).isImplicitlyDenied().hasMissingContextValues(
                "iot:Certificate.Subject.CommonName");
        assertThat(check.publish("device")).isImplicitlyDenied();
    }

    @Test // L4712: arrays are limited to five items, the rest ignored
    void certificate_values_past_the_fifth_are_ignored() {
        AuthorizationContext.Builder six = certificate().subject(COUNTRY, "A", "B", "C", "D", "E", "F");

        assertThat(given(publishTo("${iot:Certificate.Subject.Country#4}")).with(six).publish("E")).isAllowed();
        assertThat(given(publishTo("${iot:Certificate.Subject.Country#5}")).with(six).publish("F"))
                .isImplicitlyDenied();
    }

    @Test // L4716: strings longer than 1024 characters are not substituted
    void certificate_value_longer_than_1024_characters_is_not_substituted() {
        String longName = "n".repeat(1025);

        assertThat(given(publishTo("${iot:Certificate.Subject.CommonName}"))
                .with(certificate().subject(COMMON_NAME, longName)).publish(longName))
                .isImplicitlyDenied();
        assertThat(given(publishTo("${iot:Certificate.Subject.CommonName}"))
                .with(certificate().subject(COMMON_NAME, longName.substring(1))).publish(longName.substring(1)))
                .isAllowed();
    }

    @Test // L4680-L4700: alternative names are variables too
    void subject_alternative_dns_name_substitutes_into_a_topic() {
        PolicyCheck check = given(publishTo("dns/${iot:Certificate.Subject.AlternativeName.DNSName}"))
                .with(certificate().subject(CertificateField.ALTERNATIVE_NAME_DNS_NAME, "device.example.com"));

        assertThat(check.publish("dns/device.example.com")).isAllowed();
    }

    @Test // L4698-L4700
    void certificate_serial_number_can_be_required_by_a_condition() {
        String policy = """
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*",
                                   "Condition": {"StringEquals": {"iot:Certificate.SerialNumber": "921285cb"}}}]
                }""";

        assertThat(given(policy).with(certificate().certificateSerialNumber("921285cb")).connect("d")).isAllowed();
        assertThat(given(policy).with(certificate().certificateSerialNumber("00")).connect("d"))
                .isImplicitlyDenied();
    }

    @Test // L4700: AvailableKeys names the certificate variables that hold values
    void available_keys_lists_the_certificate_variables_that_hold_values() {
        String policy = """
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*",
                                   "Condition": {"ForAnyValue:StringEquals":
                                       {"iot:Certificate.AvailableKeys": "iot:Certificate.Subject.CommonName"}}}]
                }""";

        assertThat(given(policy).with(certificate().subject(COMMON_NAME, "d")).connect("d")).isAllowed();
        assertThat(given(policy).with(certificate().subject(COUNTRY, "US")).connect("d")).isImplicitlyDenied();
    }

    @Test // L5443-L5461
    void device_may_publish_on_the_topic_named_after_its_certificate_id() {
        PolicyCheck check = given(publishTo("${iot:CertificateId}"))
                .with(certificate().certificateId("a0c01f5835079de0"));

        assertThat(check.publish("a0c01f5835079de0")).isAllowed();
        assertThat(check.publish("someone-else")).isImplicitlyDenied();
    }

    @Test // L5443-L5461
    void certificate_id_topic_is_denied_when_the_certificate_id_is_unknown() {
        assertThat(given(publishTo("${iot:CertificateId}")).publish("a0c01f5835079de0"))
                .isImplicitlyDenied()
                .hasMissingContextValues("iot:CertificateId");
    }

    @Test // L5463-L5487: the prose says subject, the policy as printed reads the issuer's common name
    void device_may_publish_on_the_topic_named_after_the_issuer_common_name() {
        PolicyCheck check = given(publishTo("${iot:Certificate.Issuer.CommonName}"))
                .with(certificate().issuer(COMMON_NAME, "IoT Devices Primary CA").subject(COMMON_NAME, "device"));

        assertThat(check.publish("IoT Devices Primary CA")).isAllowed();
        assertThat(check.publish("device")).isImplicitlyDenied();
    }

    @Test // L5489-L5514: ".2" is the third common name, the same zero-based index as "#2" (L4642)
    void admin_topics_are_allowed_when_the_third_common_name_is_administrator() {
        PolicyCheck check = given(ADMIN_WHEN_COMMON_NAME_2)
                .with(certificate().subject(COMMON_NAME, "device-1", "operators", "Administrator"));

        assertThat(check.publish("admin/reboot")).isAllowed();
        assertThat(check.publish("other/reboot")).isImplicitlyDenied();
    }

    @Test // L5489-L5514
    void admin_topics_are_denied_when_the_certificate_has_no_third_common_name() {
        assertThat(given(ADMIN_WHEN_COMMON_NAME_2)
                .with(certificate().subject(COMMON_NAME, "Administrator", "operators")).publish("admin/reboot"))
                .isImplicitlyDenied()
                .hasMissingContextValues("iot:Certificate.Subject.CommonName.2");
    }

    @Test // L5516-L5543
    void admin_topics_are_allowed_when_any_common_name_is_administrator() {
        PolicyCheck check = given(ADMIN_WHEN_ANY_COMMON_NAME);

        assertThat(check.with(certificate().subject(COMMON_NAME, "device-1", "Administrator"))
                .publish("admin/reboot")).isAllowed();
        assertThat(check.with(certificate().subject(COMMON_NAME, "device-1", "operators"))
                .publish("admin/reboot")).isImplicitlyDenied();
    }
}
