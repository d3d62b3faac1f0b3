package io.fleetline.shadow;

import io.fleetline.core.error.FleetlineException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which shadow: a thing's classic (unnamed) shadow, or one of its named shadows.
 *
 * @param thingName  the thing, as AWS names things ({@code [a-zA-Z0-9:_-]}, 1 to 128)
 * @param shadowName the named shadow ({@code [$a-zA-Z0-9:_-]}, 1 to 64), empty for the classic shadow
 */
public record ShadowKey(String thingName, Optional<String> shadowName) {
    private static final Pattern THING = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    private static final Pattern SHADOW = Pattern.compile("[$a-zA-Z0-9:_-]{1,64}");

    public ShadowKey {
        if (!THING.matcher(thingName).matches()) {
            throw FleetlineException.invalid("Invalid thing name: " + thingName);
        }
        if (shadowName.filter(name -> !SHADOW.matcher(name).matches()).isPresent()) {
            throw FleetlineException.invalid("Invalid shadow name: " + shadowName.get());
        }
    }

    public static ShadowKey classic(String thingName) {
        return new ShadowKey(thingName, Optional.empty());
    }

    public static ShadowKey named(String thingName, String shadowName) {
        return new ShadowKey(thingName, Optional.of(shadowName));
    }

    /** Whether {@code name} is a thing name a shadow can belong to. */
    public static boolean isThingName(String name) {
        return THING.matcher(name).matches();
    }

    /** Whether {@code name} is a valid shadow name. */
    public static boolean isShadowName(String name) {
        return SHADOW.matcher(name).matches();
    }

    /** The name AWS's messages give the shadow: the thing's for the classic one. */
    String displayName() {
        return shadowName.orElse(thingName);
    }
}
