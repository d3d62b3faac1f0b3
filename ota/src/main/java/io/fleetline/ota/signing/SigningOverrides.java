package io.fleetline.ota.signing;

import java.util.Optional;

/**
 * A profile's overrides of its platform's defaults, as given (each must be one its platform allows): the encryption
 * (signature) algorithm, the hash algorithm and the signed image format.
 */
public record SigningOverrides(Optional<String> encryptionAlgorithm, Optional<String> hashAlgorithm,
                               Optional<String> imageFormat) {
    public static final SigningOverrides NONE = new SigningOverrides(Optional.empty(), Optional.empty(),
            Optional.empty());

    public boolean isEmpty() {
        return equals(NONE);
    }
}
