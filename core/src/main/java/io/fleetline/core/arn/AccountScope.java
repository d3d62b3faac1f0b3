package io.fleetline.core.arn;

import io.fleetline.core.error.FleetlineException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The region and account every resource lives in; issues ARNs shaped exactly as AWS IoT returns them,
 * e.g. {@code arn:aws:iot:us-east-1:000000000000:thing/dev-1}.
 */
public record AccountScope(String region, String accountId) {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    public AccountScope {
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("not a region name: " + region);
        }
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("an account id is 12 digits: " + accountId);
        }
    }

    public String arn(ResourceType type, String name) {
        return "arn:aws:iot:" + region + ":" + accountId + ":" + type.arnPrefix() + "/" + name;
    }

    /** The name inside an ARN of this scope and the given type, or empty when the text is not such an ARN. */
    public Optional<String> nameIn(String arn, ResourceType type) {
        String prefix = arn(type, "");
        if (arn.startsWith(prefix) && arn.length() > prefix.length()) {
            return Optional.of(arn.substring(prefix.length()));
        }
        return Optional.empty();
    }

    /** Like {@link #nameIn} but fails with {@code InvalidRequestException} naming the member. */
    public String requireNameIn(String arn, ResourceType type, String member) {
        return nameIn(arn, type).orElseThrow(() -> FleetlineException.invalid(
                member + " is not a " + type.arnPrefix() + " ARN of this account and region: " + arn));
    }

    /** The type and name of any registry ARN of this scope. */
    public Optional<ResourceRef> parse(String arn) {
        for (ResourceType type : ResourceType.values()) {
            Optional<String> name = nameIn(arn, type);
            if (name.isPresent()) {
                return Optional.of(new ResourceRef(type, name.get()));
            }
        }
        return Optional.empty();
    }
}
