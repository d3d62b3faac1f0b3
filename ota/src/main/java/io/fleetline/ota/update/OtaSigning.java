package io.fleetline.ota.update;

import java.util.Optional;

/**
 * The account's code signing (AWS Signer), as an OTA update uses it: starting a signing job over the file's object
 * and reading the result of one. The server adapts its Signer service to this.
 */
public interface OtaSigning {
    /** Where a signing job is. */
    enum Status {
        IN_PROGRESS,
        SUCCEEDED,
        FAILED
    }

    /**
     * A signing job as DescribeSigningJob tells it: its status, the reason it failed (Signer's {@code statusReason}),
     * and once it succeeded what it made.
     */
    record Job(Status status, Optional<String> statusReason, Optional<Signed> result) {
    }

    /**
     * What a successful signing job made: the signed object (the version devices download), the signature (DER), its
     * hash and signature algorithms as the platform names them ({@code SHA256}, {@code ECDSA}) and the path of the
     * certificate on the device (the profile's {@code certname}), if the profile has one.
     */
    record Signed(S3File signedObject, byte[] signature, String hashAlgorithm, String signatureAlgorithm,
                  Optional<String> certificatePathOnDevice) {
        public Signed {
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    /**
     * StartSigningJob's input: the source version, the profile (by name, or ad hoc from the OTA update's
     * {@code signingProfileParameter}: an adapter that cannot make one refuses with {@code InvalidRequestException}),
     * the destination, and the client request token that makes a repeated start (after a restart) answer the job the
     * first one started instead of signing twice.
     */
    record Request(String clientRequestToken, S3File source, Optional<String> profileName,
                   Optional<CodeSigning.ProfileParameter> profileParameter, String destinationBucket,
                   Optional<String> destinationPrefix) {
    }

    /** The signing job; empty when the account has none of that id. */
    Optional<Job> describe(String jobId);

    /**
     * Starts a signing job and answers its id. Refusals (no such profile, a canceled one, an unversioned or missing
     * source) are {@link io.fleetline.core.error.FleetlineException}s, which fail the update with their words.
     */
    String start(Request request);

    /** Over the account's AWS Signer service. */
    static OtaSigning over(io.fleetline.ota.signing.Signing signing, io.fleetline.core.arn.AccountScope scope) {
        return new ServiceOtaSigning(signing, scope);
    }
}
