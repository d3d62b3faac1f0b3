package io.fleetline.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The fleet benchmark's command-line options with their defaults ({@link FleetBench}). */
final class FleetOptions {
    /** Fleet sizes, run smallest first (a larger fleet reuses the things of a smaller one). */
    int[] devices = {1000};
    List<String> protocols = List.of("https", "mqtt");
    long imageBytes = 1 << 20;
    /** At most this many agents in one simulator JVM: a process here may hold 20,000 open files. */
    int perSimulator = 5000;
    /** A fleet this size updates once over each protocol first, not counted (the JIT of every JVM); 0: none. */
    int warmUp = 100;
    /** How long a simulated reboot takes (the simulator's default). */
    Duration bootDelay = Duration.ofSeconds(2);
    Duration timeout = Duration.ofMinutes(30);
    List<String> serverJvm = List.of("-Xmx4g");
    List<String> simulatorJvm = List.of("-Xmx2g");
    /**
     * Where the devices' identities and agent state go (each agent keeps its image there while it updates); empty:
     * the work directory ({@link #deviceState(Path)}).
     */
    Optional<Path> deviceState = Optional.empty();
    boolean keep;
    /** JFR of the server and of the first simulator JVM during each measured update, summarised. */
    boolean profile;

    static FleetOptions parse(String[] args) {
        FleetOptions o = new FleetOptions();
        BenchArgs.parse(args, BenchArgs.COMMON_FLAGS, flag -> {
            o.keep |= flag.equals("--keep");
            o.profile |= flag.equals("--profile");
        }, (option, v) -> {
            switch (option) {
                case "--devices" -> o.devices = Arrays.stream(BenchArgs.ints(v)).sorted().toArray();
                case "--protocol", "--protocols" -> o.protocols = BenchArgs.list(v).stream()
                        .map(p -> p.trim().toLowerCase(Locale.ROOT)).toList();
                case "--image-kb" -> o.imageBytes = Long.parseLong(v) * 1024;
                case "--per-simulator" -> o.perSimulator = Integer.parseInt(v);
                case "--warm-up" -> o.warmUp = Integer.parseInt(v);
                case "--boot-delay-ms" -> o.bootDelay = Duration.ofMillis(Long.parseLong(v));
                case "--timeout" -> o.timeout = Duration.ofSeconds(Long.parseLong(v));
                case "--server-jvm" -> o.serverJvm = BenchArgs.words(v);
                case "--simulator-jvm" -> o.simulatorJvm = BenchArgs.words(v);
                case "--device-state" -> o.deviceState = v.equals("auto") ? Optional.empty() : Optional.of(Path.of(v));
                default -> throw BenchArgs.unknown(option);
            }
        });
        if (o.protocols.isEmpty() || !List.of("https", "mqtt").containsAll(o.protocols)) {
            throw new IllegalArgumentException("--protocol is https, mqtt or both");
        }
        if (o.perSimulator < 1 || Arrays.stream(o.devices).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("--devices and --per-simulator are at least 1");
        }
        return o;
    }

    /**
     * Where the devices' state goes: as asked, else {@code workDir} on the disk. The simulator's agents force nothing
     * to the disk ({@code Durability.NONE}: a simulated power cut is the agent's close), so the disk costs them no
     * more than tmpfs did when each agent forced its journal and image some forty times an update.
     */
    Path deviceState(Path workDir) {
        return deviceState.orElse(workDir);
    }
}
