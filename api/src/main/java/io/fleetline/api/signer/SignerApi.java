package io.fleetline.api.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.ota.signing.ProfileStatus;
import io.fleetline.ota.signing.Signing;
import io.fleetline.ota.signing.SigningOverrides;
import io.fleetline.ota.signing.SigningPlatform;
import io.fleetline.ota.signing.SigningProfile;
import io.fleetline.ota.signing.SigningProfiles;
import io.fleetline.ota.signing.ValidityPeriod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * AWS Signer's platforms and profiles: ListSigningPlatforms, GetSigningPlatform, PutSigningProfile,
 * GetSigningProfile, ListSigningProfiles, CancelSigningProfile. Signing jobs are {@link SigningJobHandlers}.
 */
public final class SignerApi {
    /** The lists answer this many when maxResults is not given (the model's largest). */
    static final int DEFAULT_PAGE = 25;

    private final Signing signing;
    private final AccountScope scope;

    private SignerApi(Signing signing, AccountScope scope) {
        this.signing = signing;
        this.scope = scope;
    }

    public static void register(HandlerRegistry registry, Signing signing, AccountScope scope) {
        SignerApi h = new SignerApi(signing, scope);
        registry.register("signer", "ListSigningPlatforms", h::listPlatforms)
                .register("signer", "GetSigningPlatform", h::getPlatform)
                .register("signer", "PutSigningProfile", h::putProfile)
                .register("signer", "GetSigningProfile", h::getProfile)
                .register("signer", "ListSigningProfiles", h::listProfiles)
                .register("signer", "CancelSigningProfile", h::cancelProfile);
        SigningJobHandlers.register(registry, signing.jobs(), scope);
    }

    private JsonNode listPlatforms(OperationCall call) {
        Input in = call.input();
        Page<SigningPlatform> page = signing.platforms().list(in.optString("category"), in.optString("partner"),
                in.optString("target"), PageRequest.of(in.optInt("maxResults").orElse(null),
                        in.optString("nextToken").orElse(null), DEFAULT_PAGE));
        ObjectNode out = Output.object();
        ArrayNode platforms = out.putArray("platforms");
        page.items().forEach(platform -> platforms.add(platform(platform, Output.object())));
        Output.nextToken(out, page);
        return out;
    }

    private JsonNode getPlatform(OperationCall call) {
        return platform(signing.platforms().get(call.input().string("platformId")), Output.object());
    }

    private static ObjectNode platform(SigningPlatform platform, ObjectNode out) {
        out.put("platformId", platform.platformId()).put("displayName", platform.displayName())
                .put("partner", platform.partner()).put("target", platform.target())
                .put("category", platform.category());
        ObjectNode configuration = out.putObject("signingConfiguration");
        options(configuration.putObject("encryptionAlgorithmOptions"), platform.encryptionAlgorithms(),
                platform.defaultEncryptionAlgorithm());
        options(configuration.putObject("hashAlgorithmOptions"), platform.hashAlgorithms(),
                platform.defaultHashAlgorithm());
        ObjectNode format = out.putObject("signingImageFormat");
        ArrayNode formats = format.putArray("supportedFormats");
        platform.imageFormats().forEach(formats::add);
        format.put("defaultFormat", platform.defaultImageFormat());
        out.put("maxSizeInMB", platform.maxSizeInMB());
        out.put("revocationSupported", false);
        return out;
    }

    private static void options(ObjectNode node, List<String> allowed, String fallback) {
        ArrayNode values = node.putArray("allowedValues");
        allowed.forEach(values::add);
        node.put("defaultValue", fallback);
    }

    private JsonNode putProfile(OperationCall call) {
        Input in = call.input();
        String certificateArn = in.object("signingMaterial").map(m -> m.path("certificateArn").asText())
                .orElseThrow(() -> FleetlineException.invalid("The platform " + in.string("platformId")
                        + " signs with a certificate: give signingMaterial.certificateArn"));
        SigningProfile profile = signing.profiles().put(new SigningProfiles.NewProfile(in.string("profileName"),
                certificateArn, in.string("platformId"), validity(in), Input.stringMap(in.node().get(
                        "signingParameters")), overrides(in), Input.stringMap(in.node().get("tags"))));
        return Output.object().put("arn", profile.arn(scope)).put("profileVersion", profile.version())
                .put("profileVersionArn", profile.versionArn(scope));
    }

    private static Optional<ValidityPeriod> validity(Input in) {
        return in.object("signatureValidityPeriod").map(period -> {
            if (!period.path("value").isIntegralNumber() || !period.path("type").isTextual()) {
                throw FleetlineException.invalid("signatureValidityPeriod needs a value and a type");
            }
            return ValidityPeriod.of(period.path("value").intValue(),
                    ValidityPeriod.Unit.valueOf(period.path("type").asText()));
        });
    }

    private static SigningOverrides overrides(Input in) {
        JsonNode overrides = in.node().path("overrides");
        JsonNode configuration = overrides.path("signingConfiguration");
        return new SigningOverrides(text(configuration, "encryptionAlgorithm"), text(configuration, "hashAlgorithm"),
                text(overrides, "signingImageFormat"));
    }

    private static Optional<String> text(JsonNode node, String member) {
        return node.path(member).isTextual() ? Optional.of(node.path(member).asText()) : Optional.empty();
    }

    private JsonNode getProfile(OperationCall call) {
        Input in = call.input();
        String name = in.string("profileName");
        if (in.optString("profileOwner").filter(owner -> !owner.equals(scope.accountId())).isPresent()) {
            throw FleetlineException.notFound("Signing profile " + name + " of account "
                    + in.optString("profileOwner").get() + " does not exist");
        }
        SigningProfile profile = signing.profiles().get(name);
        return profile(profile, Output.object());
    }

    private ObjectNode profile(SigningProfile profile, ObjectNode out) {
        out.put("profileName", profile.name()).put("profileVersion", profile.version())
                .put("profileVersionArn", profile.versionArn(scope));
        out.putObject("signingMaterial").put("certificateArn", profile.certificateArn().value());
        out.put("platformId", profile.platformId());
        signing.platforms().find(profile.platformId()).ifPresent(p -> out.put("platformDisplayName", p.displayName()));
        out.putObject("signatureValidityPeriod").put("value", profile.validity().value())
                .put("type", profile.validity().unit().name());
        if (!profile.overrides().isEmpty()) {
            ObjectNode overrides = out.putObject("overrides");
            ObjectNode configuration = overrides.putObject("signingConfiguration");
            profile.overrides().encryptionAlgorithm().ifPresent(a -> configuration.put("encryptionAlgorithm", a));
            profile.overrides().hashAlgorithm().ifPresent(a -> configuration.put("hashAlgorithm", a));
            profile.overrides().imageFormat().ifPresent(f -> overrides.put("signingImageFormat", f));
        }
        out.set("signingParameters", Output.stringMap(profile.signingParameters()));
        out.put("status", profile.status().wire());
        out.put("arn", profile.arn(scope));
        out.set("tags", Output.stringMap(profile.tags()));
        return out;
    }

    private JsonNode listProfiles(OperationCall call) {
        Input in = call.input();
        List<ProfileStatus> statuses = new ArrayList<>();
        in.strings("statuses").forEach(status -> ProfileStatus.ofWire(status).ifPresent(statuses::add));
        Page<SigningProfile> page = signing.profiles().list(statuses, in.bool("includeCanceled"),
                in.optString("platformId"), PageRequest.of(in.optInt("maxResults").orElse(null),
                        in.optString("nextToken").orElse(null), DEFAULT_PAGE));
        ObjectNode out = Output.object();
        ArrayNode profiles = out.putArray("profiles");
        // a list entry (SigningProfile) has no overrides, the rest as GetSigningProfile answers
        page.items().forEach(profile -> profiles.add(profile(profile, Output.object()).without("overrides")));
        Output.nextToken(out, page);
        return out;
    }

    private JsonNode cancelProfile(OperationCall call) {
        signing.profiles().cancel(call.input().string("profileName"));
        return Output.empty();
    }
}
