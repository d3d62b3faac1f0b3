package io.fleetline.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * While a fleet update runs: the CPU the server, the simulator JVMs and the whole machine use (from {@code /proc}),
 * and, sampled each second, the peaks of the server's and the simulators' resident memory and of what the devices'
 * state takes on its file system (tmpfs is memory too). Should the machine run out of memory, the simulators are
 * stopped before the kernel picks something to kill.
 */
final class FleetSampler implements AutoCloseable {
    /** Below this much available memory the simulators are stopped: the machine is shared. */
    private static final long STOP_BELOW_AVAILABLE = 1L << 30;

    private final ProcessHandle server;
    private final List<ProcessHandle> simulators;
    private final FileStore deviceStore;
    private final long deviceStoreUsedAtStart;
    private final double serverCpuAtStart;
    private final double simulatorCpuAtStart;
    private final double machineAtStart;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-sampler");
        t.setDaemon(true);
        return t;
    });
    private volatile long serverRssPeak;
    private volatile long simulatorRssPeak;
    private volatile long deviceStorePeak;
    private volatile long memoryAvailableLow = Long.MAX_VALUE;
    private volatile boolean stopped;

    /** What was measured: CPU in seconds, memory in bytes. */
    record Use(double wallSeconds, double serverCpuSeconds, double simulatorCpuSeconds, double machineSeconds,
               long serverRssPeak, long simulatorRssPeak, long deviceStatePeak, long memoryAvailableLow) {
        double percent(double cpuSeconds) {
            return 100 * cpuSeconds / wallSeconds;
        }
    }

    FleetSampler(ProcessHandle server, List<ProcessHandle> simulators, Path deviceState) throws IOException {
        this.server = server;
        this.simulators = List.copyOf(simulators);
        this.deviceStore = Files.getFileStore(deviceState);
        this.deviceStoreUsedAtStart = used(deviceStore);
        this.serverCpuAtStart = cpu(server);
        this.simulatorCpuAtStart = simulators.stream().mapToDouble(FleetSampler::cpu).sum();
        this.machineAtStart = CpuUse.machineBusy();
        every.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            serverRssPeak = Math.max(serverRssPeak, ProcessMemory.residentBytes(server));
            simulatorRssPeak = Math.max(simulatorRssPeak, simulators.stream()
                    .mapToLong(ProcessMemory::residentBytes).sum());
            deviceStorePeak = Math.max(deviceStorePeak, used(deviceStore) - deviceStoreUsedAtStart);
            long available = memoryAvailable();
            memoryAvailableLow = Math.min(memoryAvailableLow, available);
            if (available >= 0 && available < STOP_BELOW_AVAILABLE && !stopped) {
                stopped = true;
                System.out.printf("  only %,d MB of memory left on the machine: the simulators are stopped so that"
                        + " nothing else here is killed for memory%n", available >> 20);
                simulators.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (RuntimeException e) {
            // a process that exited: its last sample stands
        }
    }

    /** Stops sampling and answers what was used since the start. */
    Use stop() {
        every.shutdownNow();
        sample();
        return new Use((System.nanoTime() - startNanos) / 1e9, cpu(server) - serverCpuAtStart,
                simulators.stream().mapToDouble(FleetSampler::cpu).sum() - simulatorCpuAtStart,
                CpuUse.machineBusy() - machineAtStart, serverRssPeak, simulatorRssPeak, deviceStorePeak,
                memoryAvailableLow);
    }

    @Override
    public void close() {
        every.shutdownNow();
    }

    static double cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
    }

    private static long used(FileStore store) {
        try {
            return store.getTotalSpace() - store.getUnallocatedSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The machine's memory available to start new work without swapping ({@code MemAvailable}), in bytes. */
    static long memoryAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc here
        }
        return -1;
    }

    /** The machine's load average over the last minute, as {@code uptime} shows it. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
