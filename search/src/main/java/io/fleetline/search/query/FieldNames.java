package io.fleetline.search.query;

import java.util.Set;
import java.util.regex.Pattern;

/** The fields a query may name: the registry's, the shadows' (classic and named) and connectivity's. */
final class FieldNames {
    private static final Set<String> FIXED = Set.of("thingName", "thingId", "thingTypeName", "thingGroupNames",
            "connectivity.connected", "connectivity.timestamp", "connectivity.disconnectReason");
    /** A name segment: an attribute name or a shadow key; AWS takes these characters in attribute names. */
    private static final String SEGMENT = "[A-Za-z0-9_$\\-]+";
    private static final Pattern ATTRIBUTE = Pattern.compile("attributes\\.[A-Za-z0-9_.\\-]+");
    /** The sections AWS indexes of a classic or named shadow, and whether it has a delta; versions are not. */
    private static final Pattern SHADOW = Pattern.compile("shadow\\.(name\\.[A-Za-z0-9_$:\\-]+\\.)?"
            + "((reported|desired|delta|metadata)\\." + SEGMENT + "(\\." + SEGMENT + ")*|hasDelta)");

    private FieldNames() {
    }

    static boolean known(String field) {
        return FIXED.contains(field) || ATTRIBUTE.matcher(field).matches() || SHADOW.matcher(field).matches();
    }
}
