package io.fleetline.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The fleet-search benchmark's command-line options with their defaults ({@link SearchBench}). */
final class SearchOptions {
    /** Things in the fleet; 10,000 tries the whole benchmark in a couple of minutes, the issue asks 1,000,000. */
    int things = 10_000;
    /** Concurrent clients, for SearchIndex and for the SQL baseline alike. */
    int[] clients = {1, 16};
    /** Seconds each cell runs before it is measured (the JIT, the page cache), and while it is measured. */
    int warmUpSeconds = 2;
    int seconds = 5;
    /** Changes made one after the other for the index lag, half to an attribute, half to the shadow. */
    int lagChanges = 100;
    /** Things updating their shadows over MQTT, how many share a connection, and for how long. */
    int mqttThings = 1000;
    int perConnection = 10;
    int mqttSeconds = 10;
    List<String> serverJvm = List.of("-Xmx4g");
    /** The PostgreSQL database of the SQL baseline (a schema of its own in it, dropped at the end). */
    String postgresUrl = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    /**
     * A work directory kept between runs: the fleet written into its database once (the server's data directory, its
     * index with it, is made afresh each run) and the PostgreSQL table kept, so that a second run at a million things
     * skips the minutes of loading. Empty: a new temporary directory, removed at the end (unless {@code --keep}).
     */
    Optional<Path> reuse = Optional.empty();
    boolean keep;
    /** JFR of the server during an extra, unmeasured pass of the queries at the highest concurrency. */
    boolean profile;

    static SearchOptions parse(String[] args) {
        SearchOptions o = new SearchOptions();
        BenchArgs.parse(args, BenchArgs.COMMON_FLAGS, flag -> {
            o.keep |= flag.equals("--keep");
            o.profile |= flag.equals("--profile");
        }, (option, v) -> {
            switch (option) {
                case "--things" -> o.things = Integer.parseInt(v);
                case "--clients" -> o.clients = BenchArgs.ints(v);
                case "--warm-up" -> o.warmUpSeconds = Integer.parseInt(v);
                case "--seconds" -> o.seconds = Integer.parseInt(v);
                case "--lag-changes" -> o.lagChanges = Integer.parseInt(v);
                case "--mqtt-things" -> o.mqttThings = Integer.parseInt(v);
                case "--things-per-connection" -> o.perConnection = Integer.parseInt(v);
                case "--mqtt-seconds" -> o.mqttSeconds = Integer.parseInt(v);
                case "--server-jvm" -> o.serverJvm = BenchArgs.words(v);
                case "--postgres-url" -> o.postgresUrl = v;
                case "--reuse" -> o.reuse = Optional.of(Path.of(v));
                default -> throw BenchArgs.unknown(option);
            }
        });
        if (o.things < 1000 || o.mqttThings < 1 || o.perConnection < 1 || o.mqttThings * 2 > o.things
                || Arrays.stream(o.clients).anyMatch(c -> c < 1) || o.seconds < 1 || o.lagChanges < 2) {
            throw new IllegalArgumentException("--things is at least 1000 and twice --mqtt-things; --clients,"
                    + " --seconds, --things-per-connection at least 1; --lag-changes at least 2");
        }
        return o;
    }
}
