package io.fleetline.ota.signing;

import io.fleetline.core.arn.AccountScope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A signing profile: the certificate its jobs sign with, on which platform, for how long signatures are valid, the
 * signing parameters kept for the devices (FreeRTOS's {@code certname}: where the device holds the certificate), its
 * status and tags. A name is one profile for good: its settings do not change, and a canceled profile's name is not
 * used again (see {@link SigningProfiles#put}), so its version, made when it was put, stays its version.
 */
public record SigningProfile(String name, String version, CertificateArn certificateArn, String platformId,
                             ValidityPeriod validity, Map<String, String> signingParameters,
                             SigningOverrides overrides, ProfileStatus status, Instant createdAt,
                             Optional<Instant> canceledAt, Map<String, String> tags) {
    public SigningProfile {
        signingParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(signingParameters));
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** {@code arn:aws:signer:<region>:<account>:/signing-profiles/<name>}, as AWS Signer writes it. */
    public String arn(AccountScope scope) {
        return "arn:aws:signer:" + scope.region() + ":" + scope.accountId() + ":/signing-profiles/" + name;
    }

    /** The profile ARN with its version. */
    public String versionArn(AccountScope scope) {
        return arn(scope) + "/" + version;
    }

    public SigningProfile canceled(Instant at) {
        return new SigningProfile(name, version, certificateArn, platformId, validity, signingParameters, overrides,
                ProfileStatus.CANCELED, createdAt, Optional.of(at), tags);
    }

    /** Whether another put of the same name asks for this very profile (a retried request). */
    boolean sameSettings(SigningProfile other) {
        return certificateArn.equals(other.certificateArn) && platformId.equals(other.platformId)
                && validity.equals(other.validity) && signingParameters.equals(other.signingParameters)
                && overrides.equals(other.overrides);
    }
}
