package io.fleetline.bench;

import java.time.Duration;

/**
 * CPU time the broker process and this JVM (the load generator) used over a stretch of wall time. Both share
 * the machine's cores, so a broker that needs less CPU per message leaves more to the load generator. The machine's
 * busy time and PostgreSQL's processes are measured too, to tell a run limited by CPU from one that waits.
 *
 * @param brokerSeconds   CPU seconds of the broker process (all its threads)
 * @param loadSeconds     CPU seconds of this JVM
 * @param wallSeconds     elapsed time
 * @param machineSeconds  CPU seconds all the machine's cores were busy (from /proc/stat; 0 where there is none)
 * @param postgresSeconds CPU seconds of the processes named postgres (their backends serve the server's pool)
 */
record CpuUse(double brokerSeconds, double loadSeconds, double wallSeconds, double machineSeconds,
              double postgresSeconds) {

    /** Broker CPU as a percentage of one core. */
    double brokerPercent() {
        return 100 * brokerSeconds / wallSeconds;
    }

    /** Load generator CPU as a percentage of one core. */
    double loadPercent() {
        return 100 * loadSeconds / wallSeconds;
    }

    /** The machine's busy time as a percentage of one core (200% is a 2-core machine fully busy). */
    double machinePercent() {
        return 100 * machineSeconds / wallSeconds;
    }

    /** PostgreSQL's CPU as a percentage of one core. */
    double postgresPercent() {
        return 100 * postgresSeconds / wallSeconds;
    }

    static Meter start(ProcessHandle broker) {
        return new Meter(broker, cpu(broker), cpu(ProcessHandle.current()), System.nanoTime(), machineBusy(),
                postgres());
    }

    /** Seconds of busy CPU the machine's cores have had since boot: /proc/stat less idle and iowait. */
    static double machineBusy() {
        try {
            String[] fields = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim()
                    .split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                if (i != 4 && i != 5) {  // idle, iowait
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / 100.0;  // USER_HZ, 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double postgres() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false)
                        || p.info().commandLine().map(c -> c.startsWith("postgres:")).orElse(false))
                .mapToDouble(CpuUse::cpu).sum();
    }

    private static double cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
    }

    /** A measurement in progress. */
    record Meter(ProcessHandle broker, double brokerStart, double loadStart, long wallStart, double machineStart,
                 double postgresStart) {
        CpuUse stop() {
            return new CpuUse(cpu(broker) - brokerStart, cpu(ProcessHandle.current()) - loadStart,
                    (System.nanoTime() - wallStart) / 1e9, machineBusy() - machineStart, postgres() - postgresStart);
        }
    }
}
