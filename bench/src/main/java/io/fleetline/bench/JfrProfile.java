package io.fleetline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where the server's CPU goes, from a flight recording of its JVM ({@code --profile}) made while the download cells
 * run (started and stopped with {@code jcmd}, so start-up and set-up are left out): JDK 25's CPU-time sampler
 * ({@code jdk.CPUTimeSample}, which samples threads by the CPU time they use, time in system calls included, so a
 * thread blocked in {@code epoll_wait} is not counted and one copying in {@code write} is), summarised by the
 * sampled top frame: {@code jfr view cpu-time-hot-methods}, and the same samples grouped by what the top frame
 * belongs to (TLS and its ciphers, socket writes, Jetty, Fleetline, ...), by its package, and by the Fleetline class
 * nearest the top of the stack (whose work a sample in SQLite, Jackson or HiveMQ was).
 */
final class JfrProfile {
    /** Top-frame prefixes and the part of the server each stands for; the first that matches wins. */
    private static final List<Map.Entry<String, String>> PARTS = List.of(
            Map.entry("com.sun.crypto.provider.", "JDK ciphers (AES-GCM, GHASH)"),
            Map.entry("sun.security.ssl.", "JDK TLS records (SSLEngine)"),
            Map.entry("java.math.", "RSA (BigInteger: TLS handshake signatures)"),
            Map.entry("sun.security.util.math.", "elliptic curves (TLS key exchange, ECDSA)"),
            Map.entry("sun.security.ec.", "elliptic curves (TLS key exchange, ECDSA)"),
            Map.entry("sun.security.provider.", "digests (SHA-256)"),
            Map.entry("javax.crypto.", "JDK ciphers (AES-GCM, GHASH)"),
            Map.entry("sun.nio.ch.", "socket and file channels (system calls)"),
            Map.entry("sun.nio.fs.", "socket and file channels (system calls)"),
            Map.entry("java.nio.", "byte buffers (copies)"),
            Map.entry("jdk.internal.misc.", "byte buffers (copies)"),
            Map.entry("jdk.internal.util.", "byte buffers (copies)"),
            Map.entry("org.eclipse.jetty.", "Jetty"),
            Map.entry("io.fleetline.", "Fleetline"),
            Map.entry("org.sqlite.", "SQLite"),
            Map.entry("com.hivemq.client.", "HiveMQ MQTT client"),
            Map.entry("com.hivemq.", "HiveMQ broker"),
            Map.entry("io.netty.", "Netty"),
            Map.entry("com.fasterxml.jackson.", "Jackson"),
            Map.entry("software.amazon.awssdk.", "AWS SDK"),
            Map.entry("java.", "other JDK"),
            Map.entry("jdk.", "other JDK"),
            Map.entry("sun.", "other JDK"));

    /** Frames printed per sample: deep enough to reach the Fleetline code under Netty's and HiveMQ's. */
    private static final int STACK_DEPTH = 64;

    private JfrProfile() {
    }

    /** Starts recording in the server's JVM: the {@code profile} settings, and the CPU-time sampler. */
    static void start(long pid) throws IOException, InterruptedException {
        check(jcmd(pid, "JFR.start", "name=blobs-bench", "settings=profile", "jdk.CPUTimeSample#enabled=true",
                "jdk.CPUTimeSample#throttle=2ms"));
    }

    /** Stops the recording and writes it to {@code file}. */
    static void stop(long pid, Path file) throws IOException, InterruptedException {
        check(jcmd(pid, "JFR.stop", "name=blobs-bench", "filename=" + file.toAbsolutePath()));
    }

    private static void check(List<String> output) {
        if (output.stream().anyMatch(l -> l.contains("Could not") || l.contains("rror"))) {
            throw new IllegalStateException("jcmd: " + String.join("\n", output));
        }
    }

    private static List<String> jcmd(long pid, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(pid)));
        command.addAll(List.of(args));
        return run(command);
    }

    /** The summary of a recording the server wrote when it exited. */
    static List<String> summarize(Path file) throws IOException, InterruptedException {
        Map<String, Integer> byPart = new LinkedHashMap<>();
        Map<String, Integer> byPackage = new LinkedHashMap<>();
        Map<String, Integer> byFleetline = new LinkedHashMap<>();
        int samples = stacks(file, stack -> {
            String top = stack.getFirst();
            byPart.merge(PARTS.stream().filter(e -> top.startsWith(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse("other (" + top.replaceAll("[.(].*", "") + ")"), 1, Integer::sum);
            byPackage.merge(packageOf(top), 1, Integer::sum);
            byFleetline.merge(stack.stream().filter(f -> f.startsWith("io.fleetline.")).findFirst()
                    .map(JfrProfile::typeOf).orElse("(no Fleetline frame in the top " + STACK_DEPTH + ")"), 1,
                    Integer::sum);
        });
        List<String> lines = new ArrayList<>();
        lines.add("CPU-time samples by the part of the process their top frame is in (" + file + "):");
        lines.addAll(shares(byPart, samples, Integer.MAX_VALUE));
        lines.add("  (" + samples + " samples)");
        lines.add("by the top frame's package (the 15 largest):");
        lines.addAll(shares(byPackage, samples, 15));
        lines.add("by the Fleetline class nearest the top of the stack, the code the CPU was spent for (the 20 largest):");
        lines.addAll(shares(byFleetline, samples, 20));
        lines.add("jfr view cpu-time-hot-methods:");
        jfr("view", "--width", "180", "cpu-time-hot-methods", file.toString()).forEach(l -> lines.add("  " + l));
        return lines;
    }

    /**
     * Each sample's frames, top first, from {@code jfr print}'s output, read as it comes: a long run's recording
     * prints millions of lines.
     */
    private static int stacks(Path file, Consumer<List<String>> each) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(), "print",
                "--events", "jdk.CPUTimeSample", "--stack-depth", Integer.toString(STACK_DEPTH), file.toString())
                .redirectErrorStream(true).start();
        int count = 0;
        try (BufferedReader printed = p.inputReader(StandardCharsets.UTF_8)) {
            List<String> stack = null;
            for (String line = printed.readLine(); line != null; line = printed.readLine()) {
                String trimmed = line.trim();
                if (trimmed.startsWith("stackTrace = [")) {
                    stack = new ArrayList<>();
                } else if (stack != null && trimmed.startsWith("]")) {
                    if (!stack.isEmpty()) {
                        each.accept(stack);
                        count++;
                    }
                    stack = null;
                } else if (stack != null && !trimmed.equals("...")) {
                    stack.add(trimmed);
                }
            }
        }
        p.waitFor(300, TimeUnit.SECONDS);
        return count;
    }

    private static List<String> shares(Map<String, Integer> counts, int total, int most) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(most)
                .map(e -> String.format(Locale.ROOT, "  %5.1f%%  %s", 100.0 * e.getValue() / total, e.getKey()))
                .toList();
    }

    /** The class of a printed frame. */
    static String typeOf(String frame) {
        String method = frame.replaceAll("\\(.*", "");
        int lastDot = method.lastIndexOf('.');
        return lastDot < 0 ? method : method.substring(0, lastDot);
    }

    /** The package of a printed frame ({@code "io.netty.handler.ssl.SslHandler.wrap(...) line: 12"}). */
    static String packageOf(String frame) {
        String type = typeOf(frame);
        int typeDot = type.lastIndexOf('.');
        return typeDot < 0 ? type : type.substring(0, typeDot);
    }

    private static List<String> jfr(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jfr").toString());
        command.addAll(List.of(args));
        return run(command);
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(300, TimeUnit.SECONDS);
        return out.lines().toList();
    }
}
