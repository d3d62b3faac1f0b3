package io.fleetline.bench;

import java.time.Duration;

/**
 * CPU time the broker process and this JVM (the load generator) used over a stretch of wall time. Both share
 * the machine's cores, so a broker that needs less CPU per message leaves more to the load generator.
 *
 * @param brokerSeconds CPU seconds of the broker process (all its threads)
 * @param loadSeconds   CPU seconds of this JVM
 * @param wallSeconds   elapsed time
 */
record CpuUse(double brokerSeconds, double loadSeconds, double wallSeconds) {

    /** Broker CPU as a percentage of one core. */
    double brokerPercent() {
        return 100 * brokerSeconds / wallSeconds;
    }

    /** Load generator CPU as a percentage of one core. */
    double loadPercent() {
        return 100 * loadSeconds / wallSeconds;
    }

    static Meter start(ProcessHandle broker) {
        return new Meter(broker, cpu(broker), cpu(ProcessHandle.current()), System.nanoTime());
    }

    private static double cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
    }

    /** A measurement in progress. */
    record Meter(ProcessHandle broker, double brokerStart, double loadStart, long wallStart) {
        CpuUse stop() {
            return new CpuUse(cpu(broker) - brokerStart, cpu(ProcessHandle.current()) - loadStart,
                    (System.nanoTime() - wallStart) / 1e9);
        }
    }
}
