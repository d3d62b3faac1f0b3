package io.fleetline.ota.signing;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS Signer's signing profiles: PutSigningProfile, GetSigningProfile, ListSigningProfiles and CancelSigningProfile.
 * A profile is checked when it is put: its platform exists, its certificate does, carries the key the platform signs
 * with and may sign code, and its overrides are ones the platform allows.
 */
public final class SigningProfiles {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_]{2,64}");
    private static final String VERSION_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SigningStore store;
    private final SigningPlatforms platforms;
    private final AccountScope scope;
    private final Clock clock;

    public SigningProfiles(SigningStore store, SigningPlatforms platforms, AccountScope scope, Clock clock) {
        this.store = store;
        this.platforms = platforms;
        this.scope = scope;
        this.clock = clock;
    }

    /** What PutSigningProfile asks for. */
    public record NewProfile(String name, String certificateArn, String platformId, Optional<ValidityPeriod> validity,
                             Map<String, String> signingParameters, SigningOverrides overrides,
                             Map<String, String> tags) {
    }

    /**
     * PutSigningProfile. The name must be new: putting an active profile again with the same settings answers it
     * (a retried request), with other settings is {@code ValidationException}, and a canceled profile's name is not
     * used again (AWS Signer keeps canceled profiles, and their names, for two years).
     */
    public SigningProfile put(NewProfile request) {
        if (!NAME.matcher(request.name()).matches()) {
            throw FleetlineException.invalid("A signing profile name is 2 to 64 letters, digits or underscores: "
                    + request.name());
        }
        SigningPlatform platform = platforms.find(request.platformId()).orElseThrow(() ->
                FleetlineException.invalid("There is no signing platform " + request.platformId()));
        requireAllowed(platform, request.overrides());
        CertificateArn arn = CertificateArn.parse(request.certificateArn()).filter(this::inScope).orElseThrow(() ->
                FleetlineException.notFound("Could not find certificate " + request.certificateArn() + "."));
        Instant now = clock.instant();
        SigningProfile wanted = new SigningProfile(request.name(), newVersion(), arn, platform.platformId(),
                request.validity().orElse(ValidityPeriod.DEFAULT), request.signingParameters(), request.overrides(),
                ProfileStatus.ACTIVE, now, Optional.empty(), request.tags());
        return store.transact(tx -> {
            ImportedCertificate certificate = tx.findCertificate(arn).orElseThrow(() ->
                    FleetlineException.notFound("Could not find certificate " + arn + "."));
            requireSigns(platform, certificate, now);
            Optional<SigningProfile> existing = tx.findProfile(request.name());
            if (existing.isPresent()) {
                return same(existing.get(), wanted);
            }
            tx.putProfile(wanted);
            return wanted;
        });
    }

    /** GetSigningProfile: canceled ones too; none of that name is {@code ResourceNotFoundException}. */
    public SigningProfile get(String name) {
        return store.read(tx -> tx.findProfile(name)).orElseThrow(() -> notFound(name));
    }

    /**
     * ListSigningProfiles, by name: those of the statuses asked for, else the active ones and, with
     * {@code includeCanceled}, the canceled ones; of the platform asked for, if one is.
     */
    public Page<SigningProfile> list(List<ProfileStatus> statuses, boolean includeCanceled,
                                     Optional<String> platformId, PageRequest page) {
        List<ProfileStatus> wanted = !statuses.isEmpty() ? statuses : includeCanceled
                ? List.of(ProfileStatus.ACTIVE, ProfileStatus.CANCELED, ProfileStatus.REVOKED)
                : List.of(ProfileStatus.ACTIVE, ProfileStatus.REVOKED);
        List<SigningProfile> fetched = store.read(tx -> tx.profiles(wanted, platformId, page.after(),
                page.limit() + 1));
        return Page.of(fetched, page, SigningProfile::name);
    }

    /** CancelSigningProfile: the profile starts no more jobs; its jobs stay. Canceling it again changes nothing. */
    public void cancel(String name) {
        store.transact(tx -> {
            SigningProfile profile = tx.findProfile(name).orElseThrow(() -> notFound(name));
            if (profile.status() == ProfileStatus.ACTIVE) {
                tx.putProfile(profile.canceled(clock.instant()));
            }
            return null;
        });
    }

    private boolean inScope(CertificateArn arn) {
        return arn.region().equals(scope.region()) && arn.accountId().equals(scope.accountId());
    }

    private static SigningProfile same(SigningProfile existing, SigningProfile wanted) {
        if (existing.status() != ProfileStatus.ACTIVE) {
            throw FleetlineException.invalid("The signing profile " + existing.name() + " was canceled; a profile name"
                    + " cannot be used again");
        }
        if (!existing.sameSettings(wanted)) {
            throw FleetlineException.invalid("A signing profile named " + existing.name() + " already exists with "
                    + "other settings; cancel it and put one under another name");
        }
        return existing;
    }

    private static void requireAllowed(SigningPlatform platform, SigningOverrides overrides) {
        overrides.encryptionAlgorithm().filter(a -> !platform.encryptionAlgorithms().contains(a)).ifPresent(a -> {
            throw FleetlineException.invalid("The platform " + platform.platformId() + " signs with "
                    + platform.encryptionAlgorithms() + ", not " + a);
        });
        overrides.hashAlgorithm().filter(a -> !platform.hashAlgorithms().contains(a)).ifPresent(a -> {
            throw FleetlineException.invalid("The platform " + platform.platformId() + " hashes with "
                    + platform.hashAlgorithms() + ", not " + a);
        });
        overrides.imageFormat().filter(f -> !platform.imageFormats().contains(f)).ifPresent(f -> {
            throw FleetlineException.invalid("The platform " + platform.platformId() + " makes "
                    + platform.imageFormats() + " images, not " + f);
        });
    }

    /** The certificate must carry the platform's key, may sign code, and must not have expired. */
    static void requireSigns(SigningPlatform platform, ImportedCertificate certificate, Instant now) {
        if (certificate.keyAlgorithm() != platform.keyAlgorithm()) {
            throw FleetlineException.invalid("The platform " + platform.platformId() + " signs with "
                    + platform.defaultEncryptionAlgorithm() + " keys of type " + platform.keyAlgorithm().acmName()
                    + "; the certificate " + certificate.arn() + " has a " + certificate.keyAlgorithm().acmName()
                    + " key");
        }
        if (!certificate.usableForCodeSigning()) {
            throw FleetlineException.invalid("The certificate " + certificate.arn() + " may not sign code: its key "
                    + "usage must include digital signature and its extended key usage code signing");
        }
        if (now.isAfter(certificate.notAfter())) {
            throw FleetlineException.invalid("The certificate " + certificate.arn() + " expired on "
                    + certificate.notAfter());
        }
    }

    private static String newVersion() {
        StringBuilder version = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            version.append(VERSION_CHARS.charAt(RANDOM.nextInt(VERSION_CHARS.length())));
        }
        return version.toString();
    }

    private static FleetlineException notFound(String name) {
        return FleetlineException.notFound("Signing profile " + name + " does not exist");
    }
}
