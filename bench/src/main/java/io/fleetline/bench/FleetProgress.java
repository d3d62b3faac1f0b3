package io.fleetline.bench;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobProcessDetails;

/** Prints the server's counts of a running update's executions every ten seconds, to watch a long run. */
final class FleetProgress implements AutoCloseable {
    private static final long EVERY_SECONDS = 10;

    private final IotClient iot;
    private final ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-progress");
        t.setDaemon(true);
        return t;
    });

    FleetProgress(IotClient iot) {
        this.iot = iot;
    }

    void watch(String jobId) {
        long start = System.nanoTime();
        every.scheduleAtFixedRate(() -> {
            try {
                JobProcessDetails d = iot.describeJob(r -> r.jobId(jobId)).job().jobProcessDetails();
                System.out.printf(Locale.ROOT, "  %4.0f s: queued %,d, in progress %,d, succeeded %,d, failed %,d,"
                                + " timed out %,d (load average %s)%n", (System.nanoTime() - start) / 1e9,
                        d.numberOfQueuedThings(), d.numberOfInProgressThings(), d.numberOfSucceededThings(),
                        d.numberOfFailedThings(), d.numberOfTimedOutThings(), FleetSampler.loadAverage());
            } catch (RuntimeException e) {
                System.out.println("  (the job's counts: " + e + ")");
            }
        }, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        every.shutdownNow();
    }
}
