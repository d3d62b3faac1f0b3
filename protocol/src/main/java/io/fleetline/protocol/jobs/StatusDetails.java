package io.fleetline.protocol.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Status details keep the order they were given in: devices see them as they reported them. */
final class StatusDetails {
    private StatusDetails() {
    }

    static Map<String, String> copy(Map<String, String> details) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
