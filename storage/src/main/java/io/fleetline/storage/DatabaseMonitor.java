package io.fleetline.storage;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.util.Optional;

/**
 * What a {@link Database} tells about itself while it runs: how long each transaction took, as its caller waited for
 * it (a group commit's wait and a retried transaction's attempts included), and, for the pools, HikariCP's own
 * tracker (the server hands it Micrometer's). Storage knows no metrics library; the server binds this to its own.
 *
 * @param transactions told of every transaction, on the caller's thread once it ended; quick, and never throwing
 * @param pools        HikariCP's metrics of the database's connection pools, when they are wanted
 */
public record DatabaseMonitor(TransactionListener transactions, Optional<MetricsTrackerFactory> pools) {
    /** Tells nothing. */
    public static final DatabaseMonitor NONE = new DatabaseMonitor((kind, nanos, failed) -> { }, Optional.empty());

    /** Hears of each transaction of a {@link Database}. */
    @FunctionalInterface
    public interface TransactionListener {
        /**
         * @param kind   a write ({@link Database#write}, {@link Database#writeLockingRows}) or a read
         * @param nanos  how long the caller waited for it
         * @param failed whether it ended by an exception (a rollback)
         */
        void transaction(Kind kind, long nanos, boolean failed);
    }

    /** A transaction's kind. */
    public enum Kind {
        READ, WRITE
    }
}
