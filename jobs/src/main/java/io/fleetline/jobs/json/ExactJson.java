package io.fleetline.jobs.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.core.error.FleetlineException;

/**
 * Numbers of the JSON jobs are given, read exactly: into a type they fit, never wrapped (2^64 + 5 read as a
 * {@code long} is 5) or made infinite, else {@code InvalidRequestException} naming the field. The text itself is read
 * strictly (a key twice or content after the value refused, numbers kept exact) before it gets here: by the API's
 * request binding, or by {@link io.fleetline.protocol.StrictJson} for devices.
 */
public final class ExactJson {
    private ExactJson() {
    }

    /** {@code value} as a {@code long}, or {@code InvalidRequestException} naming {@code field} when it is not one. */
    public static long longValue(JsonNode value, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw unfit(field, value, "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        }
        return value.longValue();
    }

    /** {@code value} as an {@code int}, or {@code InvalidRequestException} naming {@code field} when it is not one. */
    public static int intValue(JsonNode value, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw unfit(field, value, "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
        }
        return value.intValue();
    }

    /** {@code value} as a finite {@code double}, or {@code InvalidRequestException} naming {@code field}. */
    public static double doubleValue(JsonNode value, String field) {
        double number = value.isNumber() ? value.doubleValue() : Double.NaN;
        if (!Double.isFinite(number)) {
            throw unfit(field, value, "a finite number");
        }
        return number;
    }

    private static FleetlineException unfit(String field, JsonNode value, String expected) {
        String shown = value.isValueNode() ? value.asText() : value.toString();
        return FleetlineException.invalid(field + " must be " + expected + "; got "
                + (shown.length() > 64 ? shown.substring(0, 64) + "..." : shown));
    }
}
