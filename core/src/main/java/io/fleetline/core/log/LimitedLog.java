package io.fleetline.core.log;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Warnings and errors that a client's behaviour can cause, at most {@code perWindow} of them per window: what is past
 * that is counted, and the count is told with the first message of a later window. A hostile client can then neither
 * fill the disk nor bury a real fault under its own.
 */
public final class LimitedLog {
    private final Logger log;
    private final int perWindow;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong windowStart;
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    /** Up to 20 messages a minute. */
    public LimitedLog(Logger log) {
        this(log, 20, Duration.ofMinutes(1), System::nanoTime);
    }

    public LimitedLog(Logger log, int perWindow, Duration window, LongSupplier nanoTime) {
        this.log = log;
        this.perWindow = perWindow;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.windowStart = new AtomicLong(nanoTime.getAsLong());
    }

    /** Logs at WARN unless the window's messages are spent; arguments as slf4j takes them (a throwable last). */
    public void warn(String format, Object... arguments) {
        if (admit()) {
            log.warn(format, arguments);
        }
    }

    /** Logs at ERROR unless the window's messages are spent; arguments as slf4j takes them (a throwable last). */
    public void error(String format, Object... arguments) {
        if (admit()) {
            log.error(format, arguments);
        }
    }

    private boolean admit() {
        long now = nanoTime.getAsLong();
        long start = windowStart.get();
        if (now - start >= windowNanos && windowStart.compareAndSet(start, now)) {
            inWindow.set(0);
            long missed = suppressed.getAndSet(0);
            if (missed > 0) {
                log.warn("{} more messages of this kind were not logged in the last {} s", missed,
                        windowNanos / 1_000_000_000L);
            }
        }
        if (inWindow.incrementAndGet() <= perWindow) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }
}
