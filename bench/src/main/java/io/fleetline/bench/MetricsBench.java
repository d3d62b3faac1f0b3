package io.fleetline.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient;

/**
 * {@code GET /metrics} scrape time (issue 19) on a server process whose registry is what a working fleet gives it: a
 * thousand things created and described over the API (some missing: 404s), a job of a thousand executions rolled out
 * and run to SUCCEEDED by devices on the jobs data plane, and then every operation of the IoT API called once with an
 * empty request (the spread of operation and status labels a server collects over months). It then scrapes
 * as Prometheus does (one HTTP GET on a kept-alive connection) and reports the scrape's size and its time.
 *
 * <p>Usage: {@code bench/run metrics [--things 1000] [--scrapes 500] [--server-jvm "-Xmx1g"] [--dump scrape.txt]
 * [--workload true]}
 * ({@code --dump} writes the last scrape to a file); then the scrape's own cost in process, without HTTP or a server
 * ({@code --workload false} measures that alone).
 */
public final class MetricsBench {
    private int things = 1_000;
    private int scrapes = 500;
    private List<String> serverJvm = List.of("-Xmx1g");
    private Path dump;
    private boolean workload = true;

    public static void main(String[] args) throws Exception {
        MetricsBench bench = new MetricsBench();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--things" -> bench.things = Integer.parseInt(args[i + 1]);
                case "--scrapes" -> bench.scrapes = Integer.parseInt(args[i + 1]);
                case "--server-jvm" -> bench.serverJvm = List.of(args[i + 1].trim().split("\\s+"));
                case "--dump" -> bench.dump = Path.of(args[i + 1]);
                case "--workload" -> bench.workload = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
        if (bench.workload) {
            bench.run();
        }
        bench.inProcess();
        System.exit(0);
    }

    private void run() throws Exception {
        Path dir = Files.createTempDirectory("fleetline-metrics-bench");
        try (FleetlineBroker server = FleetlineBroker.start(dir, serverJvm, List.of("--mqtt-ws-port", "-1",
                "--device-https-port", "-1", "--jobs-tick", "PT0.2S"));
             IotClient iot = server.iot(); IotJobsDataPlaneClient data = jobsData(server.dataDir())) {
            long started = System.nanoTime();
            fleet(iot);
            rollout(iot, data);
            int operations = everyOperation(iot);
            System.out.printf(Locale.ROOT, "workload: %,d things, %d other operations, a job of %,d executions, in %.1f s%n",
                    things, operations, things, (System.nanoTime() - started) / 1e9);
            scrape(URI.create(io.fleetline.testkit.ServerProcess.endpoint(server.dataDir()).get("http").asText()
                    + "/metrics"), server.process());
        }
    }

    /**
     * The scrape's own cost, without HTTP or a server around it: a {@code ServerMetrics} (its JVM meters bound) whose
     * request listener has heard 110 operations, written 1,000 times on this thread after 500 to warm up; CPU time of
     * this thread and wall time per scrape.
     */
    private void inProcess() {
        try (io.fleetline.server.metrics.ServerMetrics metrics = io.fleetline.server.metrics.ServerMetrics.create()) {
            var requests = metrics.requests("api");
            for (int operation = 0; operation < 110; operation++) {
                requests.served("iot", "Operation" + operation, 200, 3_000_000);
            }
            for (int i = 0; i < 500; i++) {
                metrics.scrape();
            }
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            String text = "";
            for (int i = 0; i < 1000; i++) {
                text = metrics.scrape();
            }
            System.out.printf(Locale.ROOT, "in process: %,d series, %.2f ms of CPU and %.2f ms of wall time per scrape%n",
                    text.lines().filter(line -> !line.isEmpty() && !line.startsWith("#")).count(),
                    (threads.getCurrentThreadCpuTime() - cpu) / 1e9, (System.nanoTime() - wall) / 1e9);
        }
    }

    /** The things, created and described on 8 threads, in a group the job targets; and 100 that do not exist. */
    private void fleet(IotClient iot) throws InterruptedException {
        iot.createThingGroup(r -> r.thingGroupName("fleet"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(things);
        IntStream.range(0, things).forEach(i -> pool.execute(() -> {
            try {
                String name = FleetRows.thing(i);
                iot.createThing(r -> r.thingName(name).attributePayload(a -> a.attributes(
                        java.util.Map.of("model", "m" + (i % 7)))));
                iot.addThingToThingGroup(r -> r.thingName(name).thingGroupName("fleet"));
                iot.describeThing(r -> r.thingName(name));
                if (i % 10 == 0) {
                    try {
                        iot.describeThing(r -> r.thingName(name + "-missing"));
                    } catch (software.amazon.awssdk.services.iot.model.ResourceNotFoundException expected) {
                        // a 404, as a fleet's tooling meets now and then
                    }
                }
            } finally {
                done.countDown();
            }
        }));
        done.await(10, TimeUnit.MINUTES);
        pool.shutdown();
    }

    /**
     * Every operation of the IoT API once, with an empty request (after the rollout: some change state): the spread of
     * operation and status labels a server collects over months, most of them errors here (400 for a missing member
     * or an operation Fleetline does not serve, 404 for a missing resource). Answers how many were called.
     */
    private static int everyOperation(IotClient iot) {
        Method[] methods = Arrays.stream(IotClient.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1
                        && software.amazon.awssdk.services.iot.model.IotRequest.class
                        .isAssignableFrom(m.getParameterTypes()[0]))
                .filter(m -> !m.getName().endsWith("Paginator"))
                .toArray(Method[]::new);
        for (Method method : methods) {
            try {
                Method builder = method.getParameterTypes()[0].getMethod("builder");
                // build() through the public Builder interface: the builder's own class is not accessible
                method.invoke(iot, builder.getReturnType().getMethod("build").invoke(builder.invoke(null)));
            } catch (InvocationTargetException answered) {
                // an error status is a label value like any other; the SDK refuses some empty requests itself
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return methods.length;
    }

    /** A job on the group, released by the engine and run by devices on the jobs data plane. */
    private void rollout(IotClient iot, IotJobsDataPlaneClient data) throws InterruptedException {
        iot.createJob(r -> r.jobId("fleet-update").document("{\"firmware\":\"2.1.0\"}")
                .targets("arn:aws:iot:us-east-1:000000000000:thinggroup/fleet"));
        CountDownLatch done = new CountDownLatch(things);
        for (Thread worker : HttpsJobWorkers.start(data, "fleet-update", 0, things, 16, device -> done.countDown())) {
            worker.join(TimeUnit.MINUTES.toMillis(10));
        }
        if (done.getCount() > 0) {
            throw new IllegalStateException(done.getCount() + " executions did not succeed");
        }
    }

    /**
     * Warms up (200 scrapes: the JIT settles), then times {@code scrapes} scrapes end to end (request sent to the last
     * byte read), and takes the server's own time writing them and its process's CPU over them.
     */
    private void scrape(URI url, ProcessHandle server) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest request = HttpRequest.newBuilder(url).GET().build();
            String body = "";
            for (int i = 0; i < 200; i++) {
                body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            }
            long samples = body.lines().filter(line -> !line.isEmpty() && !line.startsWith("#")).count();
            long families = body.lines().filter(line -> line.startsWith("# TYPE")).count();
            double[] serverBefore = serverTime(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            CpuUse.Meter cpu = CpuUse.start(server);
            long[] nanos = new long[scrapes];
            for (int i = 0; i < scrapes; i++) {
                long started = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                nanos[i] = System.nanoTime() - started;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("scrape answered " + response.statusCode());
                }
            }
            CpuUse used = cpu.stop();
            String last = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            double[] serverAfter = serverTime(last);
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "scrape: %,d series in %d metric families, %,d bytes%n", samples, families,
                    body.length());
            System.out.printf(Locale.ROOT, "scrape time over %d scrapes: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    scrapes, nanos[scrapes / 2] / 1e6, nanos[(int) Math.ceil(scrapes * 0.99) - 1] / 1e6,
                    nanos[scrapes - 1] / 1e6);
            System.out.printf(Locale.ROOT, "server side: writing the text %.2f ms per scrape (mean); the server process"
                            + " used %.2f ms of CPU per scrape (all its threads); the machine was busy %.0f%% of %d cores%n",
                    1e3 * (serverAfter[1] - serverBefore[1]) / (serverAfter[0] - serverBefore[0]),
                    1e3 * used.brokerSeconds() / scrapes,
                    used.machinePercent() / Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors());
            if (dump != null) {
                Files.writeString(dump, last);
            }
        }
    }

    /** The count and the sum of {@code fleetline_metrics_scrape_seconds} in a scrape. */
    private static double[] serverTime(String scrape) {
        return new double[] {value(scrape, "fleetline_metrics_scrape_seconds_count"),
            value(scrape, "fleetline_metrics_scrape_seconds_sum")};
    }

    /** A sample's value in a scrape, by its full name (no labels). */
    private static double value(String scrape, String name) {
        return scrape.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1).trim())).orElse(Double.NaN);
    }

    private static IotJobsDataPlaneClient jobsData(Path dataDir) {
        var endpoint = io.fleetline.testkit.ServerProcess.endpoint(dataDir);
        return IotJobsDataPlaneClient.builder()
                .endpointOverride(URI.create(endpoint.get("http").asText()))
                .region(Region.of(endpoint.get("region").asText()))
                .credentialsProvider(ProfileCredentialsProvider.builder().profileFile(ProfileFile.builder()
                        .content(dataDir.resolve("credentials")).type(ProfileFile.Type.CREDENTIALS).build()).build())
                .httpClient(ApacheHttpClient.builder().maxConnections(32).connectionTimeout(Duration.ofSeconds(10)).build())
                .build();
    }
}
