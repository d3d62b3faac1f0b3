package io.fleetline.ota.signing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What ImportCertificate is given: the PEM certificate, its PEM private key and optionally the PEM chain, as bytes;
 * the ARN of a certificate to reimport over (keeping its ARN), and tags (not with a reimport).
 */
public record CertificateImport(Optional<String> reimportArn, byte[] certificate, byte[] privateKey,
                                Optional<byte[]> chain, Map<String, String> tags) {
    public CertificateImport {
        certificate = certificate.clone();
        privateKey = privateKey.clone();
        chain = chain.map(byte[]::clone);
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
