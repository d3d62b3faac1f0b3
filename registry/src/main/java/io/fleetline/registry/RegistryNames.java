package io.fleetline.registry;

import io.fleetline.core.error.FleetlineException;
import java.util.regex.Pattern;

/** The name rules thing, type and group names share ({@code [a-zA-Z0-9:_-]+}, 1 to 128 characters). */
public final class RegistryNames {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

    private RegistryNames() {
    }

    public static String require(String name, String member) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw FleetlineException.invalid(member + " must match [a-zA-Z0-9:_-]+ and be 1 to 128 characters: " + name);
        }
        return name;
    }
}
