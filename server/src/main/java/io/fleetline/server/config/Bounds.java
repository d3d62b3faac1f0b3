package io.fleetline.server.config;

import java.time.Duration;
import java.util.function.Supplier;

/** Checks shared by the settings records; each message names the flag, as that is what the operator wrote. */
final class Bounds {
    private Bounds() {
    }

    static void requirePort(String flag, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(flag + " must be 0 to 65535: " + port);
        }
    }

    static void requireNotNegative(String flag, Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException(flag + " cannot be negative: " + duration);
        }
    }

    /** A value checked by a type of another module, which knows nothing of flags: its refusal gets the flag's name. */
    static <T> T named(String flag, Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }
}
