package io.fleetline.security.cert;

/** What CreateKeysAndCertificate hands out once: the certificate and its key pair in PEM. */
public record IssuedCertificate(Certificate certificate, String publicKeyPem, String privateKeyPem) {
    @Override
    public String toString() {
        return "IssuedCertificate[" + certificate.id() + "]";  // never the private key in a log
    }
}
