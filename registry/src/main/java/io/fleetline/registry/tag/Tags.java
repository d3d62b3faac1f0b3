package io.fleetline.registry.tag;

import io.fleetline.core.error.FleetlineException;
import java.util.Map;

/** The limits AWS puts on a resource's tags. */
public final class Tags {
    /** AWS allows up to 50 user tags on a resource. */
    public static final int MAX_TAGS = 50;

    private Tags() {
    }

    public static void requireValid(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            // InvalidRequest, not LimitExceeded: the CLI v2 retries LimitExceeded as if it were throttling
            throw FleetlineException.invalid("A resource can have at most " + MAX_TAGS + " tags");
        }
        tags.keySet().stream().filter(k -> k.startsWith("aws:")).findFirst().ifPresent(k -> {
            throw FleetlineException.invalid("Tag keys starting with aws: are reserved: " + k);
        });
    }
}
