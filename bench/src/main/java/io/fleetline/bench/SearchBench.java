package io.fleetline.bench;

import io.fleetline.testkit.DeviceIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ThingConnectivityIndexingMode;
import software.amazon.awssdk.services.iot.model.ThingIndexingMode;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * Fleet search (issue 18): a fleet of things with ten attributes and a reported classic shadow each, written into
 * the server's SQLite database before it starts, indexed with UpdateIndexingConfiguration (REGISTRY_AND_SHADOW,
 * connectivity STATUS), then SearchIndex through the AWS SDK over HTTP for a term, a range and a three-clause query
 * at each concurrency, side by side with the same queries as SQL on PostgreSQL over the same data ({@link
 * SqlBaseline}); index lag (a change to visible in search), alone and while devices report; shadow updates per second
 * over MQTT with mutual TLS, with indexing off and on.
 *
 * <p>Usage: {@code bench/run search [--things 10000] [--clients 1,16] [--warm-up 2] [--seconds 5]
 * [--lag-changes 100] [--mqtt-things 1000] [--things-per-connection 10] [--mqtt-seconds 10]
 * [--server-jvm "-Xmx4g"] [--postgres-url jdbc:postgresql://...] [--reuse DIR] [--profile] [--keep]}.
 */
public final class SearchBench {
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:us-east-1:000000000000:client/dev-conn-*"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "arn:aws:iot:us-east-1:000000000000:topic/$aws/things/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/things/*"}]}""";
    /** The three queries: their names, SearchIndex's query string and the SQL baseline's condition. */
    private static final List<String[]> QUERIES = List.of(
            new String[] {"term", SearchFleet.TERM, SqlBaseline.TERM},
            new String[] {"range", SearchFleet.RANGE, SqlBaseline.RANGE},
            new String[] {"boolean", SearchFleet.BOOLEAN, SqlBaseline.BOOLEAN});

    private final SearchOptions o;
    private final List<String> rows = new ArrayList<>();

    private SearchBench(SearchOptions options) {
        this.o = options;
    }

    public static void main(String[] args) throws Exception {
        SearchBench bench = new SearchBench(SearchOptions.parse(args));
        System.out.printf("machine: %d cores, JDK %s; %,d things%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), bench.o.things);
        bench.run();
        System.exit(0);  // the MQTT client library keeps non-daemon threads
    }

    private void run() throws Exception {
        Path dir = o.reuse.isPresent() ? Files.createDirectories(o.reuse.get())
                : Files.createTempDirectory("fleetline-search-bench");
        String url = "jdbc:sqlite:" + dir.resolve("fleet.db").toAbsolutePath();
        if (!SearchRows.reusable(dir, o.things)) {
            System.out.printf(Locale.ROOT, "server database (SQLite): %,d things, %,d attribute rows, %,d shadows"
                    + " written in %.1f s%n", o.things, 10L * o.things, o.things, SearchRows.write(dir, url, o.things));
        } else {
            System.out.println("server database (SQLite): the fleet written by an earlier run, in " + url);
        }
        SearchRows.freshServer(dir, url);
        SqlBaseline sql = SqlBaseline.load(o.postgresUrl, o.things, o.reuse.isPresent());
        boolean done = false;
        try {
            System.out.println("postgresql: " + sql.sizes() + " (" + String.join("; ", SqlBaseline.INDEXES) + ")");
            try (FleetlineBroker server = FleetlineBroker.start(dir, o.serverJvm, List.of("--db-url", url,
                    "--mqtt-ws-port", "-1", "--device-https-port", "-1", "--http-idle-timeout", "PT1H"));
                 IotClient iot = SearchClients.iot(server.dataDir(), 64);
                 IotDataPlaneClient data = SearchClients.data(server.dataDir());
                 MqttShadowDevices devices = new MqttShadowDevices()) {
                DeviceIdentity identity = provision(iot);
                long connecting = System.nanoTime();
                devices.connect(new LoadClients(List.of(identity), server.caFile()), server, o.mqttThings,
                        o.perConnection, 32);
                System.out.printf(Locale.ROOT, "%,d things over MQTT on %,d connections, connected and subscribed in"
                                + " %.1f s%n", o.mqttThings, (o.mqttThings + o.perConnection - 1) / o.perConnection,
                        (System.nanoTime() - connecting) / 1e9);
                shadowUpdates(server, devices, "indexing off", null);
                buildIndex(server, dir);
                search(server, iot, sql);
                baseline(sql);
                IndexLag lag = new IndexLag(iot, data);
                IndexLag.Result idle = lag.measure(o.lagChanges, o.mqttThings, o.things, "idle");
                System.out.println("index lag, idle server: " + idle.describe());
                rows.add(String.format(Locale.ROOT, "| index lag p99, idle | %.1f ms |", idle.p99Millis()));
                shadowUpdates(server, devices, "indexing on", lag);
                if (o.profile) {
                    profile(server, iot, dir);
                }
            }
            System.out.println("\nsummary:");
            rows.forEach(System.out::println);
            done = true;
        } finally {
            if (o.reuse.isPresent()) {
                System.out.println("kept for the next run: " + dir + " and PostgreSQL schema " + SqlBaseline.SCHEMA);
            } else if (o.keep || !done) {
                System.out.println("kept: " + dir + " and PostgreSQL schema " + SqlBaseline.SCHEMA);
            } else {
                sql.drop();
                SearchClients.delete(dir);
            }
        }
    }

    /**
     * UpdateIndexingConfiguration builds the index from the database: the build time runs from the call until
     * DescribeIndex says ACTIVE. With {@code --profile} the build is recorded with JFR (and summarised after).
     */
    private void buildIndex(FleetlineBroker server, Path dir) throws Exception {
        if (o.profile) {
            JfrProfile.start(server.process().pid());
        }
        CpuUse.Meter cpu = CpuUse.start(server.process());
        long started = System.nanoTime();
        try (IotClient slow = SearchClients.patient(server.dataDir())) {
            slow.updateIndexingConfiguration(r -> r.thingIndexingConfiguration(c -> c
                    .thingIndexingMode(ThingIndexingMode.REGISTRY_AND_SHADOW)
                    .thingConnectivityIndexingMode(ThingConnectivityIndexingMode.STATUS)));
            double answered = (System.nanoTime() - started) / 1e9;
            // a server that builds in the background answers BUILDING; one that builds in the call, ACTIVE
            String status = slow.describeIndex(r -> r.indexName("AWS_Things")).indexStatusAsString();
            while (!status.equals("ACTIVE")) {
                Thread.sleep(200);  // polling the server's build
                status = slow.describeIndex(r -> r.indexName("AWS_Things")).indexStatusAsString();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            CpuUse used = cpu.stop();
            System.out.printf(Locale.ROOT, "UpdateIndexingConfiguration answered after %.1f s%n", answered);
            System.out.printf(Locale.ROOT, "index built (DescribeIndex ACTIVE) in %.1f s, %,.0f"
                            + " things/s; server CPU %.0f%%; index %s; on disk %,d MB; server RSS %,d MB%n", seconds,
                    o.things / seconds, used.brokerPercent(), status, SearchClients.megabytes(
                            server.dataDir().resolve("index")),
                    ProcessMemory.residentBytes(server.process()) >> 20);
            rows.add(String.format(Locale.ROOT, "| index build (UpdateIndexingConfiguration) | %.1f s |", seconds));
        }
        if (o.profile) {
            Path file = dir.resolve("build.jfr");
            JfrProfile.stop(server.process().pid(), file);
            JfrProfile.summarize(file).forEach(System.out::println);
        }
    }

    private void search(FleetlineBroker server, IotClient iot, SqlBaseline sql) throws Exception {
        for (String[] q : QUERIES) {
            List<String> fleetline = iot.searchIndex(r -> r.indexName("AWS_Things").queryString(q[1]).maxResults(100))
                    .things().stream().map(t -> t.thingName()).toList();
            List<String> postgres = sql.names(q[2]);
            System.out.printf(Locale.ROOT, "%-8s %s: %,d matches (SQL count); first page %d things, %s%n", q[0], q[1],
                    sql.count(q[2]), fleetline.size(), fleetline.equals(postgres) ? "the same as SQL's"
                            : "DIFFERENT from SQL's: " + fleetline + " / " + postgres);
        }
        // every query once at the highest concurrency, unmeasured: the JIT and the page cache, before the first cell
        int most = Arrays.stream(o.clients).max().orElse(1);
        for (String[] q : QUERIES) {
            try (IotClient pool = SearchClients.iot(server.dataDir(), most)) {
                QueryLoad.run(most, 0, o.warmUpSeconds, () -> () ->
                        pool.searchIndex(r -> r.indexName("AWS_Things").queryString(q[1]).maxResults(100)));
            }
        }
        for (String[] q : QUERIES) {
            for (int clients : o.clients) {
                try (IotClient pool = SearchClients.iot(server.dataDir(), clients)) {
                    CpuUse.Meter cpu = CpuUse.start(server.process());
                    LatencyRecorder.Summary s = QueryLoad.run(clients, o.warmUpSeconds, o.seconds, () -> () ->
                            pool.searchIndex(r -> r.indexName("AWS_Things").queryString(q[1]).maxResults(100)));
                    cell("fleetline", q[0], clients, s, cpu.stop());
                }
            }
        }
    }

    private void baseline(SqlBaseline sql) throws Exception {
        for (String[] q : QUERIES) {
            System.out.println("postgresql plan, " + q[0] + ":\n  " + String.join("\n  ", sql.explain(q[2])));
        }
        int most = Arrays.stream(o.clients).max().orElse(1);
        for (String[] q : QUERIES) {
            QueryLoad.run(most, 0, o.warmUpSeconds, () -> sql.client(q[2]));  // as for Fleetline, unmeasured
        }
        for (String[] q : QUERIES) {
            for (int clients : o.clients) {
                CpuUse.Meter cpu = CpuUse.start(ProcessHandle.current());
                LatencyRecorder.Summary s = QueryLoad.run(clients, o.warmUpSeconds, o.seconds, () -> sql.client(q[2]));
                cell("postgresql", q[0], clients, s, cpu.stop());
            }
        }
        // the SQL side's best case for the three-clause query: an index made for it alone
        sql.execute(SqlBaseline.COMPOSITE);
        System.out.println("postgresql plan, boolean with " + SqlBaseline.COMPOSITE + ":\n  "
                + String.join("\n  ", sql.explain(SqlBaseline.BOOLEAN)));
        for (int clients : o.clients) {
            CpuUse.Meter cpu = CpuUse.start(ProcessHandle.current());
            LatencyRecorder.Summary s = QueryLoad.run(clients, o.warmUpSeconds, o.seconds,
                    () -> sql.client(SqlBaseline.BOOLEAN));
            cell("postgresql+composite", "boolean", clients, s, cpu.stop());
        }
    }

    private void cell(String system, String query, int clients, LatencyRecorder.Summary s, CpuUse cpu) {
        String line = String.format(Locale.ROOT, "| %s | %s | %d | %,d | %,.0f | %.2f | %.2f | %d | %.0f | %.0f | %.0f |",
                system, query, clients, s.requests(), s.perSecond(), s.p50Millis(), s.p99Millis(), s.errors(),
                system.equals("fleetline") ? cpu.brokerPercent() : 0, cpu.loadPercent(),
                cpu.machinePercent() / Runtime.getRuntime().availableProcessors());
        System.out.println(line + s.firstError().map(e -> "  first error: " + e).orElse(""));
        rows.add(line);
    }

    /** Devices report for a while; with a lag probe, index lag is measured meanwhile on other things. */
    private void shadowUpdates(FleetlineBroker server, MqttShadowDevices devices, String label, IndexLag lag)
            throws Exception {
        devices.run(o.warmUpSeconds);  // not counted: the JIT, and the first update of each shadow
        CpuUse.Meter cpu = CpuUse.start(server.process());
        CompletableFuture<IndexLag.Result> probe = lag == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> lag.measure(o.lagChanges, o.mqttThings, o.things, "busy"));
        MqttShadowDevices.Result r = devices.run(o.mqttSeconds);
        CpuUse used = cpu.stop();
        LatencyRecorder.Summary s = r.accepted();
        String line = String.format(Locale.ROOT, "| shadow updates over MQTT, %s | %,.0f/s (p50 %.1f ms, p99 %.1f ms,"
                        + " %d rejected; server CPU %.0f%%, machine %.0f%%) |", label, s.perSecond(), s.p50Millis(),
                s.p99Millis(), r.rejected(), used.brokerPercent(),
                used.machinePercent() / Runtime.getRuntime().availableProcessors());
        System.out.println(line);
        rows.add(line);
        IndexLag.Result busy = probe.get();
        if (busy != null) {
            System.out.println("index lag while devices report: " + busy.describe());
            rows.add(String.format(Locale.ROOT, "| index lag p99, while devices report | %.1f ms |", busy.p99Millis()));
        }
    }

    /** An unmeasured pass of the queries at the highest concurrency under JFR, summarised. */
    private void profile(FleetlineBroker server, IotClient iot, Path dir) throws Exception {
        int clients = Arrays.stream(o.clients).max().orElse(1);
        Path file = dir.resolve("search.jfr");
        JfrProfile.start(server.process().pid());
        for (String[] q : QUERIES) {
            try (IotClient pool = SearchClients.iot(server.dataDir(), clients)) {
                QueryLoad.run(clients, 0, o.seconds, () -> () ->
                        pool.searchIndex(r -> r.indexName("AWS_Things").queryString(q[1]).maxResults(100)));
            }
        }
        JfrProfile.stop(server.process().pid(), file);
        JfrProfile.summarize(file).forEach(System.out::println);
    }

    private static DeviceIdentity provision(IotClient iot) {
        String policy = "devices-" + System.currentTimeMillis();  // a reused database holds earlier runs' policies
        iot.createPolicy(r -> r.policyName(policy).policyDocument(POLICY));
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName(policy).target(keys.certificateArn()));
        return new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
    }
}
