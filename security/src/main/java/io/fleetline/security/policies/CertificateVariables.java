package io.fleetline.security.policies;

import io.fleetline.security.policy.AuthorizationContext;
import io.fleetline.security.policy.CertificateField;
import io.fleetline.security.policy.CertificateName;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Fills the {@code iot:Certificate.*} policy variables from a device's certificate. */
final class CertificateVariables {
    private static final Map<ASN1ObjectIdentifier, CertificateField> NAME_FIELDS = Map.ofEntries(
            Map.entry(BCStyle.DN_QUALIFIER, CertificateField.DISTINGUISHED_NAME_QUALIFIER),
            Map.entry(BCStyle.C, CertificateField.COUNTRY),
            Map.entry(BCStyle.O, CertificateField.ORGANIZATION),
            Map.entry(BCStyle.OU, CertificateField.ORGANIZATIONAL_UNIT),
            Map.entry(BCStyle.ST, CertificateField.STATE),
            Map.entry(BCStyle.CN, CertificateField.COMMON_NAME),
            Map.entry(BCStyle.SERIALNUMBER, CertificateField.SERIAL_NUMBER),
            Map.entry(BCStyle.T, CertificateField.TITLE),
            Map.entry(BCStyle.SURNAME, CertificateField.SURNAME),
            Map.entry(BCStyle.GIVENNAME, CertificateField.GIVEN_NAME),
            Map.entry(BCStyle.INITIALS, CertificateField.INITIALS),
            Map.entry(BCStyle.PSEUDONYM, CertificateField.PSEUDONYM),
            Map.entry(BCStyle.GENERATION, CertificateField.GENERATION_QUALIFIER));

    private CertificateVariables() {
    }

    /** GeneralName tags (RFC 5280) of the alternative names the policy language knows. */
    private static final Map<Integer, CertificateField> ALTERNATIVE_NAMES = Map.of(
            1, CertificateField.ALTERNATIVE_NAME_RFC822_NAME,
            2, CertificateField.ALTERNATIVE_NAME_DNS_NAME,
            4, CertificateField.ALTERNATIVE_NAME_DIRECTORY_NAME,
            6, CertificateField.ALTERNATIVE_NAME_UNIFORM_RESOURCE_IDENTIFIER,
            7, CertificateField.ALTERNATIVE_NAME_IP_ADDRESS);

    static void fill(AuthorizationContext.Builder context, X509Certificate certificate) {
        context.certificateSerialNumber(HexFormat.of().formatHex(certificate.getSerialNumber().toByteArray()));
        fillName(context, CertificateName.SUBJECT, certificate.getSubjectX500Principal());
        fillName(context, CertificateName.ISSUER, certificate.getIssuerX500Principal());
        fillAlternativeNames(context, CertificateName.SUBJECT, certificate, false);
        fillAlternativeNames(context, CertificateName.ISSUER, certificate, true);
    }

    private static void fillAlternativeNames(AuthorizationContext.Builder context, CertificateName which,
                                             X509Certificate certificate, boolean issuer) {
        java.util.Collection<List<?>> names;
        try {
            names = issuer ? certificate.getIssuerAlternativeNames() : certificate.getSubjectAlternativeNames();
        } catch (java.security.cert.CertificateParsingException e) {
            return;  // an unreadable extension leaves its variables unresolved, so policies using them do not match
        }
        if (names == null) {
            return;
        }
        Map<CertificateField, List<String>> byField = new java.util.EnumMap<>(CertificateField.class);
        for (List<?> name : names) {
            CertificateField field = ALTERNATIVE_NAMES.get((Integer) name.get(0));
            if (field != null && name.get(1) instanceof String value) {
                byField.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
            }
        }
        byField.forEach((field, values) -> context.certificate(which, field, values));
    }

    private static void fillName(AuthorizationContext.Builder context, CertificateName which, X500Principal principal) {
        X500Name name = new X500Name(principal.getName(X500Principal.RFC2253));
        for (Map.Entry<ASN1ObjectIdentifier, CertificateField> field : NAME_FIELDS.entrySet()) {
            List<String> values = new ArrayList<>();
            for (RDN rdn : name.getRDNs(field.getKey())) {
                values.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
            }
            if (!values.isEmpty()) {
                context.certificate(which, field.getValue(), values);
            }
        }
    }
}
