package io.fleetline.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StateGateTest {
    private final StateGate gate = new StateGate();
    private final List<String> order = new CopyOnWriteArrayList<>();

    @Test
    void a_reset_waits_for_the_work_in_flight_and_work_arriving_meanwhile_waits_for_the_reset() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread request = Thread.ofVirtual().start(() -> gate.shared(() -> {
            order.add("request starts");
            inFlight.countDown();
            await(finish);
            order.add("request ends");
        }));
        inFlight.await(10, TimeUnit.SECONDS);
        Thread reset = Thread.ofVirtual().start(() -> gate.exclusive(() -> order.add("reset")));
        waitUntilBlockedOrDone(reset);  // the reset queues behind the request

        Thread later = Thread.ofVirtual().start(() -> gate.shared(() -> order.add("later request")));
        waitUntilBlockedOrDone(later);  // the later request queues behind the reset: the lock is fair

        finish.countDown();
        for (Thread t : List.of(request, reset, later)) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(order).containsExactly("request starts", "request ends", "reset", "later request");
    }

    @Test
    void shared_work_runs_side_by_side() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        Thread a = Thread.ofVirtual().start(() -> gate.shared(() -> {
            both.countDown();
            await(both);
        }));
        Thread b = Thread.ofVirtual().start(() -> gate.shared(() -> {
            both.countDown();
            await(both);
        }));
        a.join(TimeUnit.SECONDS.toMillis(10));
        b.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(both.getCount()).isZero();
    }

    /** Whether it blocked or (a broken gate) ran through, the order recorded tells. */
    private static void waitUntilBlockedOrDone(Thread thread) {
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
