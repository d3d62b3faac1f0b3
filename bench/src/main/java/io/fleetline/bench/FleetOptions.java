package io.fleetline.bench;

import java.nio.file.Files;
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
     * {@link #deviceState(Path)} decides.
     */
    Optional<Path> deviceState = Optional.empty();
    boolean keep;
    /** JFR of the server and of the first simulator JVM during each measured update, summarised. */
    boolean profile;

    static FleetOptions parse(String[] args) {
        FleetOptions o = new FleetOptions();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--keep") || args[i].equals("--profile")) {
                o.keep |= args[i].equals("--keep");
                o.profile |= args[i].equals("--profile");
                i--;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--devices" -> o.devices = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).sorted()
                        .toArray();
                case "--protocol", "--protocols" -> o.protocols = Arrays.stream(v.split(","))
                        .map(p -> p.trim().toLowerCase(Locale.ROOT)).toList();
                case "--image-kb" -> o.imageBytes = Long.parseLong(v) * 1024;
                case "--per-simulator" -> o.perSimulator = Integer.parseInt(v);
                case "--warm-up" -> o.warmUp = Integer.parseInt(v);
                case "--boot-delay-ms" -> o.bootDelay = Duration.ofMillis(Long.parseLong(v));
                case "--timeout" -> o.timeout = Duration.ofSeconds(Long.parseLong(v));
                case "--server-jvm" -> o.serverJvm = words(v);
                case "--simulator-jvm" -> o.simulatorJvm = words(v);
                case "--device-state" -> o.deviceState = v.equals("auto") ? Optional.empty() : Optional.of(Path.of(v));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (o.protocols.isEmpty() || !List.of("https", "mqtt").containsAll(o.protocols)) {
            throw new IllegalArgumentException("--protocol is https, mqtt or both");
        }
        if (o.perSimulator < 1 || Arrays.stream(o.devices).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("--devices and --per-simulator are at least 1");
        }
        return o;
    }

    /**
     * Where the devices' state goes: as asked, else tmpfs ({@code /dev/shm}: an agent forces its journal and image to
     * the disk some forty times an update, which on a disk costs the simulators a third more CPU) when the largest
     * fleet's images take at most a quarter of the memory available now, else {@code workDir} on the disk.
     */
    Path deviceState(Path workDir) {
        long images = Arrays.stream(devices).max().orElse(0) * imageBytes;
        Path tmpfs = Path.of("/dev/shm");
        return deviceState.orElseGet(() -> Files.isDirectory(tmpfs) && images <= FleetSampler.memoryAvailable() / 4
                ? tmpfs : workDir);
    }

    private static List<String> words(String v) {
        return v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
    }
}
