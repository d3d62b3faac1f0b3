package io.fleetline.server.metrics;

import java.util.regex.Pattern;

/**
 * Label values held to what they are meant to be, so that a value from elsewhere can never grow the number of series
 * without bound (each distinct value is a series Prometheus keeps).
 */
final class Labels {
    /** An IoT action: a service prefix and an operation name ({@code iot:Publish}). */
    private static final Pattern ACTION = Pattern.compile("[a-z0-9-]{1,32}:[A-Za-z0-9]{1,64}");
    /** AWS's disconnect reasons and Fleetline's operation names: letters, digits and underscores. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final String OTHER = "other";

    private Labels() {
    }

    static String action(String action) {
        return ACTION.matcher(action).matches() ? action : OTHER;
    }

    static String word(String value) {
        return WORD.matcher(value).matches() ? value : OTHER;
    }
}
