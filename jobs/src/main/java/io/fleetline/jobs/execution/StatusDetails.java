package io.fleetline.jobs.execution;

import io.fleetline.core.error.FleetlineException;
import java.util.Map;
import java.util.regex.Pattern;

/** The rules for an execution's statusDetails, checked the same way whether they come over MQTT or HTTPS. */
public final class StatusDetails {
    /** Keys of 1-128 characters of letters, digits and {@code :_-} (model: DetailsKey). */
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    /**
     * Values of 1-1024 characters, no control characters (model: DetailsValue, {@code [^\p{C}]+}) but line breaks and
     * tabs: the AWS IoT Device Client reports a step's {@code stdout}/{@code stderr} as they are, lines and all, and
     * AWS keeps them (its jobs README shows them; its users report them stored), so refusing them would leave a real
     * Device Client's last report unheard and its execution IN_PROGRESS. Other control characters, and lone
     * surrogates, stay refused.
     */
    private static final Pattern VALUE = Pattern.compile("(?:[^\\p{C}]|[\\t\\n\\r]){1,1024}");
    /** The model documents at most 10 name/value pairs. */
    public static final int MAX_PAIRS = 10;

    private StatusDetails() {
    }

    /** @throws FleetlineException INVALID_REQUEST naming the first pair that breaks a rule */
    public static Map<String, String> validate(Map<String, String> details) {
        if (details.size() > MAX_PAIRS) {
            throw FleetlineException.invalid("statusDetails can have at most " + MAX_PAIRS + " name/value pairs; got "
                    + details.size());
        }
        details.forEach((key, value) -> {
            if (!KEY.matcher(key).matches()) {
                throw FleetlineException.invalid("statusDetails key '" + key
                        + "' must be 1-128 characters of letters, digits, ':', '_' or '-'");
            }
            if (value == null || !VALUE.matcher(value).matches()) {
                throw FleetlineException.invalid("statusDetails value of '" + key
                        + "' must be 1-1024 characters without control characters (tabs and line breaks are allowed)");
            }
        });
        return Map.copyOf(details);
    }
}
