package io.fleetline.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * An open, migrated database with the connection pools Fleetline uses on it.
 *
 * <p>SQLite allows one writer at a time, so writes go through a single connection (no lock fights, no
 * {@code SQLITE_BUSY}) while reads use a small pool that WAL lets run beside the writer. Commits are
 * {@code synchronous=FULL}: a transaction is on disk before the caller is answered. PostgreSQL uses one pool
 * and SERIALIZABLE transactions (but for {@link #writeLockingRows}), retried when the database reports a
 * serialization conflict.
 */
public final class Database implements AutoCloseable {
    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01", "23505");
    private static final int MAX_ATTEMPTS = 30;
    private static final Pattern PG_SCHEMA = Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)");

    private final Dialect dialect;
    private final HikariDataSource writePool;
    private final HikariDataSource readPool;
    private final Jdbi writer;
    private final Jdbi reader;
    private final GroupCommitWriter groupCommit;
    private final DatabaseMonitor.TransactionListener transactions;

    private Database(Dialect dialect, HikariDataSource writePool, HikariDataSource readPool,
                     DatabaseMonitor.TransactionListener transactions) {
        this.dialect = dialect;
        this.transactions = transactions;
        this.writePool = writePool;
        this.readPool = readPool;
        this.writer = Jdbi.create(writePool);
        this.reader = readPool == writePool ? writer : Jdbi.create(readPool);
        // SQLite has one writer and pays one sync per commit: batching commits is what makes writes scale
        this.groupCommit = dialect == Dialect.SQLITE ? new GroupCommitWriter(writer) : null;
    }

    /** Opens the database at {@code jdbcUrl} and brings its schema up to date. */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, 2, DatabaseMonitor.NONE);
    }

    /** {@link #open(String)}, telling {@code monitor} about its transactions and pools. */
    public static Database open(String jdbcUrl, DatabaseMonitor monitor) {
        return open(jdbcUrl, 2, monitor);
    }

    /**
     * {@link #open}, keeping no connection open while the database is idle: for databases that may be many and
     * mostly quiet, as a permissive server's other accounts are (PostgreSQL's connections are a shared budget).
     */
    public static Database openOnDemand(String jdbcUrl) {
        return open(jdbcUrl, 0, DatabaseMonitor.NONE);
    }

    /** {@link #openOnDemand(String)}, telling {@code monitor} about its transactions and pools. */
    public static Database openOnDemand(String jdbcUrl, DatabaseMonitor monitor) {
        return open(jdbcUrl, 0, monitor);
    }

    private static Database open(String jdbcUrl, int idleConnections, DatabaseMonitor monitor) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariDataSource writePool = null;
        try {
            if (dialect == Dialect.SQLITE) {
                createParentDirectory(jdbcUrl);
                writePool = pool(jdbcUrl, dialect, "fleetline-write", 1, idleConnections, monitor);
                return migrated(new Database(dialect, writePool, pool(jdbcUrl, dialect, "fleetline-read", 4,
                        idleConnections, monitor), monitor.transactions()));
            }
            createSchemaIfNamed(jdbcUrl);
            writePool = pool(jdbcUrl, dialect, "fleetline", 16, idleConnections, monitor);
            return migrated(new Database(dialect, writePool, writePool, monitor.transactions()));
        } catch (RuntimeException | SQLException e) {
            if (writePool != null) {
                writePool.close();
            }
            throw new StorageException("cannot open database " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in a write transaction, committed durably before this returns. On SQLite it may share
     * the commit with other writers' work (group commit); on PostgreSQL it is retried on serialization
     * conflicts. Either way it must not keep state outside the handle between attempts.
     */
    public <T> T write(Function<Handle, T> work) {
        return timed(DatabaseMonitor.Kind.WRITE, () -> {
            if (groupCommit != null) {
                return groupCommit.write(work);
            }
            return retried(handle -> {
                isolation(handle, "SERIALIZABLE");
                return work.apply(handle);
            });
        });
    }

    /**
     * {@link #write} for work that locks the rows it reads before it changes them ({@code SELECT ... FOR UPDATE}):
     * on PostgreSQL it runs READ COMMITTED, so that transactions on different rows never conflict, as SERIALIZABLE's
     * page-level predicate locks make them do on neighbouring rows. Work that reads without locking sees what was
     * committed when it reads.
     */
    public <T> T writeLockingRows(Function<Handle, T> work) {
        return timed(DatabaseMonitor.Kind.WRITE, () -> {
            if (groupCommit != null) {
                return groupCommit.write(work);
            }
            return retried(work);  // READ COMMITTED is the pool's level: no statement to set it
        });
    }

    /** Runs {@code transaction} and tells the monitor how long its caller waited, failed or not. */
    private <T> T timed(DatabaseMonitor.Kind kind, Supplier<T> transaction) {
        long started = System.nanoTime();
        boolean failed = true;
        try {
            T value = transaction.get();
            failed = false;
            return value;
        } finally {
            transactions.transaction(kind, System.nanoTime() - started, failed);
        }
    }

    /** A PostgreSQL transaction, retried on serialization failures, deadlocks and unique violations. */
    private <T> T retried(Function<Handle, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return writer.inTransaction(work::apply);
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /** Sets this transaction's isolation level; its first statement, so sent together with the BEGIN. */
    private static void isolation(Handle handle, String level) {
        try (Statement set = handle.getConnection().createStatement()) {
            set.execute("SET TRANSACTION ISOLATION LEVEL " + level);
        } catch (SQLException e) {
            throw new StorageException("cannot set the isolation level " + level + ": " + e.getMessage(), e);
        }
    }

    /** Spreads out transactions that keep colliding on one row, so they stop colliding. */
    private static void backOff(int attempt) {
        long ceilingMicros = Math.min(50_000, 100L << Math.min(attempt, 9));
        try {
            Thread.sleep(java.time.Duration.ofNanos(1000 * ThreadLocalRandom.current().nextLong(ceilingMicros)));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", interrupted);
        }
    }

    /** Runs read-only {@code work} in a transaction of its own (a consistent snapshot). */
    public <T> T read(Function<Handle, T> work) {
        return timed(DatabaseMonitor.Kind.READ, () -> readRetried(work));
    }

    private <T> T readRetried(Function<Handle, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                // PostgreSQL's default gives each statement its own snapshot; a read must see one state throughout
                return dialect == Dialect.POSTGRESQL
                        ? reader.inTransaction(handle -> {
                            isolation(handle, "REPEATABLE READ");
                            return work.apply(handle);
                        })
                        : reader.inTransaction(work::apply);
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /**
     * Deletes every row of every table but the schema history and {@code keep}, in one transaction: afterwards the
     * database holds what a fresh start would, apart from what was kept (the access keys).
     */
    public void wipe(Set<String> keep) {
        write(handle -> {
            List<String> tables = handle.createQuery(dialect == Dialect.SQLITE
                            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                            : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                    .mapTo(String.class).list().stream()
                    .filter(t -> !t.equalsIgnoreCase("flyway_schema_history") && !keep.contains(t)).toList();
            if (dialect == Dialect.POSTGRESQL && !tables.isEmpty()) {
                handle.execute("TRUNCATE TABLE " + String.join(", ", tables));
            } else {
                tables.forEach(t -> handle.execute("DELETE FROM " + t));
            }
            return tables.size();
        });
    }

    @Override
    public void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
        if (readPool != writePool) {
            readPool.close();
        }
        writePool.close();
    }

    /** Migrates a just-opened database, closing all of it (pools, writer thread) when that fails. */
    private static Database migrated(Database db) {
        try {
            db.migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(writePool)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load()
                .migrate();
    }

    private static HikariDataSource pool(String url, Dialect dialect, String name, int size, int idle,
                                         DatabaseMonitor monitor) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        monitor.pools().ifPresent(config::setMetricsTrackerFactory);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, idle));
        config.setConnectionTimeout(10_000);
        if (dialect == Dialect.POSTGRESQL) {
            // READ COMMITTED, PostgreSQL's own default, is the level of the busiest transactions (a device's job
            // requests, which lock what they change); every other write asks for SERIALIZABLE and every read for
            // REPEATABLE READ with its first statement. Setting the level through JDBC instead made the driver and
            // Jdbi send four statements around each transaction (set, restore, read back twice).
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        }
        if (dialect == Dialect.SQLITE) {
            if (size == 1) {
                // the writer takes the write lock at BEGIN, where SQLite waits for it (busy_timeout); a
                // deferred transaction upgrading mid-way fails at once with SQLITE_BUSY instead
                config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            }
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", "30000");
        }
        return new HikariDataSource(config);
    }

    private static void createParentDirectory(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file::memory:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StorageException("cannot create directory " + parent, e);
        }
    }

    /** PostgreSQL does not create the schema a URL names; tests and tenants each get their own. */
    private static void createSchemaIfNamed(String url) throws SQLException {
        Matcher schema = PG_SCHEMA.matcher(url);
        if (!schema.find()) {
            return;
        }
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema.group(1));
        }
    }

    private static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && RETRYABLE_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse(root.getClass().getSimpleName());
    }

    private static String redact(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }
}
