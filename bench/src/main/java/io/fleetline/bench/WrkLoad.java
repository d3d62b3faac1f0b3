package io.fleetline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The download load generator: {@code wrk} (Debian package), C on epoll with OpenSSL, which keeps its connections
 * open, sends the same GET on each again as soon as the last response has been read whole, and throws the bytes
 * away. It costs far less CPU per byte than a JVM client would, which matters when it shares two cores with the
 * server, and it is the same client for both servers. It does not verify the server's certificate (it has no such
 * option); the handshake is otherwise the one any OpenSSL client makes.
 *
 * <p>A Lua {@code done} hook prints wrk's totals as one JSON line, with the CPU time wrk itself used (from
 * {@code /proc/self/stat}), so the load generator's share of the machine is measured, not guessed.
 */
final class WrkLoad {
    private static final String SCRIPT = """
            -- written by the Fleetline object store benchmark: prints wrk's totals as one JSON line
            local function cpu_ticks()
              local f = io.open("/proc/self/stat", "r")
              if not f then return -1 end
              local s = f:read("*a")
              f:close()
              local fields = {}
              for x in s:match("%)%s+(.*)"):gmatch("%S+") do fields[#fields + 1] = x end
              -- the text after ")" starts at field 3: utime (14) and stime (15) are its 12th and 13th
              return tonumber(fields[12]) + tonumber(fields[13])
            end
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format('WRK-RESULT {"duration_us":%.0f,"requests":%.0f,"bytes":%.0f,"connect":%.0f,'
                .. '"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f,"p50_us":%.0f,"p99_us":%.0f,"max_us":%.0f,'
                .. '"cpu_ticks":%.0f}\\n', summary.duration, summary.requests, summary.bytes, e.connect, e.read,
                e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99), latency.max, cpu_ticks()))
            end
            """;

    private final Path script;

    private WrkLoad(Path script) {
        this.script = script;
    }

    static WrkLoad in(Path dir) throws IOException {
        if (!Files.isExecutable(Path.of("/usr/bin/wrk"))) {
            throw new IllegalStateException("wrk is not installed (Debian: apt-get install -y wrk)");
        }
        Path script = dir.resolve("result.lua");
        Files.writeString(script, SCRIPT);
        return new WrkLoad(script);
    }

    /** {@code wrk debian/4.1.0-3+b2 [epoll]}. */
    static String version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/wrk", "--version").redirectErrorStream(true).start();
        String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
                .orElse("wrk (version unknown)");
        p.waitFor();
        return first.replaceAll("\\s*Copyright.*", "").trim();
    }

    /**
     * Downloads {@code url} over {@code connections} connections for {@code duration}, each connection fetching it
     * whole again and again.
     *
     * @param server the server's process: its CPU and that of its children (nginx's workers) is measured
     */
    Result run(String url, int connections, Duration duration, ProcessHandle server) throws IOException,
            InterruptedException {
        int threads = Math.min(connections, Runtime.getRuntime().availableProcessors());
        List<String> command = List.of("/usr/bin/wrk", "-t", Integer.toString(threads), "-c",
                Integer.toString(connections), "-d", duration.toSeconds() + "s", "--timeout", "600s", "-s",
                script.toString(), url);
        double serverStart = cpuSeconds(server);
        ProcStat statStart = procStat(server);
        double machineStart = CpuUse.machineBusy();
        long wallStart = System.nanoTime();
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IllegalStateException("wrk did not finish: " + out);
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double serverCpu = cpuSeconds(server) - serverStart;
        ProcStat stat = procStat(server).minus(statStart);
        double machineCpu = CpuUse.machineBusy() - machineStart;
        String line = out.lines().filter(l -> l.startsWith("WRK-RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result: " + out));
        JsonNode r = new ObjectMapper().readTree(line.substring("WRK-RESULT ".length()));
        double seconds = r.get("duration_us").asDouble() / 1e6;
        long errors = r.get("connect").asLong() + r.get("read").asLong() + r.get("write").asLong()
                + r.get("status").asLong() + r.get("timeout").asLong();
        String errorText = errors == 0 ? "" : "connect %d, read %d, write %d, status %d, timeout %d".formatted(
                r.get("connect").asLong(), r.get("read").asLong(), r.get("write").asLong(), r.get("status").asLong(),
                r.get("timeout").asLong());
        long downloads = r.get("requests").asLong();
        return new Result(downloads, r.get("bytes").asLong(), seconds, errors, errorText,
                downloads == 0 ? Double.NaN : r.get("p50_us").asDouble() / 1000,
                downloads == 0 ? Double.NaN : r.get("p99_us").asDouble() / 1000,
                r.get("cpu_ticks").asDouble() / 100, serverCpu, stat, machineCpu, wall);
    }

    /** CPU seconds of a process and its descendants so far. */
    static double cpuSeconds(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants())
                .mapToDouble(p -> p.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9).sum();
    }

    /**
     * What {@code /proc/<pid>/stat} says of a process and its descendants so far: CPU in the kernel (system calls,
     * page faults, the TCP stack) apart from CPU in user space, and minor page faults (a page of a file mapping touched
     * for the first time is one).
     */
    static ProcStat procStat(ProcessHandle process) {
        double user = 0;
        double system = 0;
        long faults = 0;
        for (ProcessHandle p : Stream.concat(Stream.of(process), process.descendants()).toList()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // f[0] is field 3 (state): minflt is field 10, utime 14, stime 15
                faults += Long.parseLong(f[7]);
                user += Long.parseLong(f[11]) / 100.0;
                system += Long.parseLong(f[12]) / 100.0;
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile
            }
        }
        return new ProcStat(user, system, faults);
    }

    /** CPU seconds in user space and in the kernel, and minor page faults. */
    record ProcStat(double user, double system, long minorFaults) {
        ProcStat minus(ProcStat earlier) {
            return new ProcStat(user - earlier.user, system - earlier.system, minorFaults - earlier.minorFaults);
        }
    }

    /**
     * One cell's figures.
     *
     * @param downloads  responses read whole
     * @param bytes      bytes read, headers included, of whole and of partial downloads alike: with 1,000
     *                   connections a 64 MB object may take longer than the cell, and its bytes count all the same
     * @param seconds    wrk's measured duration
     * @param errors     connection, read, write and timeout errors and non-2xx answers
     * @param p50Millis  median time of one whole download (NaN without one)
     * @param loadCpu    CPU seconds wrk used
     * @param serverCpu  CPU seconds the server used meanwhile
     * @param serverStat the server's user and kernel CPU and minor page faults meanwhile (in clock ticks' precision)
     * @param machineCpu CPU seconds the machine's cores were busy meanwhile (everything, other processes included)
     */
    record Result(long downloads, long bytes, double seconds, long errors, String errorText, double p50Millis,
                  double p99Millis, double loadCpu, double serverCpu, ProcStat serverStat, double machineCpu,
                  double wallSeconds) {
        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }

        double serverPercent() {
            return 100 * serverCpu / wallSeconds;
        }

        double loadPercent() {
            return 100 * loadCpu / wallSeconds;
        }

        double machinePercent() {
            return 100 * machineCpu / wallSeconds;
        }

        /** The server's share of CPU spent in the kernel, in %. */
        double serverSystemShare() {
            double all = serverStat.user() + serverStat.system();
            return all == 0 ? 0 : 100 * serverStat.system() / all;
        }

        /** The server's minor page faults per megabyte sent. */
        double serverFaultsPerMegabyte() {
            return serverStat.minorFaults() / (bytes / 1e6);
        }

        /** Server CPU milliseconds per megabyte sent. */
        double serverMillisPerMegabyte() {
            return 1000 * serverCpu / (bytes / 1e6);
        }
    }
}
