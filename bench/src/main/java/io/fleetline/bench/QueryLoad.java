package io.fleetline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop clients: each sends its request, waits for the answer and sends the next, first for a warm-up that is
 * not counted, then for the measured seconds. Each client is made (and connects) before the clock starts.
 */
final class QueryLoad {
    private QueryLoad() {
    }

    /** One client's connection and request. */
    interface Client {
        void send() throws Exception;

        default void disconnect() throws Exception {
        }
    }

    static LatencyRecorder.Summary run(int clients, int warmUpSeconds, int seconds, Callable<Client> newClient)
            throws Exception {
        List<Client> made = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            made.add(newClient.call());
        }
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmUpSeconds);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        for (Client client : made) {
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            threads.add(Thread.ofPlatform().start(() -> loop(client, recorder, go, measureFrom, end)));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        for (Client client : made) {
            client.disconnect();
        }
        return LatencyRecorder.summarize(recorders, (System.nanoTime() - measureFrom) / 1e9);
    }

    private static void loop(Client client, LatencyRecorder recorder, CountDownLatch go, long measureFrom, long end) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            long t0 = System.nanoTime();
            try {
                client.send();
            } catch (Exception e) {
                if (t0 >= measureFrom) {
                    recorder.fail(e instanceof RuntimeException r ? r : new IllegalStateException(e));
                }
                continue;
            }
            if (t0 >= measureFrom) {
                recorder.record(System.nanoTime() - t0);
            }
        }
    }
}
