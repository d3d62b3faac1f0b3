package io.fleetline.ota.signing;

import java.util.Map;
import java.util.Optional;

/**
 * What an OTA update needs of a succeeded signing job ({@link SigningJobs#signedImage}): the signature (DER, its
 * algorithms, its {@code sig-sha256-ecdsa} key, the certificate PEM that verifies it), where the signed object is
 * (the bytes that were signed, a copy of the source version) and where it came from, and the profile's signing
 * parameters ({@link #certname()}: where the device holds the certificate, FreeRTOS's {@code certfile}).
 */
public record SignedImage(String jobId, JobSignature signature, SignedObject signedObject, SourceObject source,
                          String platformId, CertificateArn certificateArn, Map<String, String> signingParameters) {
    public SignedImage {
        signingParameters = Map.copyOf(signingParameters);
    }

    /** The profile's {@code certname} signing parameter, if it has one. */
    public Optional<String> certname() {
        return Optional.ofNullable(signingParameters.get("certname"));
    }
}
