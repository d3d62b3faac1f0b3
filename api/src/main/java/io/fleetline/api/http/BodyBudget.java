package io.fleetline.api.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies the server may hold buffered at once, shared by every listener. Large bodies may take
 * no more than three quarters of it: the last quarter is kept for small ones (up to {@link #SMALL_BODY}, what nearly
 * every API call sends), so that large stalled bodies cannot shut out ordinary clients.
 */
final class BodyBudget {
    static final int SMALL_BODY = 64 * 1024;

    private final AtomicLong available;
    private final long keptForSmall;

    BodyBudget(long bytes) {
        this.available = new AtomicLong(bytes);
        this.keptForSmall = bytes / 4;
    }

    /**
     * Takes {@code bytes} from the budget when it has them; never blocks.
     *
     * @param small whether they are for a small body, which may take the budget's last quarter too
     */
    boolean tryTake(long bytes, boolean small) {
        long floor = small ? 0 : keptForSmall;
        long left;
        do {
            left = available.get();
            if (left - bytes < floor) {
                return false;
            }
        } while (!available.compareAndSet(left, left - bytes));
        return true;
    }

    void giveBack(long bytes) {
        available.addAndGet(bytes);
    }

    long available() {
        return available.get();
    }
}
