package io.fleetline.ota.signing;

import java.util.List;
import java.util.Set;

/**
 * What ListCertificates asks for: statuses, key types, key usages and extended key usages (ACM's names; each empty
 * list matches every certificate, but for key types, whose default is ACM's: RSA_1024 and RSA_2048 only), and the
 * order by import time.
 */
public record CertificateQuery(Set<String> statuses, Set<KeyAlgorithm> keyTypes, Set<String> keyUsages,
                               Set<String> extendedKeyUsages, boolean descending) {
    /** ACM lists RSA_1024 and RSA_2048 certificates when no key type is asked for: others must be asked for. */
    public static final Set<KeyAlgorithm> DEFAULT_KEY_TYPES = Set.of(KeyAlgorithm.RSA_1024, KeyAlgorithm.RSA_2048);

    public CertificateQuery {
        statuses = Set.copyOf(statuses);
        keyTypes = keyTypes.isEmpty() ? DEFAULT_KEY_TYPES : Set.copyOf(keyTypes);
        keyUsages = Set.copyOf(keyUsages);
        extendedKeyUsages = Set.copyOf(extendedKeyUsages);
    }

    boolean matches(ImportedCertificate certificate, java.time.Instant now) {
        return (statuses.isEmpty() || statuses.contains(certificate.status(now)))
                && keyTypes.contains(certificate.keyAlgorithm())
                && (keyUsages.isEmpty() || keyUsages.contains("ANY")
                        || certificate.keyUsages().stream().anyMatch(keyUsages::contains))
                && (extendedKeyUsages.isEmpty() || extendedMatch(certificate));
    }

    private boolean extendedMatch(ImportedCertificate certificate) {
        List<ImportedCertificate.ExtendedKeyUsage> usages = certificate.extendedKeyUsages();
        return usages.isEmpty() ? extendedKeyUsages.contains("NONE")
                : usages.stream().anyMatch(usage -> extendedKeyUsages.contains(usage.name()));
    }
}
