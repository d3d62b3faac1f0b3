package io.fleetline.bench;

import io.fleetline.server.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * The test-double mode as a CI suite meets it: how long {@code serve --ephemeral --auth permissive} takes from the
 * {@code java} command to "ready" (the process a suite starts once), how long it takes to stop, and how long
 * {@code POST /_fleetline/reset} takes (what a suite pays between tests), empty and with a registry of things.
 *
 * <pre>bench/run testdouble [--starts 5] [--resets 50] [--things 1000] [--mqtt-port -1]</pre>
 */
public final class TestDoubleBench {
    private static String[] flags = {"serve", "--ephemeral", "--auth", "permissive", "--http-port", "0",
        "--mqtt-port", "0", "--mqtt-ws-port", "-1", "--device-https-port", "-1"};

    private TestDoubleBench() {
    }

    public static void main(String[] args) throws Exception {
        int starts = intOption(args, "--starts", 5);
        int resets = intOption(args, "--resets", 50);
        int things = intOption(args, "--things", 1000);
        if (intOption(args, "--mqtt-port", 0) < 0) {
            flags[7] = "-1";  // no broker: what a suite that needs no MQTT can ask for
        }
        Path tmp = Files.createTempDirectory("fleetline-testdouble-bench");
        System.out.printf("test double: %d cores, JDK %s, serve %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), String.join(" ", Arrays.copyOfRange(flags, 1, flags.length)));
        List<Long> ready = new ArrayList<>();
        List<Long> reported = new ArrayList<>();
        List<Long> stops = new ArrayList<>();
        for (int i = 0; i <= starts; i++) {
            long[] run = startAndStop(tmp, i == starts ? resets : 0, things);
            if (i > 0 || starts == 0) {  // the first start also warms the page cache with the jars
                ready.add(run[0]);
                reported.add(run[1]);
                stops.add(run[2]);
            }
        }
        System.out.printf("start to ready (process wall clock): median %d ms, max %d ms over %d starts%n",
                median(ready), max(ready), ready.size());
        System.out.printf("server start-up as it reports it:     median %d ms%n", median(reported));
        System.out.printf("SIGTERM to exit, dir deleted:         median %d ms%n", median(stops));
    }

    /** Starts a server, optionally measures resets on it, stops it; answers {ready ms, reported ms, stop ms}. */
    private static long[] startAndStop(Path tmp, int resets, int things) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.fleetline.server.Main"));
        command.addAll(Arrays.asList(flags));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TMPDIR", tmp.toString());
        long started = System.nanoTime();
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String http = null;
        Path dataDir = null;
        long reported = -1;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("fleetline: http ")) {
                http = line.split("\\s+")[2];
            } else if (line.startsWith("fleetline: ephemeral data dir ")) {
                dataDir = Path.of(line.substring("fleetline: ephemeral data dir ".length()).replaceFirst(" \\(.*$", ""));
            } else if (line.startsWith("fleetline: ready in ")) {
                reported = Long.parseLong(line.substring("fleetline: ready in ".length()).split(" ")[0]);
                break;
            }
        }
        long ready = (System.nanoTime() - started) / 1_000_000;
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                out.lines().forEach(l -> { });
            } catch (java.io.UncheckedIOException closed) {
                // the process is gone
            }
        });
        if (http == null || reported < 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not get ready");
        }
        if (resets > 0) {
            measureResets(http, resets, things);
        }
        long stopping = System.nanoTime();
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
        long stopped = (System.nanoTime() - stopping) / 1_000_000;
        drain.join();
        if (dataDir != null && Files.exists(dataDir)) {
            throw new IllegalStateException("the ephemeral data dir outlived the server: " + dataDir);
        }
        return new long[] {ready, reported, stopped};
    }

    private static void measureResets(String http, int resets, int things) throws Exception {
        try (IotClient iot = IotClient.builder().endpointOverride(URI.create(http)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("111111111111", "x")))
                .httpClient(ApacheHttpClient.builder().maxConnections(16).build()).build()) {
            List<Long> empty = new ArrayList<>();
            List<Long> full = new ArrayList<>();
            for (int i = 0; i < resets; i++) {
                empty.add(timeReset(http));
            }
            for (int i = 0; i < Math.max(3, resets / 10); i++) {
                int cycle = i;
                java.util.stream.IntStream.range(0, things).parallel()
                        .forEach(t -> iot.createThing(r -> r.thingName("t" + cycle + "-" + t)));
                full.add(timeReset(http));
            }
            System.out.printf("reset, nothing to wipe:  median %d ms, max %d ms over %d resets (fleetline reset, "
                    + "signed HTTP round trip included)%n", median(empty), max(empty), empty.size());
            System.out.printf("reset after %,d things: median %d ms, max %d ms over %d resets%n", things,
                    median(full), max(full), full.size());
        }
    }

    private static long timeReset(String http) {
        long started = System.nanoTime();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            if (Main.run("reset", "--endpoint-url", http, "--data-dir", "/nonexistent") != 0) {
                throw new IllegalStateException("reset failed");
            }
        } finally {
            System.setOut(stdout);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
