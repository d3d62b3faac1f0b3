package io.fleetline.ota.signing;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * AWS Signer's signing jobs: StartSigningJob, DescribeSigningJob and ListSigningJobs, and what OTA updates read of a
 * job ({@link #signedImage}).
 *
 * <p>Fleetline signs while StartSigningJob runs, so the job it answers has ended: the signed object is stored before
 * the job is, and the job is stored whole, {@code Succeeded} or {@code Failed}, in one transaction. What AWS Signer
 * refuses at once (no such profile, a canceled one) is refused; what it finds while signing (the source bucket is not
 * versioned, the version does not exist, the image is too large, the destination bucket does not exist, the
 * certificate was deleted or expired) makes a {@code Failed} job whose {@code statusReason} says so.
 */
public final class SigningJobs {
    private static final int MAX_TOKEN = 256;
    private static final int MAX_BUCKET = 255;
    private static final int MAX_KEY = 1024;
    private final SigningStore store;
    private final AcmCertificates certificates;
    private final SigningProfiles profiles;
    private final SigningPlatforms platforms;
    private final SigningObjects objects;
    private final AccountScope scope;
    private final Clock clock;

    public SigningJobs(SigningStore store, AcmCertificates certificates, SigningProfiles profiles,
                       SigningPlatforms platforms, SigningObjects objects, AccountScope scope, Clock clock) {
        this.store = store;
        this.certificates = certificates;
        this.profiles = profiles;
        this.platforms = platforms;
        this.objects = objects;
        this.scope = scope;
        this.clock = clock;
    }

    /**
     * StartSigningJob. A token seen before answers the job it started, whatever else the request says. The profile
     * must exist in this account ({@code ResourceNotFoundException}) and be active ({@code ValidationException}).
     */
    public SigningJob start(StartSigning request) {
        requireBounded(request);
        Optional<SigningJob> earlier = store.read(tx -> tx.findJobByToken(request.clientRequestToken()));
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (request.profileOwner().filter(owner -> !owner.equals(scope.accountId())).isPresent()) {
            throw FleetlineException.notFound("Signing profile " + request.profileName() + " of account "
                    + request.profileOwner().get() + " does not exist");
        }
        SigningProfile profile = profiles.get(request.profileName());
        if (profile.status() != ProfileStatus.ACTIVE) {
            throw FleetlineException.invalid("The signing profile " + profile.name() + " is "
                    + profile.status().wire() + ": it starts no signing jobs");
        }
        SigningPlatform platform = platforms.get(profile.platformId());
        String jobId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        ImageSigner.Outcome outcome = new ImageSigner(store, certificates, objects).sign(jobId, profile, platform,
                request, now);
        SigningJob job = new SigningJob(jobId, request.clientRequestToken(), profile.name(), profile.version(),
                platform.platformId(), profile.certificateArn(), profile.signingParameters(), request.source(),
                request.destinationBucket(), request.destinationPrefix(), outcome.status(), outcome.reason(), now,
                Optional.of(clock.instant()), outcome.signature().map(s -> profile.validity().after(now)),
                outcome.signedObject(), outcome.signature(), request.requestedBy(), scope.accountId(),
                scope.accountId());
        // two requests with one token may both have signed: the first stored is the job, the other's object stays
        return store.transact(tx -> tx.findJobByToken(request.clientRequestToken()).orElseGet(() -> {
            tx.insertJob(job);
            return job;
        }));
    }

    /** DescribeSigningJob: none of that id is {@code ResourceNotFoundException}. */
    public SigningJob describe(String jobId) {
        return store.read(tx -> tx.findJob(jobId)).orElseThrow(() -> notFound(jobId));
    }

    /** ListSigningJobs: newest first. No job is ever revoked, so asking for revoked ones finds none. */
    public Page<SigningJob> list(SigningTx.JobFilter filter, boolean revoked, PageRequest page) {
        if (revoked) {
            return new Page<>(List.of(), Optional.empty());
        }
        Optional<SigningTx.JobPosition> after = page.after().map(SigningTx.JobPosition::parse);
        List<SigningJob> fetched = store.read(tx -> tx.jobs(filter, after, page.limit() + 1));
        return Page.of(fetched, page, job -> SigningTx.JobPosition.of(job).key());
    }

    /**
     * What an OTA update puts in its job document for a signing job ({@code codeSigning.awsSignerJobId}): its
     * signature, certificate and signed object. No such job is {@code ResourceNotFoundException}; one that failed is
     * {@code InvalidRequestException} with the job's reason.
     */
    public SignedImage signedImage(String jobId) {
        SigningJob job = describe(jobId);
        if (job.status() != SigningStatus.SUCCEEDED || job.signature().isEmpty() || job.signedObject().isEmpty()) {
            throw FleetlineException.invalid("The signing job " + jobId + " did not succeed: "
                    + job.statusReason().orElse(job.status().wire()));
        }
        return new SignedImage(jobId, job.signature().get(), job.signedObject().get(), job.source(),
                job.platformId(), job.certificateArn(), job.signingParameters());
    }

    /** The request's free-form strings are kept with the job: each is bounded before anything is done with it. */
    private static void requireBounded(StartSigning request) {
        bounded("clientRequestToken", request.clientRequestToken(), MAX_TOKEN);
        bounded("source.s3.bucketName", request.source().bucket(), MAX_BUCKET);
        bounded("source.s3.key", request.source().key(), MAX_KEY);
        bounded("source.s3.version", request.source().version(), MAX_KEY);
        bounded("destination.s3.bucketName", request.destinationBucket(), MAX_BUCKET);
        if (request.destinationPrefix().length() > MAX_KEY) {
            bounded("destination.s3.prefix", request.destinationPrefix(), MAX_KEY);
        }
    }

    private static void bounded(String member, String value, int max) {
        if (value.isEmpty() || value.length() > max) {
            throw FleetlineException.invalid("1 validation error detected: Value at '" + member + "' failed to "
                    + "satisfy constraint: Member must have length between 1 and " + max);
        }
    }

    private static FleetlineException notFound(String jobId) {
        return FleetlineException.notFound("Signing job " + jobId + " does not exist");
    }
}
