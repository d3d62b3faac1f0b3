package io.fleetline.security.policy;

import io.fleetline.core.error.FleetlineException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A policy as the evaluator sees it: the name decisions report and the operative (default) version's document.
 *
 * @param name the policy name, 1-128 characters of {@code [\w+=,.@-]}
 * @param document the parsed document
 */
public record NamedPolicy(String name, PolicyDocument document) {
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");

    /** @throws FleetlineException INVALID_REQUEST if the name is not a valid policy name */
    public NamedPolicy {
        Objects.requireNonNull(document, "document");
        if (name == null || !NAME.matcher(name).matches()) {
            throw FleetlineException.invalid("Policy name must be 1-128 characters of letters, digits and +=,.@-_;"
                    + " got " + (name == null ? "none" : "\"" + name + "\""));
        }
    }

    /** Parses {@code json} and names it. */
    public static NamedPolicy of(String name, String json) {
        return new NamedPolicy(name, PolicyDocument.parse(json));
    }
}
