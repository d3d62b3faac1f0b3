package io.fleetline.api.http;

import java.util.concurrent.atomic.AtomicLong;

/** The bytes of request bodies the server may hold buffered at once, shared by every listener. */
final class BodyBudget {
    private final AtomicLong available;

    BodyBudget(long bytes) {
        this.available = new AtomicLong(bytes);
    }

    /** Takes {@code bytes} from the budget when it has them; never blocks. */
    boolean tryTake(long bytes) {
        long left;
        do {
            left = available.get();
            if (left < bytes) {
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
