package io.fleetline.bench;

import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobProcessDetails;
import software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient;

/**
 * IoT Jobs end to end (issue 4): a server process on SQLite or PostgreSQL, a fleet in one thing group, and devices
 * that each run the job (start-next, IN_PROGRESS, SUCCEEDED): as many over MQTT with mutual TLS as asked, the rest
 * over the HTTPS jobs data plane. It reports the time CreateJob takes for large groups, executions completed per
 * second, notify-next latency, and how closely a rollout keeps its rate. Devices and server share this machine.
 *
 * <p>Usage: {@code bench/run jobs [--stores sqlite,postgresql] [--things 100000] [--mqtt 100000]
 * [--things-per-connection 10] [--https-workers 32]
 * [--creation 100000,1000000] [--rate 600] [--rate-seconds 120] [--server-jvm "-Xmx4g ..."] [--warm-up true]}.
 * With {@code --warm-up true} (the default) the fleet first runs a job on the fresh server, then the measured one.
 */
public final class JobsBench {
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:us-east-1:000000000000:client/dev-conn-*"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "arn:aws:iot:us-east-1:000000000000:topic/$aws/things/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/things/*"}]}""";

    private List<Store> stores = List.of(Store.SQLITE, Store.POSTGRESQL);
    private int things = 100_000;
    private int mqtt = 100_000;
    private int perConnection = 10;
    private int httpsWorkers = 32;
    private int[] creation = {100_000, 1_000_000};
    private int rate = 600;
    private int rateSeconds = 120;
    private List<String> serverJvm = List.of("-Xmx4g");
    private boolean warmUp = true;

    public static void main(String[] args) throws Exception {
        JobsBench bench = new JobsBench();
        bench.parse(args);
        System.out.printf("machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
        for (Store store : bench.stores) {
            for (int size : bench.creation) {
                bench.creation(store, size);
            }
            bench.throughput(store);
        }
        System.exit(0);  // the MQTT client library keeps non-daemon threads
    }

    private void parse(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--stores" -> stores = Arrays.stream(v.split(",")).map(s -> Store.valueOf(s.toUpperCase(Locale.ROOT)))
                        .toList();
                case "--things" -> things = Integer.parseInt(v);
                case "--mqtt" -> mqtt = Integer.parseInt(v);
                case "--things-per-connection" -> perConnection = Integer.parseInt(v);
                case "--https-workers" -> httpsWorkers = Integer.parseInt(v);
                case "--creation" -> creation = v.isBlank() ? new int[0]
                        : Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--rate" -> rate = Integer.parseInt(v);
                case "--rate-seconds" -> rateSeconds = Integer.parseInt(v);
                case "--server-jvm" -> serverJvm = List.of(v.trim().split("\\s+"));
                case "--warm-up" -> warmUp = Boolean.parseBoolean(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
    }

    /** CreateJob on a group of {@code size} things, and how long releasing them all then takes. */
    private void creation(Store store, int size) throws Exception {
        Path dir = Files.createTempDirectory("fleetline-jobs-bench");
        String url = store.newUrl(dir);
        try {
            double written = FleetRows.write(url, "group", size);
            try (FleetlineBroker server = FleetlineBroker.start(dir, serverJvm, List.of("--db-url", url,
                    "--mqtt-port", "-1", "--mqtt-ws-port", "-1", "--device-https-port", "-1"))) {
                // the broker is off here: CreateJob and the rollout, not notifications, are measured
                try (IotClient iot = server.iot()) {
                    long started = System.nanoTime();
                    iot.createJob(r -> r.jobId("big").document("{\"v\":1}")
                            .targets("arn:aws:iot:us-east-1:000000000000:thinggroup/group"));
                    double created = (System.nanoTime() - started) / 1e9;
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
                    while (notified(iot, "big") < size && System.nanoTime() < deadline) {
                        Thread.sleep(500);  // polling the server's progress
                    }
                    double released = (System.nanoTime() - started) / 1e9;
                    System.out.printf(Locale.ROOT, "%-10s create-job %,10d targets: CreateJob %.2f s; all %s released"
                                    + " after %.1f s (fleet rows written in %.1f s beforehand)%n", store.name().toLowerCase(),
                            size, created, notified(iot, "big") == size ? "" : "NOT", released, written);
                }
            }
        } finally {
            store.drop(url);
        }
    }

    private void throughput(Store store) throws Exception {
        Path dir = Files.createTempDirectory("fleetline-jobs-bench");
        String url = store.newUrl(dir);
        try {
            FleetRows.write(url, "fleet", things);
            try (FleetlineBroker server = FleetlineBroker.start(dir, serverJvm, List.of("--db-url", url,
                    "--mqtt-ws-port", "-1", "--device-https-port", "-1"));
                 IotClient iot = server.iot(); IotJobsDataPlaneClient data = jobsData(server.dataDir())) {
                DeviceIdentity identity = provision(iot);
                AtomicReference<IntConsumer> onCompleted = new AtomicReference<>(device -> { });
                int onMqtt = Math.min(mqtt, things);
                try (MqttJobDevices devices = new MqttJobDevices(device -> onCompleted.get().accept(device))) {
                    long connecting = System.nanoTime();
                    devices.connect(new LoadClients(List.of(identity), server.caFile()), server, onMqtt, perConnection, 32);
                    System.out.printf(Locale.ROOT, "%-10s %,d things over MQTT on %,d connections (%.1f s to connect and"
                                    + " subscribe); %,d over HTTPS with %d workers%n", store.name().toLowerCase(), onMqtt,
                            (onMqtt + perConnection - 1) / perConnection, (System.nanoTime() - connecting) / 1e9,
                            things - onMqtt, httpsWorkers);
                    if (warmUp) {
                        // a server runs warm: the first job on a fresh JVM pays for class loading and the JIT
                        System.out.println("-- first job on the fresh server (cold JIT):");
                        runJob(store, server, iot, data, devices, onCompleted, "warm-up", onMqtt);
                        devices.notifiedAt.clear();
                        System.out.println("-- second job, same fleet, warm server:");
                    }
                    Instant created = runJob(store, server, iot, data, devices, onCompleted, "fleet-update", onMqtt);
                    devices.notifiedAt.values().stream().mapToLong(Long::longValue).min().ifPresent(first ->
                            System.out.printf(Locale.ROOT, "first notify-next %.2f s after CreateJob was sent; last %.2f s%n",
                                    (first - created.toEpochMilli()) / 1e3, (devices.notifiedAt.values().stream()
                                            .mapToLong(Long::longValue).max().orElse(first) - created.toEpochMilli()) / 1e3));
                    notifyLatency(store, iot, devices, created);
                    rateAccuracy(store, iot);
                }
            }
        } finally {
            store.drop(url);
        }
    }

    /** One job on the whole fleet, run to the end by the devices; answers when CreateJob was sent. */
    private Instant runJob(Store store, FleetlineBroker server, IotClient iot, IotJobsDataPlaneClient data,
                           MqttJobDevices devices, AtomicReference<IntConsumer> onCompleted, String jobId, int onMqtt)
            throws InterruptedException {
        AtomicLongArray perSecond = new AtomicLongArray(24 * 3600);
        CountDownLatch done = new CountDownLatch(things);
        onCompleted.set(device -> {
            perSecond.incrementAndGet((int) ((System.nanoTime() - T0.get()) / 1_000_000_000L));
            done.countDown();
        });
        T0.set(System.nanoTime());
        CpuUse.Meter cpu = CpuUse.start(server.process());
        Instant created = Instant.now();
        iot.createJob(r -> r.jobId(jobId).document("{\"firmware\":\"2.1.0\"}")
                .targets("arn:aws:iot:us-east-1:000000000000:thinggroup/fleet"));
        System.out.printf(Locale.ROOT, "CreateJob returned after %.2f s%n", (System.nanoTime() - T0.get()) / 1e9);
        List<Thread> workers = HttpsJobWorkers.start(data, jobId, onMqtt, things, httpsWorkers,
                device -> onCompleted.get().accept(device));
        boolean all = done.await(60, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - T0.get()) / 1e9;
        CpuUse used = cpu.stop();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        }
        report(store, seconds, all, perSecond);
        // what the server would sustain with the machine to itself: its CPU per completed execution
        System.out.printf(Locale.ROOT, "%-10s CPU: server %.0f%% of a core (%.2f ms per completed execution),"
                        + " devices %.0f%% (%.2f ms per execution)%n", store.name().toLowerCase(),
                used.brokerPercent(), 1000 * used.brokerSeconds() / things, used.loadPercent(),
                1000 * used.loadSeconds() / things);
        System.out.printf(Locale.ROOT, "%-10s machine busy %.0f%% of %d cores%s%n", store.name().toLowerCase(),
                used.machinePercent() / Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors(), store == Store.POSTGRESQL
                        ? String.format(Locale.ROOT, "; PostgreSQL %.0f%% of a core (%.2f ms per execution)",
                        used.postgresPercent(), 1000 * used.postgresSeconds() / things) : "");
        return created;
    }

    private static final java.util.concurrent.atomic.AtomicLong T0 = new java.util.concurrent.atomic.AtomicLong();

    private void report(Store store, double seconds, boolean all, AtomicLongArray perSecond) {
        int last = (int) Math.ceil(seconds);
        List<Long> steady = new ArrayList<>();
        for (int s = last / 10; s < last * 9 / 10; s++) {
            steady.add(perSecond.get(s));
        }
        StringBuilder timeline = new StringBuilder();
        for (int s = 0; s < last; s++) {
            timeline.append(perSecond.get(s)).append(' ');
        }
        System.out.println("completions per second: " + timeline.toString().trim());
        steady.sort(null);
        long median = steady.isEmpty() ? 0 : steady.get(steady.size() / 2);
        System.out.printf(Locale.ROOT, "%-10s %,d executions %s in %.1f s from CreateJob: %,.0f completed/s overall,"
                        + " median %,d/s over the middle 80%% of the run%n", store.name().toLowerCase(), things,
                all ? "completed" : "NOT all completed", seconds, things / seconds, median);
    }

    /** From the execution's queuedAt to the device receiving notify-next, for a sample of the MQTT devices. */
    private void notifyLatency(Store store, IotClient iot, MqttJobDevices devices, Instant created) {
        List<Long> latencies = new ArrayList<>();
        devices.notifiedAt.entrySet().stream().limit(500).forEach(e -> {
            Instant queued = iot.describeJobExecution(r -> r.jobId("fleet-update").thingName(e.getKey()))
                    .execution().queuedAt();
            latencies.add(e.getValue() - queued.toEpochMilli());
        });
        latencies.sort(null);
        if (!latencies.isEmpty()) {
            System.out.printf(Locale.ROOT, "%-10s notify-next latency (queuedAt to device, %d devices): p50 %d ms,"
                            + " p99 %d ms%n", store.name().toLowerCase(), latencies.size(),
                    latencies.get(latencies.size() / 2), latencies.get(Math.min(latencies.size() - 1,
                            (int) Math.ceil(latencies.size() * 0.99) - 1)));
        }
    }

    /** A second job at a fixed rate on the same fleet: released executions counted over a stretch of minutes. */
    private void rateAccuracy(Store store, IotClient iot) throws InterruptedException {
        iot.createJob(r -> r.jobId("paced").document("{\"v\":2}")
                .targets("arn:aws:iot:us-east-1:000000000000:thinggroup/fleet")
                .jobExecutionsRolloutConfig(c -> c.maximumPerMinute(rate)));
        Thread.sleep(10_000);  // past the first release and the first ticks
        long first = notified(iot, "paced");
        long started = System.nanoTime();
        Thread.sleep(rateSeconds * 1000L);
        long second = notified(iot, "paced");
        double minutes = (System.nanoTime() - started) / 60e9;
        double measured = (second - first) / minutes;
        System.out.printf(Locale.ROOT, "%-10s rollout at maximumPerMinute=%d: %.1f released a minute over %.1f minutes"
                        + " (%+.2f%%)%n", store.name().toLowerCase(), rate, measured, minutes, 100 * (measured - rate) / rate);
    }

    private static long notified(IotClient iot, String jobId) {
        JobProcessDetails d = iot.describeJob(r -> r.jobId(jobId)).job().jobProcessDetails();
        return (long) d.numberOfQueuedThings() + d.numberOfInProgressThings() + d.numberOfSucceededThings()
                + d.numberOfFailedThings() + d.numberOfRejectedThings() + d.numberOfTimedOutThings()
                + d.numberOfCanceledThings() + d.numberOfRemovedThings();
    }

    private static DeviceIdentity provision(IotClient iot) {
        iot.createPolicy(r -> r.policyName("devices").policyDocument(POLICY));
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName("devices").target(keys.certificateArn()));
        return new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
    }

    private static IotJobsDataPlaneClient jobsData(Path dataDir) {
        var endpoint = io.fleetline.testkit.ServerProcess.endpoint(dataDir);
        return IotJobsDataPlaneClient.builder()
                .endpointOverride(URI.create(endpoint.get("http").asText()))
                .region(Region.of(endpoint.get("region").asText()))
                .credentialsProvider(ProfileCredentialsProvider.builder().profileFile(ProfileFile.builder()
                        .content(dataDir.resolve("credentials")).type(ProfileFile.Type.CREDENTIALS).build()).build())
                .httpClient(ApacheHttpClient.builder().maxConnections(64).connectionTimeout(Duration.ofSeconds(10)).build())
                .build();
    }
}
