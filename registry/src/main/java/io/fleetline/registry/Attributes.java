package io.fleetline.registry;

import io.fleetline.core.error.FleetlineException;
import java.util.Map;
import java.util.TreeMap;

/** Attribute payloads as AWS applies them to things and groups. */
public final class Attributes {
    /** AWS allows up to 50 attributes on a thing or thing group. */
    public static final int MAX_ATTRIBUTES = 50;

    private Attributes() {
    }

    /**
     * The attributes after an update: {@code merge} adds to the stored ones, otherwise the given set replaces
     * them; in both cases an empty value removes that attribute.
     */
    public static Map<String, String> apply(Map<String, String> stored, Map<String, String> given, boolean merge) {
        Map<String, String> result = new TreeMap<>(merge ? stored : Map.of());
        given.forEach((name, value) -> {
            if (value.isEmpty()) {
                result.remove(name);
            } else {
                result.put(name, value);
            }
        });
        requireWithinLimit(result);
        return Map.copyOf(result);
    }

    /** The attributes a new resource starts with: empty values are dropped, as AWS does. */
    public static Map<String, String> initial(Map<String, String> given) {
        return apply(Map.of(), given, false);
    }

    private static void requireWithinLimit(Map<String, String> attributes) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw FleetlineException.invalid("A resource can have at most " + MAX_ATTRIBUTES
                    + " attributes; this request would give it " + attributes.size());
        }
    }
}
