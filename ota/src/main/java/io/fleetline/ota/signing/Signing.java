package io.fleetline.ota.signing;

import io.fleetline.core.arn.AccountScope;
import java.time.Clock;

/** Code signing of one account, its services wired together over the account's store and object store. */
public record Signing(AcmCertificates certificates, SigningPlatforms platforms, SigningProfiles profiles,
                      SigningJobs jobs) {

    /**
     * @param sealer  seals imported private keys (the server's key, from its data directory)
     * @param objects where images are read and signed objects written ({@link SigningObjects#NONE} without an
     *                embedded object store)
     */
    public static Signing create(SigningStore store, KeySealer sealer, SigningObjects objects, AccountScope scope,
                                 Clock clock) {
        AcmCertificates certificates = new AcmCertificates(store, sealer, scope, clock);
        SigningPlatforms platforms = new SigningPlatforms();
        SigningProfiles profiles = new SigningProfiles(store, platforms, scope, clock);
        return new Signing(certificates, platforms, profiles,
                new SigningJobs(store, certificates, profiles, platforms, objects, scope, clock));
    }
}
