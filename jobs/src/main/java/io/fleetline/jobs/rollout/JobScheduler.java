package io.fleetline.jobs.rollout;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the engine's {@link JobEngine#tick()} on a single thread: every {@code interval}, and soon after
 * {@link #wake()} (a job was created or an execution ended). Wakes that arrive while a tick runs fold into one more.
 */
public final class JobScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
    private final Runnable tick;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleetline-jobs");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean woken = new AtomicBoolean();

    /** @param tick the engine's tick, perhaps wrapped (the server runs it through its state gate) */
    public JobScheduler(Runnable tick, Duration interval) {
        this.tick = tick;
        thread.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void wake() {
        if (woken.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    woken.set(false);
                    tick();
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                woken.set(false);  // shutting down: the next start ticks anyway
            }
        }
    }

    private void tick() {
        try {
            tick.run();
        } catch (RuntimeException e) {
            LOG.error("jobs tick failed; the next one retries", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
