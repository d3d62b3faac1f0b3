package io.fleetline.api.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Timestamps as REST-XML carries them: in headers HTTP dates (RFC 9110's IMF-fixdate, {@code Mon, 01 Jan 2024
 * 00:00:00 GMT}, and the two obsolete forms recipients must still read), in XML and query strings ISO 8601 (written
 * with milliseconds, {@code 2024-01-01T00:00:00.000Z}), unless the shape's {@code timestampFormat} says otherwise.
 * In a bound input and in an output they are epoch seconds, a JSON number at millisecond resolution, as the IoT
 * binder and {@code Output.timestamp} have them.
 */
final class S3Timestamps {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final List<DateTimeFormatter> HTTP_DATES = List.of(
            IMF_FIXDATE,
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC));
    private static final DateTimeFormatter ISO_MILLIS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendFraction(ChronoField.MILLI_OF_SECOND, 3, 3, true)
            .appendLiteral('Z').toFormatter(Locale.ROOT).withZone(ZoneOffset.UTC);

    private S3Timestamps() {
    }

    /** Reads {@code text} in the wire format {@code format} ({@code rfc822}, {@code iso8601}, {@code unixTimestamp}). */
    static Optional<Instant> parse(String text, String format) {
        return switch (format) {
            case "rfc822" -> httpDate(text);
            case "unixTimestamp" -> epochSeconds(text);
            default -> iso8601(text);
        };
    }

    static String format(Instant instant, String format) {
        return switch (format) {
            case "rfc822" -> IMF_FIXDATE.format(instant);
            case "unixTimestamp" -> BigDecimal.valueOf(instant.toEpochMilli(), 3).stripTrailingZeros().toPlainString();
            default -> ISO_MILLIS.format(instant);
        };
    }

    /** Epoch seconds at millisecond resolution, as a bound input holds a timestamp. */
    static JsonNode node(Instant instant) {
        return NODES.numberNode(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }

    /** The instant an input or output member holds: epoch seconds, or an ISO 8601 text. */
    static Optional<Instant> of(JsonNode node) {
        if (node.isNumber()) {
            BigDecimal millis = node.decimalValue().movePointRight(3).setScale(0, RoundingMode.FLOOR);
            try {
                return Optional.of(Instant.ofEpochMilli(millis.longValueExact()));
            } catch (ArithmeticException | DateTimeException e) {
                return Optional.empty();
            }
        }
        return node.isTextual() ? iso8601(node.textValue()) : Optional.empty();
    }

    private static Optional<Instant> httpDate(String text) {
        for (DateTimeFormatter format : HTTP_DATES) {
            try {
                return Optional.of(Instant.from(format.parse(text.trim())));
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> iso8601(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> epochSeconds(String text) {
        try {
            return Optional.of(Instant.ofEpochMilli(new BigDecimal(text).movePointRight(3).longValueExact()));
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }
}
