package io.fleetline.ota.signing;

import java.util.List;

/**
 * A signing platform of AWS Signer: what it signs for, with which algorithms, into which image format, up to which
 * size, and which certificate key it needs (the certificate of a profile on it must carry such a key).
 */
public record SigningPlatform(String platformId, String displayName, String partner, String target, String category,
                              List<String> encryptionAlgorithms, String defaultEncryptionAlgorithm,
                              List<String> hashAlgorithms, String defaultHashAlgorithm, List<String> imageFormats,
                              String defaultImageFormat, int maxSizeInMB, KeyAlgorithm keyAlgorithm) {
    public SigningPlatform {
        encryptionAlgorithms = List.copyOf(encryptionAlgorithms);
        hashAlgorithms = List.copyOf(hashAlgorithms);
        imageFormats = List.copyOf(imageFormats);
    }

    /** The largest image the platform signs, in bytes. */
    public long maxSizeInBytes() {
        return maxSizeInMB * 1024L * 1024L;
    }
}
