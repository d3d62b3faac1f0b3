package io.fleetline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the server's CPU goes, from a flight recording of its JVM ({@code --profile}) made while the download cells
 * run (started and stopped with {@code jcmd}, so start-up and set-up are left out): JDK 25's CPU-time sampler
 * ({@code jdk.CPUTimeSample}, which samples threads by the CPU time they use, time in system calls included, so a
 * thread blocked in {@code epoll_wait} is not counted and one copying in {@code write} is), summarised by the
 * sampled top frame: {@code jfr view cpu-time-hot-methods}, and the same samples grouped by what the top frame
 * belongs to (TLS and its ciphers, socket writes, Jetty, Fleetline, ...).
 */
final class JfrProfile {
    /** Top-frame prefixes and the part of the server each stands for; the first that matches wins. */
    private static final List<Map.Entry<String, String>> PARTS = List.of(
            Map.entry("com.sun.crypto.provider.", "JDK ciphers (AES-GCM, GHASH)"),
            Map.entry("sun.security.ssl.", "JDK TLS records (SSLEngine)"),
            Map.entry("javax.crypto.", "JDK ciphers (AES-GCM, GHASH)"),
            Map.entry("sun.nio.ch.", "socket and file channels (system calls)"),
            Map.entry("sun.nio.fs.", "socket and file channels (system calls)"),
            Map.entry("java.nio.", "byte buffers (copies)"),
            Map.entry("jdk.internal.misc.", "byte buffers (copies)"),
            Map.entry("jdk.internal.util.", "byte buffers (copies)"),
            Map.entry("org.eclipse.jetty.", "Jetty"),
            Map.entry("io.fleetline.", "Fleetline"),
            Map.entry("org.sqlite.", "SQLite"),
            Map.entry("java.", "other JDK"),
            Map.entry("jdk.", "other JDK"),
            Map.entry("sun.", "other JDK"));

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
        List<String> lines = new ArrayList<>();
        lines.add("CPU-time samples of the server by the part of it their top frame is in (" + file + "):");
        List<String> printed = jfr("print", "--events", "jdk.CPUTimeSample", "--stack-depth", "1", file.toString());
        Map<String, Integer> byPart = new LinkedHashMap<>();
        int total = 0;
        boolean inStack = false;
        for (String line : printed) {
            String trimmed = line.trim();
            if (trimmed.startsWith("stackTrace = [")) {
                inStack = true;
            } else if (inStack) {
                inStack = false;
                String part = PARTS.stream().filter(e -> trimmed.startsWith(e.getKey())).map(Map.Entry::getValue)
                        .findFirst().orElse("other (" + trimmed.replaceAll("[.(].*", "") + ")");
                byPart.merge(part, 1, Integer::sum);
                total++;
            }
        }
        int all = total;
        byPart.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> lines.add(String.format(Locale.ROOT, "  %5.1f%%  %s", 100.0 * e.getValue() / all,
                        e.getKey())));
        lines.add("  (" + total + " samples)");
        lines.add("jfr view cpu-time-hot-methods:");
        jfr("view", "--width", "180", "cpu-time-hot-methods", file.toString()).forEach(l -> lines.add("  " + l));
        return lines;
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
