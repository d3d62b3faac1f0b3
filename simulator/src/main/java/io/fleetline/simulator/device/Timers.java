package io.fleetline.simulator.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulation's timers, on its clock: a device that boots in 2 s or comes back online in 15 min does so when the
 * clock says so, whether it is the system clock or a test's manual one. A sweep looks at the clock every
 * {@code resolution} and runs what is due on virtual threads (booting an agent blocks on its connection).
 */
public final class Timers implements AutoCloseable {
    private record Due(Instant at, long order, Runnable action) {
    }

    private final Clock clock;
    private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
            ? Long.compare(a.order(), b.order()) : a.at().compareTo(b.at()));
    private final AtomicLong order = new AtomicLong();
    private final ScheduledExecutorService sweeper;
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();

    public Timers(Clock clock, Duration resolution) {
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "simulator-timers");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 0, resolution.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code action} once the clock reaches {@code delay} from now (at once for zero). */
    public void after(Duration delay, Runnable action) {
        at(clock.instant().plus(delay), action);
    }

    /** Runs {@code action} once the clock reaches {@code time} (at once when it has). */
    public void at(Instant time, Runnable action) {
        if (sweeper.isShutdown()) {
            return;  // the simulation is over: nothing boots any more
        }
        synchronized (queue) {
            queue.add(new Due(time, order.incrementAndGet(), action));
        }
        if (!time.isAfter(clock.instant())) {
            sweeper.execute(this::sweep);
        }
    }

    /** The simulation's time now. */
    public Instant now() {
        return clock.instant();
    }

    /** How many timers are waiting. */
    public int pending() {
        synchronized (queue) {
            return queue.size();
        }
    }

    private void sweep() {
        Instant now = clock.instant();
        while (true) {
            Due due;
            synchronized (queue) {
                if (queue.isEmpty() || queue.peek().at().isAfter(now)) {
                    return;
                }
                due = queue.poll();
            }
            if (!runner.isShutdown()) {
                runner.execute(due.action());
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        runner.shutdownNow();
    }
}
