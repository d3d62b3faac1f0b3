package io.fleetline.core.state;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Lets a reset of all state run alone. Every request, device message and engine tick passes the gate shared, so
 * many run at once; a reset passes it exclusively, so it waits for the work in flight to finish and the work that
 * arrives meanwhile waits for the reset. A request thus sees the state wholly before or wholly after a reset, and
 * nothing written half-way through a reset survives it. The lock is fair so a reset is not starved by a busy fleet.
 */
public final class StateGate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    public <T> T shared(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    public void shared(Runnable work) {
        shared(() -> {
            work.run();
            return null;
        });
    }

    public void exclusive(Runnable work) {
        lock.writeLock().lock();
        try {
            work.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
