package io.fleetline.api.http;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;

/** Waiting, on a request's own thread, for the next bytes of its body: what buffered and streamed bodies share. */
final class ContentDemand {
    private ContentDemand() {
    }

    /**
     * Asks Jetty for more of the body and waits until some arrived (or the body ended or failed, which the next read
     * tells), at most until {@code deadline} ({@link System#nanoTime()}).
     *
     * @return false when the deadline passed first
     */
    static boolean await(Request request, long deadline) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(1);
        request.demand(ready::countDown);
        long left = deadline - System.nanoTime();
        return left > 0 && ready.await(left, TimeUnit.NANOSECONDS);
    }
}
