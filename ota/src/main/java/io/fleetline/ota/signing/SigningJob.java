package io.fleetline.ota.signing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A signing job as AWS Signer describes it: the profile (name, version, platform, certificate and signing parameters
 * as they were when it ran), its source and destination, who asked, when, and how it ended. A job that succeeded has
 * its signed object, its signature and when the signature expires; one that failed says why in {@code statusReason}.
 */
public record SigningJob(String jobId, String clientRequestToken, String profileName, String profileVersion,
                         String platformId, CertificateArn certificateArn, Map<String, String> signingParameters,
                         SourceObject source, String destinationBucket, String destinationPrefix,
                         SigningStatus status, Optional<String> statusReason, Instant createdAt,
                         Optional<Instant> completedAt, Optional<Instant> signatureExpiresAt,
                         Optional<SignedObject> signedObject, Optional<JobSignature> signature, String requestedBy,
                         String jobOwner, String jobInvoker) {
    public SigningJob {
        signingParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(signingParameters));
    }
}
