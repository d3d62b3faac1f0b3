package io.fleetline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Protocol;

/**
 * The fleet simulator as the load generator (issue 17): {@code fleetline serve} in its own JVM (SQLite, embedded
 * object store, device HTTPS port), and thousands of the project's device agents in {@link FleetSimulator} JVMs
 * (healthy devices of {@code --per-simulator} at most each, one thing group each), connected over MQTT with mutual
 * TLS. For each fleet size: the things are provisioned (or found from a smaller size's run: that time is reported
 * apart), the agents connected (also apart), then one OTA update of a signed random image for the whole fleet per
 * protocol, one after the other on the same connected agents: over HTTPS (a presigned URL on the device HTTPS port)
 * and over MQTT streams. Every agent downloads, verifies the signature, writes its inactive slot, reboots (a new MQTT
 * connection), passes its health check and reports SUCCEEDED. Reported per update: completed updates per minute,
 * server and simulator CPU per update, p50/p95 durations, the server's and the simulators' memory; with
 * {@code --profile}, where the server's (and the first simulator's) CPU went.
 *
 * <p>Usage: {@code bench/run fleet [--devices 1000,10000] [--protocol https,mqtt] [--image-kb 1024]
 * [--per-simulator 5000] [--warm-up 100] [--boot-delay-ms 2000] [--timeout 1800] [--server-jvm "-Xmx4g"]
 * [--simulator-jvm "-Xmx2g"] [--device-state auto|DIR] [--profile] [--keep]}
 */
public final class FleetBench {
    private final FleetOptions options;
    private final Path dir;
    private final Path stateDir;
    private final FleetlineBroker server;
    private final GcLog serverGc;
    private final FleetFirmware firmware;
    private final IotClient iot;
    private final List<String> summary = new ArrayList<>(FleetRun.header());
    private final List<String> notes = new ArrayList<>();
    private final List<String> profiles = new ArrayList<>();
    private int updates;

    private FleetBench(FleetOptions options, Path dir, Path stateDir, FleetlineBroker server, GcLog serverGc,
                       FleetFirmware firmware) {
        this.options = options;
        this.dir = dir;
        this.stateDir = stateDir;
        this.server = server;
        this.serverGc = serverGc;
        this.firmware = firmware;
        this.iot = server.iot();
    }

    public static void main(String[] args) throws Exception {
        FleetOptions options = FleetOptions.parse(args);
        // interrupted (Ctrl-C), the server and the simulators go too: nothing is left holding 10,000 connections
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroyForcibly)));
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "fleetline-fleet-bench");
        Path stateDir = Files.createTempDirectory(options.deviceState(dir), "fleetline-fleet-devices");
        System.out.println("work dir " + dir + " (logs: fleetline/fleetline.log, simulators/), device state " + stateDir
                + " (" + Files.getFileStore(stateDir).type() + ")");
        System.out.printf("machine: %d cores, JDK %s, load average %s, open files per process %,d%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), FleetSampler.loadAverage(),
                ProcessMemory.openFileLimit());
        GcLog serverGc = new GcLog(dir.resolve("fleetline-gc.log"));
        List<String> serverJvm = new ArrayList<>(options.serverJvm);
        serverJvm.add(serverGc.jvmOption());
        FleetBench bench = null;
        try (FleetlineBroker server = FleetlineBroker.start(dir.resolve("fleetline"), serverJvm,
                List.of("--device-https-port", "0"))) {
            FleetFirmware firmware = FleetFirmware.upload(server, dir.resolve("image"), options.imageBytes);
            bench = new FleetBench(options, dir, stateDir, server, serverGc, firmware);
            bench.runAll();
        } finally {
            if (bench != null) {
                bench.print();
            }
            if (!options.keep) {
                if (Files.exists(stateDir)) {
                    BlobsBench.deleteTree(stateDir);
                }
                if (!options.profile) {
                    BlobsBench.deleteTree(dir);
                }
            }
        }
        System.exit(0);
    }

    private void runAll() throws Exception {
        if (options.warmUp > 0) {
            System.out.println("warm-up: a fleet of " + options.warmUp + " over every protocol (not counted)");
            fleet(options.warmUp, "FleetWarm", false);
        }
        for (int devices : options.devices) {
            fleet(devices, "FleetBench", true);
        }
    }

    /** One fleet size: simulators started, things provisioned, agents connected, one update per protocol. */
    private void fleet(int devices, String groupPrefix, boolean measured) throws Exception {
        int simulators = (devices + options.perSimulator - 1) / options.perSimulator;
        long serverLiveIdle = measured ? liveHeap(server.process()) : 0;
        List<SimulatorProcess> fleet = new ArrayList<>();
        Path logs = Files.createDirectories(dir.resolve("simulators"));
        try {
            for (int i = 0; i < simulators; i++) {
                int size = devices / simulators + (i < devices % simulators ? 1 : 0);
                fleet.add(SimulatorProcess.start(server, groupPrefix + "-" + (i + 1), size,
                        stateDir.resolve(groupPrefix + "-" + (i + 1)), logs, firmware.certificateFile(),
                        options.bootDelay.toMillis(), options.simulatorJvm));
            }
            FleetPhases phases = new FleetPhases(server, fleet, stateDir);
            String provisioned = phases.provision();
            long simulatorsProvisioned = measured ? fleet.stream().mapToLong(s -> liveHeap(s.process())).sum() : 0;
            String connected = profiled(measured, groupPrefix + "-" + devices + "-connect", fleet, phases::connect);
            System.out.println(provisioned + System.lineSeparator() + connected);
            if (measured) {
                notes.add(devices + " devices: " + provisioned);
                notes.add(devices + " devices: " + connected);
                notes.add(memoryAfterConnect(devices, fleet, serverLiveIdle, simulatorsProvisioned));
            }
            List<String> groupArns = fleet.stream().map(s -> iot.describeThingGroup(r -> r.thingGroupName(s.group()))
                    .thingGroupArn()).toList();
            for (String protocol : options.protocols) {
                FleetRun run = update(devices, protocol, fleet, groupArns, measured);
                System.out.println(run.row());
                run.notes().forEach(n -> System.out.println("    " + n));
                if (measured) {
                    summary.add(run.row());
                    run.notes().forEach(n -> notes.add(devices + " devices, " + protocol + ": " + n));
                }
            }
        } finally {
            try (ExecutorService closing = Executors.newVirtualThreadPerTaskExecutor()) {
                fleet.forEach(s -> closing.execute(s::close));
            }
        }
    }

    private String memoryAfterConnect(int devices, List<SimulatorProcess> fleet, long serverLiveIdle,
                                      long simulatorsProvisioned) {
        long serverLive = liveHeap(server.process());
        long simulatorsLive = fleet.stream().mapToLong(s -> liveHeap(s.process())).sum();
        long simulatorsRss = fleet.stream().mapToLong(s -> ProcessMemory.residentBytes(s.process())).sum();
        return String.format(Locale.ROOT, "%,d devices connected and idle: server live heap %,d MB (%,d B more per"
                        + " connection than idle), RSS %,d MB; simulators (%d JVMs) live heap %,d MB (%,d B per agent"
                        + " more than provisioned and not connected), RSS %,d MB", devices, serverLive >> 20,
                (serverLive - serverLiveIdle) / devices, ProcessMemory.residentBytes(server.process()) >> 20,
                fleet.size(), simulatorsLive >> 20, (simulatorsLive - simulatorsProvisioned) / devices,
                simulatorsRss >> 20);
    }

    /** One OTA update of the whole connected fleet over {@code protocol}, measured from its creation to the last end. */
    private FleetRun update(int devices, String protocol, List<SimulatorProcess> fleet, List<String> groupArns,
                            boolean measured) throws Exception {
        String id = String.format(Locale.ROOT, "fleet-%d-%s-%d", devices, protocol, ++updates);
        System.out.printf("%s: %,d devices over %s (load average %s)%n", id, devices, protocol,
                FleetSampler.loadAverage());
        int serverMark = serverGc.mark();
        List<Integer> marks = fleet.stream().map(s -> s.gcLog().mark()).toList();
        long[] created = new long[2];
        record Measured(List<JsonNode> answers, FleetSampler.Use use) {
        }
        Measured measuredRun = profiled(measured, id, fleet, () -> {
            try (FleetSampler sampler = new FleetSampler(server.process(), fleet.stream()
                    .map(SimulatorProcess::process).toList(), stateDir);
                 FleetProgress progress = new FleetProgress(iot)) {
                created[0] = System.currentTimeMillis();
                String jobId = firmware.createUpdate(iot, id, groupArns, protocol.equals("https") ? Protocol.HTTP
                        : Protocol.MQTT);
                created[1] = System.currentTimeMillis() - created[0];
                progress.watch(jobId);
                List<JsonNode> answers = all(fleet.stream().<Callable<JsonNode>>map(s -> () -> s.call("await "
                        + jobId + " " + options.timeout.toSeconds())).toList());
                return new Measured(answers, sampler.stop());
            }
        });
        System.out.printf("  done (load average %s)%n", FleetSampler.loadAverage());
        List<GcLog.Window> simulatorGc = new ArrayList<>();
        for (int i = 0; i < fleet.size(); i++) {
            simulatorGc.add(fleet.get(i).gcLog().since(marks.get(i)));
        }
        return FleetRun.of(protocol, created[0], created[1], measuredRun.answers(), measuredRun.use(),
                serverGc.since(serverMark), simulatorGc);
    }

    /** What a step of the run measured; it may fail. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code step}; with {@code --profile} and a measured fleet, with JFR recording the server and the first
     * simulator JVM, their summaries kept for the end of the report under {@code name}.
     */
    private <T> T profiled(boolean measured, String name, List<SimulatorProcess> fleet, Step<T> step)
            throws Exception {
        if (!options.profile || !measured) {
            return step.run();
        }
        JfrProfile.start(server.process().pid());
        JfrProfile.start(fleet.getFirst().process().pid());
        T result = step.run();
        Path serverRecording = dir.resolve(name + "-server.jfr");
        Path simulatorRecording = dir.resolve(name + "-simulator.jfr");
        JfrProfile.stop(server.process().pid(), serverRecording);
        JfrProfile.stop(fleet.getFirst().process().pid(), simulatorRecording);
        profiles.add("Server during " + name + ":");
        profiles.addAll(JfrProfile.summarize(serverRecording));
        profiles.add("First simulator JVM (" + fleet.getFirst().devices() + " agents) during " + name + ":");
        profiles.addAll(JfrProfile.summarize(simulatorRecording));
        return result;
    }

    private static long liveHeap(ProcessHandle process) {
        return ProcessMemory.liveHistogram(process.pid()).get("<total>");
    }

    /** Runs the calls at once (one per simulator) and answers their results in order. */
    static <T> List<T> all(List<Callable<T>> calls) throws IOException, InterruptedException {
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = calls.stream().map(each::submit).toList();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            return results;
        }
    }

    private void print() throws IOException {
        System.out.println();
        System.out.printf("Summary (image %,d bytes; the devices' state on %s; durations in s; memory in MB = 2^20 bytes;"
                        + " CPU in %% of one core, 200%% = both cores; load average at the end %s)%n", options.imageBytes,
                Files.getFileStore(stateDir).type(), FleetSampler.loadAverage());
        summary.forEach(System.out::println);
        System.out.println();
        notes.forEach(System.out::println);
        profiles.forEach(System.out::println);
    }
}
