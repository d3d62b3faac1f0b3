package io.fleetline.api.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timestamps as Smithy defines them (its "Defining Smithy Timestamps" design, which the AWS SDKs follow): instants
 * from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z at millisecond resolution, finer digits dropped. On the wire
 * they are epoch seconds, a fraction allowed, or RFC 3339 date-times; both are read here, with ASCII digits only.
 */
public final class Timestamps {
    /** What a timestamp outside the range is told, in the validator's words. */
    static final String RANGE = "Member must be a timestamp from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z";

    private static final BigDecimal FIRST = BigDecimal.valueOf(-62_135_596_800L);
    /** 10000-01-01T00:00:00Z, the first instant past the range. */
    private static final BigDecimal END = BigDecimal.valueOf(253_402_300_800L);
    private static final Pattern EPOCH_SECONDS = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,30})?");
    // RFC 3339's date-time (optional fraction, Z or a numeric offset), years past four digits read to be told apart
    // from text that is no date at all: they are out of range
    private static final Pattern DATE_TIME = Pattern.compile(
            "([0-9]{4,9})(-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2})(\\.[0-9]{1,30})?([Zz]|[+-][0-9]{2}:[0-9]{2})");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Timestamps() {
    }

    /** The epoch seconds {@code text} names, as epoch seconds or an RFC 3339 date-time; empty when it is neither. */
    static Optional<BigDecimal> parse(String text) {
        if (EPOCH_SECONDS.matcher(text).matches()) {
            return Optional.of(new BigDecimal(text));
        }
        Matcher m = DATE_TIME.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            String year = m.group(1).length() > 4 ? "+" + m.group(1) : m.group(1);  // ISO's form of a long year
            long seconds = OffsetDateTime.parse((year + m.group(2) + m.group(4)).toUpperCase(Locale.ROOT)).toEpochSecond();
            BigDecimal fraction = m.group(3) == null ? BigDecimal.ZERO : new BigDecimal("0" + m.group(3));
            return Optional.of(BigDecimal.valueOf(seconds).add(fraction));
        } catch (DateTimeException e) {
            return Optional.empty();  // a 13th month, a 61st second, an offset past 18 hours
        }
    }

    /**
     * The instant a validated timestamp member holds (epoch seconds as a number, or text in either form), at
     * millisecond resolution; empty when it holds none.
     */
    public static Optional<Instant> instant(JsonNode value) {
        Optional<BigDecimal> seconds = value.isNumber() ? Optional.of(value.decimalValue())
                : value.isTextual() ? parse(value.textValue()) : Optional.empty();
        return seconds.filter(Timestamps::inRange).map(s -> Instant.ofEpochMilli(
                s.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact()));
    }

    static boolean inRange(BigDecimal epochSeconds) {
        return epochSeconds.compareTo(FIRST) >= 0 && epochSeconds.compareTo(END) < 0;
    }

    /** Epoch seconds {@linkplain #inRange in range} as a JSON number at millisecond resolution: whole seconds stay whole. */
    static JsonNode node(BigDecimal epochSeconds) {
        BigDecimal millis = epochSeconds.setScale(3, RoundingMode.FLOOR);
        return millis.stripTrailingZeros().scale() <= 0
                ? NODES.numberNode(millis.longValueExact())
                : NODES.numberNode(millis.stripTrailingZeros());
    }
}
