package io.fleetline.jobs.job;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronConstraintsFactory;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.fleetline.core.error.FleetlineException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * AWS's cron syntax for maintenance windows, {@code cron(Minutes Hours Day-of-month Month Day-of-week Year)} in
 * UTC, as EventBridge and Jobs use it: {@code ?} for one of the two day fields, {@code L}, {@code W}, {@code #},
 * days of the week 1-7 from Sunday or SUN-SAT. The {@code cron(...)} wrapper is optional.
 */
final class MaintenanceCron {
    private static final CronDefinition AWS = CronDefinitionBuilder.defineCron()
            .withMinutes().and()
            .withHours().and()
            .withDayOfMonth().supportsL().supportsW().supportsLW().supportsQuestionMark().and()
            .withMonth().and()
            .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL()
            .supportsQuestionMark().and()
            .withYear().withValidRange(1970, 2199).and()
            .withCronValidation(CronConstraintsFactory.ensureEitherDayOfWeekOrDayOfMonth())
            .instance();
    private static final CronParser PARSER = new CronParser(AWS);

    private MaintenanceCron() {
    }

    static ExecutionTime parse(String expression) {
        String body = expression.trim();
        if (body.startsWith("cron(") && body.endsWith(")")) {
            body = body.substring("cron(".length(), body.length() - 1).trim();
        }
        try {
            Cron cron = PARSER.parse(body);
            cron.validate();
            return ExecutionTime.forCron(cron);
        } catch (IllegalArgumentException e) {
            throw FleetlineException.invalid("Invalid maintenance window cron expression '" + expression + "': "
                    + e.getMessage());
        }
    }

    /** Whether a window that starts on {@code expression} and lasts {@code duration} is open at {@code at}. */
    static boolean isOpen(String expression, Duration duration, Instant at) {
        ExecutionTime times = parse(expression);
        ZonedDateTime now = at.atZone(ZoneOffset.UTC);
        if (times.isMatch(now.withSecond(0).withNano(0))) {
            return true;
        }
        Optional<ZonedDateTime> last = times.lastExecution(now);
        return last.isPresent() && now.isBefore(last.get().plus(duration));
    }

    /** The next {@code count} window starts after {@code at}. */
    static List<Instant> nextStarts(String expression, Instant at, int count) {
        ExecutionTime times = parse(expression);
        List<Instant> starts = new ArrayList<>();
        ZonedDateTime from = at.atZone(ZoneOffset.UTC);
        for (int i = 0; i < count; i++) {
            Optional<ZonedDateTime> next = times.nextExecution(from);
            if (next.isEmpty()) {
                break;
            }
            starts.add(next.get().toInstant());
            from = next.get();
        }
        return starts;
    }
}
