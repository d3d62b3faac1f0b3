package io.fleetline.simulator.profile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The scalars of a profile: percentages, durations, byte sizes, integers; each refused with its place when wrong. */
final class ProfileValues {
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,4})?)\\s*%");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB)?");

    private ProfileValues() {
    }

    /** {@code 12.5%}: a number of percent with the sign, from 0% to 100%. */
    static BigDecimal percent(String at, Object value) {
        Matcher m = PERCENT.matcher(String.valueOf(value).strip());
        if (!(value instanceof String) || !m.matches()) {
            throw new ProfileException(at + ": '" + value + "' is not a share; write a percentage, e.g. 5% or 12.5%");
        }
        BigDecimal percent = new BigDecimal(m.group(1));
        if (percent.compareTo(FaultProfile.ALL) > 0) {
            throw new ProfileException(at + ": " + value + " is more than 100%");
        }
        return percent;
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, or their sums ({@code 1m30s}). */
    static Duration duration(String at, Object value) {
        String text = value instanceof String s ? s.strip() : "";
        Matcher m = DURATION.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            total = total.plus(unit(Long.parseLong(m.group(1)), m.group(2)));
            end = m.end();
        }
        if (text.isEmpty() || end != text.length()) {
            throw new ProfileException(at + ": '" + value + "' is not a duration; write e.g. 500ms, 30s, 10m, 1h30m");
        }
        return total;
    }

    private static Duration unit(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** A number of bytes: {@code 4096}, {@code 64KiB}, {@code 1MiB}; at least {@code min}. */
    static long size(String at, Object value, long min) {
        Matcher m = SIZE.matcher(String.valueOf(value).strip());
        boolean scalar = value instanceof String || value instanceof Integer || value instanceof Long;
        if (!scalar || !m.matches()) {
            throw new ProfileException(at + ": '" + value + "' is not a size; write bytes, e.g. 4096, 64KiB or 1MiB");
        }
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit.toUpperCase(Locale.ROOT)) {
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            default -> 1;
        };
        long bytes = Long.parseLong(m.group(1)) * factor;
        if (bytes < min) {
            throw new ProfileException(at + ": must be at least " + min);
        }
        return bytes;
    }

    /** A whole number. */
    static long integer(String at, Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new ProfileException(at + ": '" + value + "' is not a whole number");
    }
}
