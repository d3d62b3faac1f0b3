package io.fleetline.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The object store side by side with the usual tools (issue 15): firmware downloads through presigned URLs against
 * nginx serving the same file, a 1 GB multipart upload against s3proxy on the same disk, and Fleetline's heap while
 * 1,000 downloads run.
 *
 * <p>{@code fleetline serve} runs in its own JVM (SQLite, {@code -Xmx256m} unless {@code --fleetline-jvm} says
 * otherwise, a GC log), nginx as a child process with its own configuration ({@link NginxServer}: {@code sendfile
 * on}, Fleetline's server certificate and key), s3proxy 2.6.0 in its own JVM ({@link S3ProxyServer}). Downloads:
 * {@code wrk} ({@link WrkLoad}) fetches the object whole again and again on each of N connections for
 * {@code --seconds} per cell; cells of the two servers alternate, and which goes first alternates too, so drift on the
 * shared machine hits both alike. Fleetline is asked with a presigned URL (plain HTTP: the API port; HTTPS: the
 * device port, no client certificate), nginx with the same path and query for the same file (the content file in
 * Fleetline's data directory).
 *
 * <p>Usage: {@code bench/run blobs [--seconds 10] [--warm-up 5] [--clients 1,100,1000] [--sizes 8,64]
 * [--protocols http,https] [--scenarios download,heap,upload] [--servers fleetline,nginx] [--upload-mb 1024]
 * [--part-mb 16] [--upload-parallel 4] [--upload-runs 3] [--heap-seconds 20] [--heap-clients 1000] [--fleetline-jvm "-Xmx256m"]
 * [--keep] [--profile]}; {@code --keep} leaves the work directory, {@code --profile} records the server with JFR and
 * prints where its CPU went ({@link JfrProfile}; the recording is kept)
 */
public final class BlobsBench {
    private static final String BUCKET = "bench";
    private static final String UPLOAD_BUCKET = "upload";

    private final Options options;
    private final Path dir;
    private final FleetlineBroker fleetline;
    private final GcLog gcLog;
    private final List<String> summary = new ArrayList<>();

    private BlobsBench(Options options, Path dir, FleetlineBroker fleetline, GcLog gcLog) {
        this.options = options;
        this.dir = dir;
        this.fleetline = fleetline;
        this.gcLog = gcLog;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        // under the working directory's disk, not a tmpfs: Fleetline, nginx and s3proxy read and write the same disk
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "fleetline-blobs-bench");
        System.out.println("work dir " + dir + " (server logs: fleetline/fleetline.log, fleetline-gc.log,"
                + " nginx/error.log, s3proxy/s3proxy.log)");
        System.out.printf("machine: %d cores, JDK %s, %s, %s, %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), NginxServer.version(), WrkLoad.version(), "s3proxy 2.6.0");
        GcLog gcLog = new GcLog(dir.resolve("fleetline-gc.log"));
        List<String> jvm = new ArrayList<>(options.fleetlineJvm);
        jvm.add(gcLog.jvmOption());
        System.out.println("fleetline JVM options: " + String.join(" ", jvm));
        BlobsBench bench;
        try (FleetlineBroker fleetline = FleetlineBroker.start(dir.resolve("fleetline"), jvm,
                List.of("--device-https-port", "0"))) {
            bench = new BlobsBench(options, dir, fleetline, gcLog);
            bench.runAll();
        }
        System.out.println();
        System.out.println("Summary");
        bench.summary.forEach(System.out::println);
        if (!options.keep && !options.profile) {
            deleteTree(dir);
        }
        System.exit(0);
    }

    private void runAll() throws Exception {
        if (options.scenarios.contains("download") || options.scenarios.contains("heap")) {
            downloadsAndHeap();
        }
        if (options.scenarios.contains("upload")) {
            uploads();
        }
    }

    /** One object to download: where each server has it. */
    private record Target(int megabytes, String key, Path file, String fleetlineHttp, String fleetlineHttps) {
        /** The URL path and query of Fleetline's presigned URL, which nginx is asked for too. */
        String pathAndQuery(boolean https) {
            String url = https ? fleetlineHttps : fleetlineHttp;
            if (url == null) {
                return "/" + BUCKET + "/" + key;
            }
            return url.substring(url.indexOf('/', url.indexOf("//") + 2));
        }
    }

    private void downloadsAndHeap() throws Exception {
        boolean withFleetline = options.servers.contains("fleetline");
        FleetlineObjects objects = FleetlineObjects.of(fleetline.dataDir());
        Path objectDir = Files.createDirectories(dir.resolve("objects"));
        List<Target> targets = new ArrayList<>();
        Map<String, Path> served = new LinkedHashMap<>();
        for (int megabytes : options.sizes) {
            String key = "firmware-" + megabytes + "mb.bin";
            Path file = objectDir.resolve(key);
            String sha256 = randomFile(file, megabytes * 1_000_000L, megabytes);
            Path servedFile = file;
            String http = null;
            String https = null;
            if (withFleetline) {
                objects.put(BUCKET, key, file);
                Path content = fleetline.dataDir().resolve("blobs/sha256").resolve(sha256.substring(0, 2))
                        .resolve(sha256);
                if (Files.isRegularFile(content)) {
                    servedFile = content;  // the very file Fleetline sends
                    System.out.println("nginx serves Fleetline's content file of " + key + ": " + content);
                } else {
                    System.out.println("note: Fleetline's content file " + content + " is not there; nginx serves a"
                            + " copy of the same bytes");
                }
                http = objects.presignGet(BUCKET, key, false);
                https = objects.presignGet(BUCKET, key, true);
            }
            Target target = new Target(megabytes, key, servedFile, http, https);
            targets.add(target);
            served.put("/" + BUCKET + "/" + key, servedFile);
        }
        if (withFleetline) {
            System.out.println("presigned URL (HTTPS, 8 MB): " + targets.get(0).fleetlineHttps);
        }
        try (NginxServer nginx = NginxServer.start(dir.resolve("nginx"), served, fleetline.serverChain(),
                fleetline.serverKey())) {
            System.out.println("TLS as wrk's OpenSSL negotiates it:");
            System.out.println("  fleetline " + OpenSslProbe.describe(objects.httpsPort()));
            System.out.println("  nginx     " + OpenSslProbe.describe(nginx.httpsPort()));
            WrkLoad wrk = WrkLoad.in(dir);
            List<Server> servers = new ArrayList<>();
            if (withFleetline) {
                servers.add(new Server("fleetline", fleetline.process(), objects.httpPort(), objects.httpsPort()));
            }
            if (options.servers.contains("nginx")) {
                servers.add(new Server("nginx", nginx.process(), nginx.httpPort(), nginx.httpsPort()));
            }
            if (options.scenarios.contains("download")) {
                downloads(wrk, servers, targets);
            }
            if (options.scenarios.contains("heap") && withFleetline) {
                heap(wrk, targets.get(targets.size() - 1));
            }
        }
    }

    /** A server under test for downloads. */
    private record Server(String name, ProcessHandle process, int httpPort, int httpsPort) {
        String url(Target target, boolean https) {
            if (name.equals("fleetline")) {
                return https ? target.fleetlineHttps : target.fleetlineHttp;
            }
            return (https ? "https" : "http") + "://127.0.0.1:" + (https ? httpsPort : httpPort)
                    + target.pathAndQuery(https);
        }
    }

    private void downloads(WrkLoad wrk, List<Server> servers, List<Target> targets) throws Exception {
        Duration warmUp = Duration.ofSeconds(options.warmUpSeconds);
        for (Server server : servers) {
            for (String protocol : options.protocols) {
                WrkLoad.Result r = wrk.run(server.url(targets.get(0), protocol.equals("https")), 10, warmUp,
                        server.process);
                System.out.printf(Locale.ROOT, "warm-up %s %s: %,.0f MB/s, %d errors%n", server.name, protocol,
                        r.megabytesPerSecond(), r.errors());
            }
        }
        Path recording = dir.resolve("fleetline.jfr");
        if (options.profile) {
            JfrProfile.start(fleetline.process().pid());
        }
        System.out.printf("%nDownloads: each cell %d s; MB/s = bytes read (whole and partial downloads) / s;"
                + " p50/p99 = time of one whole download; server%% / wrk%% / machine%% = CPU in %% of one core"
                + " (200%% = both cores); ms/MB = server CPU per MB sent; sys%% = the server's CPU share in the kernel;"
                + " faults/MB = the server's minor page faults per MB sent%n", options.seconds);
        String header = String.format("%-9s %-5s %5s %7s %9s %9s %7s %9s %9s %7s %6s %8s %6s %5s %8s", "server",
                "proto", "size", "clients", "MB/s", "downloads", "errors", "p50 ms", "p99 ms", "server%", "wrk%",
                "machine%", "ms/MB", "sys%", "faults/MB");
        System.out.println(header);
        List<String> table = new ArrayList<>();
        table.add("| size | protocol | clients | server | MB/s | downloads | errors | p50 ms | p99 ms | server CPU % | wrk CPU % | machine CPU % | server ms CPU/MB | server sys % | faults/MB | Fleetline ÷ nginx |");
        table.add("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<String> heapNotes = new ArrayList<>();
        int cell = 0;
        for (Target target : targets) {
            for (String protocol : options.protocols) {
                boolean https = protocol.equals("https");
                for (int clients : options.clients) {
                    List<Server> order = new ArrayList<>(servers);
                    if (cell++ % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    Map<String, WrkLoad.Result> results = new LinkedHashMap<>();
                    for (Server server : order) {
                        int mark = gcLog.mark();
                        WrkLoad.Result r = wrk.run(server.url(target, https), clients,
                                Duration.ofSeconds(options.seconds), server.process);
                        results.put(server.name, r);
                        System.out.println(line(server.name, protocol, target.megabytes, clients, r));
                        if (!r.errorText().isEmpty()) {
                            System.out.println("  errors: " + r.errorText());
                        }
                        if (server.name.equals("fleetline")) {
                            String gc = gcLog.since(mark).describe();
                            heapNotes.add("%s %d MB × %d: %s".formatted(protocol, target.megabytes, clients, gc));
                            System.out.println("  fleetline heap: " + gc);
                        }
                    }
                    Double ratio = results.containsKey("fleetline") && results.containsKey("nginx")
                            ? results.get("fleetline").megabytesPerSecond() / results.get("nginx").megabytesPerSecond()
                            : null;
                    if (ratio != null) {
                        System.out.printf(Locale.ROOT, "  fleetline / nginx = %.2f (target ≥ 0.90)%n", ratio);
                    }
                    for (Server server : servers) {
                        WrkLoad.Result r = results.get(server.name);
                        table.add(String.format(Locale.ROOT,
                                "| %d MB | %s | %,d | %s | %,.0f | %,d | %,d | %s | %s | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f | %s |",
                                target.megabytes, protocol, clients, server.name, r.megabytesPerSecond(), r.downloads(),
                                r.errors(), millis(r.p50Millis()), millis(r.p99Millis()), r.serverPercent(), r.loadPercent(),
                                r.machinePercent(), r.serverMillisPerMegabyte(), r.serverSystemShare(),
                                r.serverFaultsPerMegabyte(),
                                ratio != null && server.name.equals("fleetline")
                                        ? String.format(Locale.ROOT, "**%.2f**", ratio) : ""));
                    }
                }
            }
        }
        if (options.profile) {
            JfrProfile.stop(fleetline.process().pid(), recording);
            List<String> profile = JfrProfile.summarize(recording);
            profile.forEach(System.out::println);
            summary.addAll(profile.subList(0, Math.min(profile.size(), 50)));
        }
        summary.add("Downloads (MB = 10^6 bytes):");
        summary.addAll(table);
        if (!heapNotes.isEmpty()) {
            summary.add("Fleetline's heap in each download cell (from its GC log):");
            heapNotes.forEach(n -> summary.add("  " + n));
        }
    }

    private static String line(String server, String protocol, int megabytes, int clients, WrkLoad.Result r) {
        return String.format(Locale.ROOT, "%-9s %-5s %5s %7d %,9.0f %,9d %,7d %9s %9s %7.0f %6.0f %8.0f %6.2f %5.0f %8.0f",
                server, protocol, megabytes + "MB", clients, r.megabytesPerSecond(), r.downloads(), r.errors(),
                millis(r.p50Millis()), millis(r.p99Millis()), r.serverPercent(), r.loadPercent(), r.machinePercent(),
                r.serverMillisPerMegabyte(), r.serverSystemShare(), r.serverFaultsPerMegabyte());
    }

    /** Milliseconds with one decimal, or a dash where no download ended in the cell. */
    private static String millis(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,.1f", value);
    }

    /**
     * Fleetline's live heap with no download, then while 1,000 clients (by default) download the largest object over
     * HTTPS: a
     * class histogram (which collects first, so it counts live objects alone) halfway through, and every collection
     * the GC log shows meanwhile.
     */
    private void heap(WrkLoad wrk, Target target) throws Exception {
        long pid = fleetline.process().pid();
        Map<String, Long> idle = ProcessMemory.liveHistogram(pid);
        long rssIdle = ProcessMemory.residentBytes(fleetline.process());
        int mark = gcLog.mark();
        Duration length = Duration.ofSeconds(options.heapSeconds);
        CompletableFuture<WrkLoad.Result> load = CompletableFuture.supplyAsync(() -> {
            try {
                return wrk.run(target.fleetlineHttps, options.heapClients, length, fleetline.process());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        // a benchmark's pacing, not synchronisation: the histogram is to be taken with the downloads under way
        Thread.sleep(length.toMillis() / 2);
        long established = establishedConnections(fleetline.process().pid());
        Map<String, Long> busy = ProcessMemory.liveHistogram(pid);
        long rssBusy = ProcessMemory.residentBytes(fleetline.process());
        WrkLoad.Result r = load.get();
        GcLog.Window gc = gcLog.since(mark);
        long idleTotal = idle.get("<total>");
        long busyTotal = busy.get("<total>");
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Heap: %,d clients downloading %d MB over HTTPS for %d s (%,.0f MB/s,"
                        + " %d errors); fleetline JVM %s", options.heapClients, target.megabytes, options.heapSeconds,
                r.megabytesPerSecond(),
                r.errors(), String.join(" ", options.fleetlineJvm)));
        lines.add(String.format(Locale.ROOT, "  live heap (GC.class_histogram) idle %,.1f MB; halfway, with %d"
                        + " established connections on the server, %,.1f MB: %+,.0f bytes per connection",
                idleTotal / 1e6, established, busyTotal / 1e6,
                (busyTotal - idleTotal) / (double) Math.max(1, established)));
        lines.add("  GC log during the run: " + gc.describe());
        lines.add(String.format(Locale.ROOT, "  resident memory idle %,d MB, halfway %,d MB (Jetty's pooled direct"
                + " buffers count here, not on the heap; the pool keeps what earlier cells took)", rssIdle >> 20,
                rssBusy >> 20));
        lines.add("  classes that grew most (bytes, live):");
        busy.entrySet().stream().filter(e -> !e.getKey().equals("<total>"))
                .map(e -> Map.entry(e.getKey(), e.getValue() - idle.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> lines.add(String.format(Locale.ROOT, "    %+,12d  %s", e.getValue(), e.getKey())));
        lines.forEach(System.out::println);
        summary.addAll(lines);
    }

    /** TCP connections in state ESTABLISHED that the process holds (its sockets in /proc/net/tcp). */
    private static long establishedConnections(long pid) {
        try {
            java.util.Set<String> inodes = new java.util.HashSet<>();
            try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String link = Files.readSymbolicLink(fd).toString();
                        if (link.startsWith("socket:[")) {
                            inodes.add(link.substring(8, link.length() - 1));
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                }
            }
            long count = 0;
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path file = Path.of(table);
                if (!Files.exists(file)) {
                    continue;
                }
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[3].equals("01") && inodes.contains(f[9])) {
                        count++;
                    }
                }
            }
            return count;
        } catch (IOException e) {
            return -1;
        }
    }

    private void uploads() throws Exception {
        boolean withFleetline = options.servers.contains("fleetline");
        Path file = Files.createDirectories(dir.resolve("objects")).resolve("upload.bin");
        long bytes = options.uploadMegabytes * 1_048_576L;
        randomFile(file, bytes, 1);
        long partSize = options.partMegabytes * 1_048_576L;
        System.out.printf("%nUploads: a %,d MiB file in %d MiB parts, %d parts at a time, %d runs per server%n",
                options.uploadMegabytes, options.partMegabytes, options.uploadParallel, options.uploadRuns);
        Map<String, List<MultipartUpload.Result>> results = new LinkedHashMap<>();
        AtomicReference<String> payloadMode = new AtomicReference<>();
        try (S3ProxyServer s3proxy = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3proxy")))) {
            Map<String, S3Client> clients = new LinkedHashMap<>();
            Map<String, ProcessHandle> processes = new LinkedHashMap<>();
            if (withFleetline) {
                clients.put("fleetline", FleetlineObjects.of(fleetline.dataDir())
                        .client(options.uploadParallel + 2, payloadMode));
                processes.put("fleetline", fleetline.process());
            }
            clients.put("s3proxy", MultipartUpload.client(s3proxy.endpoint(), Region.US_EAST_1,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY_ID,
                            S3ProxyServer.SECRET_ACCESS_KEY)), options.uploadParallel + 2, payloadMode));
            processes.put("s3proxy", s3proxy.process());
            for (S3Client s3 : clients.values()) {
                s3.createBucket(r -> r.bucket(UPLOAD_BUCKET));
            }
            // warm-up: one small upload each (JIT, connection pools), not counted
            Path small = dir.resolve("objects").resolve("warm-up.bin");
            randomFile(small, 4 * partSize, 2);
            for (var e : clients.entrySet()) {
                MultipartUpload.run(e.getValue(), UPLOAD_BUCKET, "warm-up", small, partSize, options.uploadParallel,
                        processes.get(e.getKey()));
                e.getValue().deleteObject(r -> r.bucket(UPLOAD_BUCKET).key("warm-up"));
            }
            System.out.println("payload of the parts (x-amz-content-sha256): " + payloadMode.get());
            System.out.println(String.format("%-9s %4s %9s %8s %11s %8s %8s %9s", "server", "run", "MB/s", "s",
                    "complete s", "server%", "client%", "machine%"));
            List<String> names = new ArrayList<>(clients.keySet());
            for (int run = 0; run < options.uploadRuns; run++) {
                List<String> order = new ArrayList<>(names);
                if (run % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String name : order) {
                    flushDirtyPages();  // start each run with nothing left to write back from the last
                    MultipartUpload.Result r = MultipartUpload.run(clients.get(name), UPLOAD_BUCKET, "firmware.bin",
                            file, partSize, options.uploadParallel, processes.get(name));
                    results.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
                    System.out.println(String.format(Locale.ROOT, "%-9s %4d %,9.0f %8.2f %11.2f %8.0f %8.0f %9.0f",
                            name, run + 1, r.megabytesPerSecond(), r.seconds(), r.completeSeconds(),
                            100 * r.serverCpu() / r.seconds(), 100 * r.clientCpu() / r.seconds(),
                            100 * r.machineCpu() / r.seconds()));
                    clients.get(name).deleteObject(d -> d.bucket(UPLOAD_BUCKET).key("firmware.bin"));
                }
            }
            clients.values().forEach(S3Client::close);
        }
        summary.add(String.format(Locale.ROOT, "Uploads: %,d MiB, %d MiB parts, %d at a time; medians of %d runs"
                        + " (MB = 10^6 bytes); parts sent as %s", options.uploadMegabytes, options.partMegabytes,
                options.uploadParallel, options.uploadRuns, payloadMode.get()));
        summary.add("| server | MB/s | s | completion s | server CPU % | client CPU % | machine CPU % | runs (MB/s) |");
        summary.add("|---|---:|---:|---:|---:|---:|---:|---|");
        for (var e : results.entrySet()) {
            List<MultipartUpload.Result> rs = e.getValue();
            summary.add(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.0f | %.0f | %.0f | %s |", e.getKey(),
                    median(rs, MultipartUpload.Result::megabytesPerSecond), median(rs, MultipartUpload.Result::seconds),
                    median(rs, MultipartUpload.Result::completeSeconds),
                    median(rs, r -> 100 * r.serverCpu() / r.seconds()), median(rs, r -> 100 * r.clientCpu() / r.seconds()),
                    median(rs, r -> 100 * r.machineCpu() / r.seconds()),
                    rs.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.megabytesPerSecond()))
                            .collect(Collectors.joining(", "))));
        }
        if (results.containsKey("fleetline")) {
            summary.add(String.format(Locale.ROOT, "fleetline / s3proxy = %.2f (target ≥ 1.00)",
                    median(results.get("fleetline"), MultipartUpload.Result::megabytesPerSecond)
                            / median(results.get("s3proxy"), MultipartUpload.Result::megabytesPerSecond)));
        }
    }

    /** {@code sync}: writes back what earlier runs left in the page cache, so no run pays for another's writes. */
    private static void flushDirtyPages() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    /** Writes {@code bytes} random bytes (seeded: the same on every run) and answers their SHA-256 in hex. */
    static String randomFile(Path file, long bytes, long seed) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; ) {
                for (int i = 0; i < buffer.length; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        buffer[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                int n = (int) Math.min(buffer.length, left);
                out.write(buffer, 0, n);
                sha256.update(buffer, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static <T> double median(List<T> results, ToDoubleFunction<T> metric) {
        double[] values = results.stream().mapToDouble(metric).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Command-line options with their defaults. */
    private static final class Options {
        int seconds = 10;
        int warmUpSeconds = 5;
        int[] clients = {1, 100, 1000};
        int[] sizes = {8, 64};
        List<String> protocols = List.of("http", "https");
        List<String> scenarios = List.of("download", "heap", "upload");
        List<String> servers = List.of("fleetline", "nginx");
        int uploadMegabytes = 1024;
        int partMegabytes = 16;
        int uploadParallel = 4;
        int uploadRuns = 3;
        int heapSeconds = 20;
        int heapClients = 1000;
        boolean keep;
        boolean profile;
        List<String> fleetlineJvm = List.of("-Xmx256m");

        static Options parse(String[] args) {
            Options o = new Options();
            BenchArgs.parse(args, BenchArgs.COMMON_FLAGS, flag -> {
                o.keep |= flag.equals("--keep");
                o.profile |= flag.equals("--profile");
            }, (option, v) -> {
                switch (option) {
                    case "--seconds" -> o.seconds = Integer.parseInt(v);
                    case "--warm-up" -> o.warmUpSeconds = Integer.parseInt(v);
                    case "--clients" -> o.clients = BenchArgs.ints(v);
                    case "--sizes" -> o.sizes = BenchArgs.ints(v);
                    case "--protocols" -> o.protocols = BenchArgs.list(v);
                    case "--scenarios" -> o.scenarios = BenchArgs.list(v);
                    case "--servers" -> o.servers = BenchArgs.list(v);
                    case "--upload-mb" -> o.uploadMegabytes = Integer.parseInt(v);
                    case "--part-mb" -> o.partMegabytes = Integer.parseInt(v);
                    case "--upload-parallel" -> o.uploadParallel = Integer.parseInt(v);
                    case "--upload-runs" -> o.uploadRuns = Integer.parseInt(v);
                    case "--heap-seconds" -> o.heapSeconds = Integer.parseInt(v);
                    case "--heap-clients" -> o.heapClients = Integer.parseInt(v);
                    case "--fleetline-jvm" -> o.fleetlineJvm = BenchArgs.words(v);
                    default -> throw BenchArgs.unknown(option);
                }
            });
            return o;
        }
    }
}
