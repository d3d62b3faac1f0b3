package io.fleetline.jobs.job;

import io.fleetline.core.error.FleetlineException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS's StringDateTime, the form of a scheduling start or end time: {@code YYYY-MM-DDTHH:MM}, seconds and a zone
 * optional; UTC when no zone is given. Like every AWS timestamp it lies in the years 0001 to 9999 (Smithy's range),
 * so the year has four ASCII digits.
 */
final class ScheduleTime {
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("[0-9]{4}-");
    private static final Instant FIRST_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant END_OF_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    private ScheduleTime() {
    }

    /** The instant {@code text} names, or {@code InvalidRequestException} naming {@code schedulingConfig.member}. */
    static Instant parse(String text, String member) {
        Optional<Instant> time = FOUR_DIGIT_YEAR.matcher(text).lookingAt() ? parse(text) : Optional.empty();
        return time.filter(t -> !t.isBefore(FIRST_TIME) && t.isBefore(END_OF_TIME))
                .orElseThrow(() -> FleetlineException.invalid("schedulingConfig." + member
                        + " must be a date and time like 2024-05-01T12:30, in the years 0001 to 9999; got " + text));
    }

    private static Optional<Instant> parse(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException withoutZone) {
            try {
                return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
