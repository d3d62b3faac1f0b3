package io.fleetline.security.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A certificate attribute that policy variables can read under {@code iot:Certificate.Subject.} or
 * {@code iot:Certificate.Issuer.}, as the developer guide lists them (L4605-L4700). Every field may hold several
 * values; a variable reads the first by default, one by index ({@code #n} or {@code .n}, zero-based) or all of
 * them with the {@code .List} suffix.
 */
public enum CertificateField {
    DISTINGUISHED_NAME_QUALIFIER("DistinguishedNameQualifier"),
    COUNTRY("Country"),
    ORGANIZATION("Organization"),
    ORGANIZATIONAL_UNIT("OrganizationalUnit"),
    STATE("State"),
    COMMON_NAME("CommonName"),
    SERIAL_NUMBER("SerialNumber"),
    TITLE("Title"),
    SURNAME("Surname"),
    GIVEN_NAME("GivenName"),
    INITIALS("Initials"),
    PSEUDONYM("Pseudonym"),
    GENERATION_QUALIFIER("GenerationQualifier"),
    ALTERNATIVE_NAME_RFC822_NAME("AlternativeName.RFC822Name"),
    ALTERNATIVE_NAME_DNS_NAME("AlternativeName.DNSName"),
    ALTERNATIVE_NAME_DIRECTORY_NAME("AlternativeName.DirectoryName"),
    ALTERNATIVE_NAME_UNIFORM_RESOURCE_IDENTIFIER("AlternativeName.UniformResourceIdentifier"),
    ALTERNATIVE_NAME_IP_ADDRESS("AlternativeName.IPAddress");

    private static final Map<String, CertificateField> BY_LOWER_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(f -> f.policyName.toLowerCase(Locale.ROOT), Function.identity()));

    private final String policyName;

    CertificateField(String policyName) {
        this.policyName = policyName;
    }

    /** The name as it appears after {@code Subject.} or {@code Issuer.} in a policy variable. */
    public String policyName() {
        return policyName;
    }

    /** The field a policy names, ignoring case as IAM does for context keys. */
    static Optional<CertificateField> fromPolicyName(String name) {
        return Optional.ofNullable(BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT)));
    }
}
