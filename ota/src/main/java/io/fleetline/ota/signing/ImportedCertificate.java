package io.fleetline.ota.signing;

import io.fleetline.security.ca.Pem;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A certificate imported into ACM, without its private key (which only {@link SigningJobs} opens, to sign): the
 * certificate, the chain given with it, when it was imported and its tags. What ACM describes of it is read off the
 * certificate here.
 */
public record ImportedCertificate(CertificateArn arn, X509Certificate certificate, List<X509Certificate> chain,
                                  Instant importedAt, Map<String, String> tags) {
    /** The extended key usage code signing needs, and the one that allows every usage. */
    static final String CODE_SIGNING_OID = "1.3.6.1.5.5.7.3.3";
    static final String ANY_USAGE_OID = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final List<String> KEY_USAGE_NAMES = List.of("DIGITAL_SIGNATURE", "NON_REPUDIATION",
            "KEY_ENCIPHERMENT", "DATA_ENCIPHERMENT", "KEY_AGREEMENT", "CERTIFICATE_SIGNING", "CRL_SIGNING",
            "ENCIPHER_ONLY", "DECIPHER_ONLY");
    private static final Map<String, String> EXTENDED_KEY_USAGE_NAMES = Map.ofEntries(
            Map.entry("1.3.6.1.5.5.7.3.1", "TLS_WEB_SERVER_AUTHENTICATION"),
            Map.entry("1.3.6.1.5.5.7.3.2", "TLS_WEB_CLIENT_AUTHENTICATION"),
            Map.entry(CODE_SIGNING_OID, "CODE_SIGNING"),
            Map.entry("1.3.6.1.5.5.7.3.4", "EMAIL_PROTECTION"),
            Map.entry("1.3.6.1.5.5.7.3.5", "IPSEC_END_SYSTEM"),
            Map.entry("1.3.6.1.5.5.7.3.6", "IPSEC_TUNNEL"),
            Map.entry("1.3.6.1.5.5.7.3.7", "IPSEC_USER"),
            Map.entry("1.3.6.1.5.5.7.3.8", "TIME_STAMPING"),
            Map.entry("1.3.6.1.5.5.7.3.9", "OCSP_SIGNING"),
            Map.entry(ANY_USAGE_OID, "ANY"));

    public ImportedCertificate {
        chain = List.copyOf(chain);
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** ACM's status of an imported certificate: {@code ISSUED} until it expires, then {@code EXPIRED}. */
    public String status(Instant now) {
        return now.isAfter(notAfter()) ? "EXPIRED" : "ISSUED";
    }

    public KeyAlgorithm keyAlgorithm() {
        return KeyAlgorithm.of(certificate);
    }

    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** The serial number as ACM writes it: hex bytes separated by colons. */
    public String serial() {
        byte[] bytes = certificate.getSerialNumber().toByteArray();
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(text.isEmpty() ? "" : ":").append(HexFormat.of().toHexDigits(b));
        }
        return text.toString();
    }

    public String subject() {
        return certificate.getSubjectX500Principal().getName();
    }

    public String issuer() {
        return certificate.getIssuerX500Principal().getName();
    }

    /** The signature algorithm of the certificate itself, as ACM writes it ({@code SHA256WITHECDSA}). */
    public String signatureAlgorithm() {
        return certificate.getSigAlgName().toUpperCase(java.util.Locale.ROOT);
    }

    /** The name ACM lists a certificate by: its subject's common name, else its first DNS name. */
    public Optional<String> domainName() {
        try {
            for (Rdn rdn : new LdapName(subject()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            // a subject Java wrote itself always parses; fall back on the DNS names
        }
        return subjectAlternativeNames().stream().findFirst();
    }

    /** The DNS names among the subject alternative names. */
    public List<String> subjectAlternativeNames() {
        List<String> names = new ArrayList<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                certificate.getSubjectAlternativeNames().stream().filter(name -> Integer.valueOf(2).equals(name.get(0)))
                        .forEach(name -> names.add(String.valueOf(name.get(1))));
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return names;
    }

    /** The key usages the certificate names, as ACM names them; none when it has no such extension. */
    public List<String> keyUsages() {
        boolean[] usages = certificate.getKeyUsage();
        List<String> names = new ArrayList<>();
        for (int i = 0; usages != null && i < Math.min(usages.length, KEY_USAGE_NAMES.size()); i++) {
            if (usages[i]) {
                names.add(KEY_USAGE_NAMES.get(i));
            }
        }
        return names;
    }

    /** The extended key usages (name, OID); ACM names the ones it does not know {@code CUSTOM}. */
    public List<ExtendedKeyUsage> extendedKeyUsages() {
        List<ExtendedKeyUsage> usages = new ArrayList<>();
        for (String oid : extendedKeyUsageOids()) {
            usages.add(new ExtendedKeyUsage(EXTENDED_KEY_USAGE_NAMES.getOrDefault(oid, "CUSTOM"), oid));
        }
        return usages;
    }

    /**
     * Whether the certificate may sign code: if it restricts its key's usage, to digital signatures among others; if it
     * restricts its extended usage, to code signing (or any usage) among others.
     */
    public boolean usableForCodeSigning() {
        boolean[] usages = certificate.getKeyUsage();
        boolean signs = usages == null || usages[DIGITAL_SIGNATURE];
        List<String> extended = extendedKeyUsageOids();
        return signs && (extended.isEmpty() || extended.contains(CODE_SIGNING_OID) || extended.contains(ANY_USAGE_OID));
    }

    public String certificatePem() {
        return Pem.write(certificate);
    }

    /** The chain as one PEM text, certificate after certificate; empty when none was imported. */
    public Optional<String> chainPem() {
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder pem = new StringBuilder();
        chain.forEach(link -> pem.append(Pem.write(link)));
        return Optional.of(pem.toString());
    }

    private List<String> extendedKeyUsageOids() {
        try {
            List<String> oids = certificate.getExtendedKeyUsage();
            return oids == null ? List.of() : oids;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /** An extended key usage: ACM's name for it and its OID. */
    public record ExtendedKeyUsage(String name, String oid) {
    }
}
