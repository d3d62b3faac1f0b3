package io.fleetline.ota.signing;

import java.util.Arrays;
import java.util.Base64;

/**
 * The signature a succeeded signing job made: the DER-encoded signature over the image's bytes, its hash and
 * signature algorithms as AWS Signer names them ({@code SHA256}, {@code ECDSA}), and the certificate (PEM) whose key
 * made it, as it was when it signed: a certificate reimported or deleted later still verifies the jobs it signed.
 */
public record JobSignature(byte[] der, String hashAlgorithm, String encryptionAlgorithm, String certificatePem) {
    public JobSignature {
        der = der.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(der);
    }

    /**
     * The key of the signature in a FreeRTOS OTA file entry, {@code sig-<hash>-<algorithm>} in lower case:
     * {@code sig-sha256-ecdsa}.
     */
    public String afrOtaKey() {
        return ("sig-" + hashAlgorithm + "-" + encryptionAlgorithm).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobSignature that && Arrays.equals(der, that.der)
                && hashAlgorithm.equals(that.hashAlgorithm) && encryptionAlgorithm.equals(that.encryptionAlgorithm)
                && certificatePem.equals(that.certificatePem);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der) * 31 + hashAlgorithm.hashCode();
    }

    @Override
    public String toString() {
        return "JobSignature[" + hashAlgorithm + "-" + encryptionAlgorithm + ", " + base64() + "]";
    }
}
