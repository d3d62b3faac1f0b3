package io.fleetline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient;

/**
 * Devices beyond what the machine holds as MQTT connections run their job over the jobs data plane (HTTPS, SigV4):
 * start-next, IN_PROGRESS, SUCCEEDED. Each worker thread takes the next device of the range in turn; a device whose
 * execution is not released yet is tried again later.
 */
final class HttpsJobWorkers {
    private HttpsJobWorkers() {
    }

    /** Runs devices {@code from} to {@code to - 1} on {@code workers} threads until each has succeeded. */
    static List<Thread> start(IotJobsDataPlaneClient data, String jobId, int from, int to, int workers,
                              IntConsumer completed) {
        AtomicInteger next = new AtomicInteger(from);
        java.util.concurrent.ConcurrentLinkedQueue<Integer> retry = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().name("https-device-" + w).start(() -> {
                while (true) {
                    Integer device = retry.poll();
                    if (device == null) {
                        int taken = next.getAndIncrement();
                        if (taken >= to) {
                            if (retry.isEmpty()) {
                                return;
                            }
                            continue;
                        }
                        device = taken;
                    }
                    if (!runOnce(data, jobId, FleetRows.thing(device))) {
                        retry.add(device);
                        pause();
                        continue;
                    }
                    completed.accept(device);
                }
            }));
        }
        return threads;
    }

    private static boolean runOnce(IotJobsDataPlaneClient data, String jobId, String thing) {
        var started = data.startNextPendingJobExecution(r -> r.thingName(thing));
        if (started.execution() == null) {
            return false;  // not released yet
        }
        data.updateJobExecution(r -> r.thingName(thing).jobId(jobId).status("IN_PROGRESS")
                .statusDetails(java.util.Map.of("step", "installing")));
        data.updateJobExecution(r -> r.thingName(thing).jobId(jobId).status("SUCCEEDED"));
        return true;
    }

    private static void pause() {
        try {
            Thread.sleep(20);  // a device polling for its job, not a wait on another thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
