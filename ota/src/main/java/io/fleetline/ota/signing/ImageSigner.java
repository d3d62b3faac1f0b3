package io.fleetline.ota.signing;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signs one job's image: opens the profile's key, reads the source version once through the signature, and stores
 * the signed object at {@code <prefix><jobId>} with the signature in its metadata. Whatever stops it is the failed
 * job's reason.
 */
final class ImageSigner {
    private final SigningStore store;
    private final AcmCertificates certificates;
    private final SigningObjects objects;

    ImageSigner(SigningStore store, AcmCertificates certificates, SigningObjects objects) {
        this.store = store;
        this.certificates = certificates;
        this.objects = objects;
    }

    /** How a job ended: succeeded with its signature and signed object, or failed with a reason. */
    record Outcome(SigningStatus status, Optional<String> reason, Optional<JobSignature> signature,
                   Optional<SignedObject> signedObject) {
        static Outcome failed(String reason) {
            return new Outcome(SigningStatus.FAILED, Optional.of(reason), Optional.empty(), Optional.empty());
        }
    }

    Outcome sign(String jobId, SigningProfile profile, SigningPlatform platform, StartSigning request, Instant now) {
        Optional<AcmCertificates.SigningKey> key = store.read(tx -> certificates.signingKey(tx,
                profile.certificateArn()));
        if (key.isEmpty()) {
            return Outcome.failed("The signing certificate " + profile.certificateArn() + " of profile "
                    + profile.name() + " no longer exists");
        }
        try {
            SigningProfiles.requireSigns(platform, key.get().certificate(), now);
        } catch (io.fleetline.core.error.FleetlineException e) {
            return Outcome.failed(e.getMessage());
        }
        String hash = profile.overrides().hashAlgorithm().orElse(platform.defaultHashAlgorithm());
        String encryption = profile.overrides().encryptionAlgorithm().orElse(platform.defaultEncryptionAlgorithm());
        try {
            byte[] der = signature(request.source(), platform, key.get(), hash, encryption);
            JobSignature signature = new JobSignature(der, hash, encryption, key.get().certificate().certificatePem());
            String signedKey = request.destinationPrefix() + jobId;
            Optional<String> version = objects.storeSigned(request.source(), request.destinationBucket(), signedKey,
                    metadata(jobId, signature));
            return new Outcome(SigningStatus.SUCCEEDED, Optional.empty(), Optional.of(signature),
                    Optional.of(new SignedObject(request.destinationBucket(), signedKey, version)));
        } catch (SigningObjects.ImageUnavailable e) {
            return Outcome.failed(e.getMessage());
        }
    }

    private byte[] signature(SourceObject source, SigningPlatform platform, AcmCertificates.SigningKey key,
                             String hash, String encryption) {
        try (SigningObjects.Image image = objects.open(source)) {
            if (image.size() > platform.maxSizeInBytes()) {
                throw new SigningObjects.ImageUnavailable("The source object " + source + " is " + image.size()
                        + " bytes long; the platform " + platform.platformId() + " signs images of at most "
                        + platform.maxSizeInMB() + " MB");
            }
            return ImageSignatures.sign(image.stream(), key.key(), hash, encryption);
        } catch (UncheckedIOException e) {
            throw new SigningObjects.ImageUnavailable("The source object " + source + " could not be read to its end");
        }
    }

    /** The signed object carries its signature, readable with a HEAD of the object ({@code x-amz-meta-*}). */
    private static Map<String, String> metadata(String jobId, JobSignature signature) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("signing-job-id", jobId);
        metadata.put("signature", signature.base64());
        metadata.put("hash-algorithm", signature.hashAlgorithm());
        metadata.put("encryption-algorithm", signature.encryptionAlgorithm());
        return metadata;
    }
}
