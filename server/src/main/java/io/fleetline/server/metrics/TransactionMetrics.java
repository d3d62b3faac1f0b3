package io.fleetline.server.metrics;

import io.fleetline.storage.DatabaseMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code fleetline_db_transactions_seconds}: every database transaction as its caller waited for it, by kind (read,
 * write) and outcome (committed, failed), with a latency histogram from 1 ms to 5 s.
 */
final class TransactionMetrics implements DatabaseMonitor.TransactionListener {
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};
    /** By kind, then failed (1) or not (0). */
    private final Timer[][] timers = new Timer[DatabaseMonitor.Kind.values().length][2];

    TransactionMetrics(MeterRegistry registry) {
        for (DatabaseMonitor.Kind kind : DatabaseMonitor.Kind.values()) {
            for (int failed = 0; failed < 2; failed++) {
                timers[kind.ordinal()][failed] = Timer.builder("fleetline.db.transactions")
                        .description("Database transactions as their callers waited for them, by kind and outcome")
                        .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                        .tag("outcome", failed == 1 ? "failed" : "committed")
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry);
            }
        }
    }

    @Override
    public void transaction(DatabaseMonitor.Kind kind, long nanos, boolean failed) {
        timers[kind.ordinal()][failed ? 1 : 0].record(nanos, TimeUnit.NANOSECONDS);
    }
}
