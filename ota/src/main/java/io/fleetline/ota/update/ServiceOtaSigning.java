package io.fleetline.ota.update;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.ota.signing.JobSignature;
import io.fleetline.ota.signing.SignedObject;
import io.fleetline.ota.signing.Signing;
import io.fleetline.ota.signing.SigningJob;
import io.fleetline.ota.signing.SigningOverrides;
import io.fleetline.ota.signing.SigningProfiles;
import io.fleetline.ota.signing.SourceObject;
import io.fleetline.ota.signing.StartSigning;
import java.util.Map;
import java.util.Optional;

/**
 * {@link OtaSigning} over the account's AWS Signer service. An update's {@code startSigningJobParameter} with a
 * {@code signingProfileParameter} puts its profile first (as AWS's OTA service does: the same settings again answer the
 * profile that exists), named as the update names it. Jobs started for an update are requested by the account's root.
 */
final class ServiceOtaSigning implements OtaSigning {
    private final Signing signing;
    private final AccountScope scope;

    ServiceOtaSigning(Signing signing, AccountScope scope) {
        this.signing = signing;
        this.scope = scope;
    }

    @Override
    public Optional<Job> describe(String jobId) {
        SigningJob job;
        try {
            job = signing.jobs().describe(jobId);
        } catch (FleetlineException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(switch (job.status()) {
            case IN_PROGRESS -> new Job(Status.IN_PROGRESS, Optional.empty(), Optional.empty());
            case FAILED -> new Job(Status.FAILED, job.statusReason(), Optional.empty());
            case SUCCEEDED -> new Job(Status.SUCCEEDED, Optional.empty(), Optional.of(signed(job)));
        });
    }

    private static Signed signed(SigningJob job) {
        SignedObject object = job.signedObject().orElseThrow(() -> new IllegalStateException(
                "signing job " + job.jobId() + " succeeded without a signed object"));
        JobSignature signature = job.signature().orElseThrow(() -> new IllegalStateException(
                "signing job " + job.jobId() + " succeeded without a signature"));
        return new Signed(new S3File(object.bucket(), object.key(), object.versionId().orElse("null")),
                signature.der(), signature.hashAlgorithm(), signature.encryptionAlgorithm(),
                Optional.ofNullable(job.signingParameters().get("certname")));
    }

    @Override
    public String start(Request request) {
        String profile = request.profileName().orElseThrow(() -> FleetlineException.invalid(
                "startSigningJobParameter.signingProfileName is required"));
        request.profileParameter().ifPresent(parameter -> signing.profiles().put(new SigningProfiles.NewProfile(profile,
                parameter.certificateArn().orElseThrow(() -> FleetlineException.invalid(
                        "signingProfileParameter.certificateArn is required to create profile " + profile)),
                parameter.platform().orElseThrow(() -> FleetlineException.invalid(
                        "signingProfileParameter.platform is required to create profile " + profile)),
                Optional.empty(), parameter.certificatePathOnDevice().map(path -> Map.of("certname", path))
                .orElse(Map.of()), SigningOverrides.NONE, Map.of())));
        S3File source = request.source();
        return signing.jobs().start(new StartSigning(profile, Optional.empty(),
                new SourceObject(source.bucket(), source.key(), source.versionId()), request.destinationBucket(),
                request.destinationPrefix().orElse(""), request.clientRequestToken(),
                "arn:aws:iam::" + scope.accountId() + ":root")).jobId();
    }
}
