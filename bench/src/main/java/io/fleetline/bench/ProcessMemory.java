package io.fleetline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a process on this machine holds: resident memory from /proc, and a JVM's live heap through jcmd. */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /** VmRSS of the process, in bytes. */
    static long residentBytes(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for process " + process.pid());
    }

    /** The soft limit on open files of this process (children inherit it). */
    static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Long.MAX_VALUE;
    }

    /**
     * A class histogram of a JVM's live objects. {@code GC.class_histogram} runs a full collection first, so
     * the total is exactly the live heap: neither garbage nor the collector's region slack is counted.
     *
     * @return bytes per class name, plus the key {@code "<total>"}
     */
    static Map<String, Long> liveHistogram(long pid) {
        List<String> lines = jcmd(pid, "GC.class_histogram");
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            // "  1:   123456   7890123  java.lang.String (java.base@25)" and "Total  2345678  123456789"
            if (f.length >= 4 && f[0].endsWith(":")) {
                bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
            } else if (f.length == 3 && f[0].equals("Total")) {
                bytes.put("<total>", Long.parseLong(f[2]));
            }
        }
        if (!bytes.containsKey("<total>")) {
            throw new IllegalStateException("jcmd printed no histogram total: " + lines);
        }
        return bytes;
    }

    private static List<String> jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + out);
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
