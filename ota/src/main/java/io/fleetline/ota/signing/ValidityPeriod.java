package io.fleetline.ota.signing;

import io.fleetline.core.error.FleetlineException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * How long the signatures of a profile's jobs are valid: a number of days, months or years, 135 months at most
 * (AWS Signer's default and its longest).
 */
public record ValidityPeriod(int value, Unit unit) {
    public static final ValidityPeriod DEFAULT = new ValidityPeriod(135, Unit.MONTHS);

    /** AWS Signer's validity types. */
    public enum Unit {
        DAYS(ChronoUnit.DAYS),
        MONTHS(ChronoUnit.MONTHS),
        YEARS(ChronoUnit.YEARS);

        private final ChronoUnit chrono;

        Unit(ChronoUnit chrono) {
            this.chrono = chrono;
        }
    }

    /** A period as a request gives it; zero, negative or longer than 135 months is {@code ValidationException}. */
    public static ValidityPeriod of(int value, Unit unit) {
        ValidityPeriod period = new ValidityPeriod(value, unit);
        Instant epoch = Instant.EPOCH;
        if (value < 1 || period.after(epoch).isAfter(DEFAULT.after(epoch))) {
            throw FleetlineException.invalid("The signature validity period must be 1 day to 135 months: " + value
                    + " " + unit);
        }
        return period;
    }

    /** When a signature made at {@code start} expires. */
    public Instant after(Instant start) {
        return start.atOffset(ZoneOffset.UTC).plus(value, unit.chrono).toInstant();
    }
}
