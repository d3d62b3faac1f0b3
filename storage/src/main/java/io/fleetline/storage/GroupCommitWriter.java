package io.fleetline.storage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for a single-writer database (SQLite): one thread takes the write transactions that callers
 * queue, runs as many as are waiting inside one database transaction, each under its own savepoint, and
 * commits them with one sync. A unit that fails is rolled back to its savepoint alone; no caller is answered
 * before the commit that holds its unit is durable.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    /** Enough to amortise a sync; few enough that one batch stays short. */
    private static final int MAX_BATCH = 256;
    private static final int MAX_BUSY_ATTEMPTS = 5;
    private static final int SQLITE_BUSY = 5;

    private final Jdbi jdbi;
    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    GroupCommitWriter(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.thread = Thread.ofPlatform().name("fleetline-writer").daemon(true).start(this::loop);
    }

    /** Runs {@code work} in a committed transaction and answers its result, or throws what it threw. */
    <T> T write(Function<Handle, T> work) {
        if (closed) {
            throw new IllegalStateException("the database is closed");
        }
        Unit<T> unit = new Unit<>(work, new CompletableFuture<>());
        queue.add(unit);
        try {
            return unit.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a commit", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    private void loop() {
        List<Unit<?>> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            try {
                commit(batch);
            } catch (Throwable unexpected) {
                // the writer must outlive any one batch, or every later write would wait forever
                LOG.error("the writer failed on a batch", unexpected);
                batch.forEach(unit -> unit.result.completeExceptionally(unexpected));
            }
            batch.clear();
        }
        failLeftovers();
    }

    /**
     * Commits a batch. When the database is busy before the commit is issued (another process, a checkpoint),
     * the whole batch runs again: nothing of it was committed and no caller has been answered. Once COMMIT has
     * been sent its outcome may be unknown, so a failure then is reported to the callers, never re-run.
     */
    private void commit(List<Unit<?>> batch) {
        for (int attempt = 1; ; attempt++) {
            List<Runnable> answers = new ArrayList<>(batch.size());
            try (Handle handle = jdbi.open()) {
                try {
                    handle.begin();
                    for (int i = 0; i < batch.size(); i++) {
                        answers.add(runUnit(handle, batch.get(i), "unit" + i));
                    }
                } catch (RuntimeException e) {
                    handle.rollback();
                    if (isBusy(e) && attempt < MAX_BUSY_ATTEMPTS) {
                        LOG.debug("database busy, running a batch of {} writes again", batch.size());
                        continue;
                    }
                    throw e;
                }
                handle.commit();
                answers.forEach(Runnable::run);
                return;
            } catch (RuntimeException | Error e) {
                LOG.warn("a batch of {} writes failed: {}", batch.size(), String.valueOf(e));
                batch.forEach(unit -> unit.result.completeExceptionally(e));
                return;
            }
        }
    }

    /** Runs one unit under a savepoint; answers how to complete its caller once the batch is committed. */
    private static <T> Runnable runUnit(Handle handle, Unit<T> unit, String savepoint) {
        handle.savepoint(savepoint);
        try {
            T value = unit.work.apply(handle);
            handle.releaseSavepoint(savepoint);
            return () -> unit.result.complete(value);
        } catch (RuntimeException e) {
            if (isBusy(e)) {
                throw e;  // not this unit's fault: the whole batch runs again
            }
            // undoes this unit's writes only; the savepoint itself ends with the transaction
            handle.rollbackToSavepoint(savepoint);
            return () -> unit.result.completeExceptionally(e);
        }
    }

    private static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() & 0xff) == SQLITE_BUSY) {
                return true;
            }
        }
        return false;
    }

    private void failLeftovers() {
        for (Unit<?> left; (left = queue.poll()) != null; ) {
            left.result.completeExceptionally(new IllegalStateException("the database is closed"));
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failLeftovers();  // a write queued after the writer's last look at the queue
    }

    private record Unit<T>(Function<Handle, T> work, CompletableFuture<T> result) {
    }
}
