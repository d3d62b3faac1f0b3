package io.fleetline.bench;

import io.fleetline.testkit.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The MQTT broker side by side with Mosquitto (issue 3): both brokers run on this machine at once, the same
 * load generator (HiveMQ MQTT 5 clients in this JVM) drives both over loopback with the same mutual TLS
 * (Fleetline's CA, server certificate and device certificates), QoS 1 and 100-byte payloads. Runs of the two
 * brokers alternate, and which goes first alternates too, so drift on the shared machine hits both alike.
 *
 * <p>Usage: {@code bench/run mqtt [--runs 3] [--seconds 10] [--warm-up 15] [--max-messages 2000000] [--fan 100]
 * [--outstanding 1000] [--connects 1000] [--parallel 32] [--idle 10000,50000] [--certificates 20]
 * [--scenarios flow,connect,idle] [--shapes 1-1,fan-in,fan-out] [--fleetline-jvm "-Xmx2g ..."]}
 */
public final class MqttBrokerBench {
    private final Options options;
    private final List<BrokerUnderTest> brokers;
    private final LoadClients clients;
    private int runCounter;

    private MqttBrokerBench(Options options, List<BrokerUnderTest> brokers, LoadClients clients) {
        this.options = options;
        this.brokers = brokers;
        this.clients = clients;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path dir = Files.createTempDirectory("fleetline-mqtt-bench");
        System.out.println("work dir " + dir + " (broker logs: fleetline.log, mosquitto/mosquitto.log)");
        try (FleetlineBroker fleetline = FleetlineBroker.start(dir.resolve("fleetline"), options.fleetlineJvm)) {
            List<DeviceIdentity> devices = fleetline.provision(options.certificates);
            System.out.printf("provisioned policy 'bench' and %d certificates (CreateKeysAndCertificate, RSA 2048);"
                    + " client i presents certificate i %% %d%n", devices.size(), devices.size());
            Path mosquittoDir = Files.createDirectories(dir.resolve("mosquitto"));
            try (MosquittoBroker mosquitto = MosquittoBroker.start(mosquittoDir, fleetline.caFile(),
                    fleetline.serverChain(), fleetline.serverKey())) {
                System.out.printf("machine: %d cores, JDK %s, %s%n", Runtime.getRuntime().availableProcessors(),
                        Runtime.version(), MosquittoBroker.version());
                LoadClients clients = new LoadClients(devices, fleetline.caFile());
                for (BrokerUnderTest broker : List.<BrokerUnderTest>of(fleetline, mosquitto)) {
                    System.out.println(TlsProbe.describe(broker, devices.get(0), fleetline.caFile(), clients));
                }
                new MqttBrokerBench(options, List.of(fleetline, mosquitto), clients).runAll();
                List<String> log = MosquittoBroker.notableLog(mosquittoDir);
                if (!log.isEmpty()) {
                    System.out.println("mosquitto logged:");
                    log.forEach(line -> System.out.println("  " + line));
                }
            }
        }
        deleteTree(dir);
        // the MQTT client library keeps non-daemon event-loop threads alive after its last client disconnects
        System.exit(0);
    }

    private void runAll() throws InterruptedException {
        List<String> table = new ArrayList<>();
        // flows first, on fresh brokers: Mosquitto 2.0.11 measured a third slower in flows after it had held
        // 18,000 idle connections (docs/benchmarks.md); memory is measured as a difference, which later is fine
        if (options.scenarios.contains("flow")) {
            table.addAll(flows());
        }
        if (options.scenarios.contains("connect")) {
            table.addAll(connects());
        }
        if (options.scenarios.contains("idle")) {
            table.addAll(idle());
        }
        System.out.println();
        System.out.println("Summary (medians of " + options.runs + " runs; lost and failed are totals over all runs;"
                + " broker% / loadgen% = CPU of the broker process / of the load generator, in % of one core;"
                + " µs/deliv and ms/conn = broker CPU per delivered message / per connection)");
        table.forEach(System.out::println);
    }

    private List<MessageFlow.Shape> shapes() {
        return List.of(new MessageFlow.Shape("1→1", 1, 1), new MessageFlow.Shape("fan-in", options.fan, 1),
                new MessageFlow.Shape("fan-out", 1, options.fan)).stream()
                .filter(shape -> options.shapes.contains(shape.name())).toList();
    }

    private String nextRunId() {
        return "r" + (++runCounter);
    }

    /** Brokers in the order of this run: alternating, so neither always runs on a machine the other warmed. */
    private List<BrokerUnderTest> order(int run) {
        List<BrokerUnderTest> ordered = new ArrayList<>(brokers);
        if (run % 2 == 1) {
            java.util.Collections.reverse(ordered);
        }
        return ordered;
    }

    private List<String> flows() throws InterruptedException {
        MessageFlow.Load load = new MessageFlow.Load(Duration.ofSeconds(options.seconds), options.maxMessages,
                options.outstanding);
        MessageFlow.Load warmUp = new MessageFlow.Load(Duration.ofSeconds(options.warmUpSeconds), options.maxMessages,
                options.outstanding);
        System.out.printf("%nQoS 1 flows: %d s or %,d messages per run, at most %d deliveries outstanding per run%n",
                options.seconds, options.maxMessages, options.outstanding);
        for (BrokerUnderTest broker : brokers) {
            for (MessageFlow.Shape shape : shapes()) {
                MessageFlow.run(broker, clients, shape, nextRunId(), warmUp);  // JIT and connection pools, not counted
            }
        }
        String header = String.format("%-9s %-8s %-7s %12s %13s %8s %8s %6s %7s %8s %8s %10s", "broker", "scenario",
                "clients", "publishes/s", "deliveries/s", "p50 ms", "p99 ms", "lost", "refused", "broker%", "loadgen%",
                "µs/deliv");
        System.out.println(header);
        Map<String, List<MessageFlow.Result>> results = new LinkedHashMap<>();
        for (MessageFlow.Shape shape : shapes()) {
            for (int run = 0; run < options.runs; run++) {
                for (BrokerUnderTest broker : order(run)) {
                    MessageFlow.Result r = MessageFlow.run(broker, clients, shape, nextRunId(), load);
                    results.computeIfAbsent(broker.name() + " " + shape.name(), k -> new ArrayList<>()).add(r);
                    System.out.println(flowLine(broker.name(), shape, r.publishesPerSecond(), r.deliveriesPerSecond(),
                            r.latency().p50Millis(), r.latency().p99Millis(), r.lost(), r.refused(), r.cpu().brokerPercent(),
                            r.cpu().loadPercent(), r.brokerMicrosPerDelivery()));
                }
            }
        }
        List<String> table = new ArrayList<>(List.of(header));
        for (MessageFlow.Shape shape : shapes()) {
            for (BrokerUnderTest broker : brokers) {
                List<MessageFlow.Result> rs = results.get(broker.name() + " " + shape.name());
                table.add(flowLine(broker.name(), shape, median(rs, MessageFlow.Result::publishesPerSecond),
                        median(rs, MessageFlow.Result::deliveriesPerSecond), median(rs, r -> r.latency().p50Millis()),
                        median(rs, r -> r.latency().p99Millis()), rs.stream().mapToLong(MessageFlow.Result::lost).sum(),
                        rs.stream().mapToLong(MessageFlow.Result::refused).sum(), median(rs, r -> r.cpu().brokerPercent()),
                        median(rs, r -> r.cpu().loadPercent()), median(rs, MessageFlow.Result::brokerMicrosPerDelivery)));
            }
            double ratio = median(results.get("fleetline " + shape.name()), MessageFlow.Result::deliveriesPerSecond)
                    / median(results.get("mosquitto " + shape.name()), MessageFlow.Result::deliveriesPerSecond);
            table.add(String.format(Locale.ROOT, "          %-8s fleetline / mosquitto deliveries/s = %.2f (target ≥ 1.20)",
                    shape.name(), ratio));
        }
        return table;
    }

    private static String flowLine(String broker, MessageFlow.Shape shape, double publishes, double deliveries,
                                   double p50, double p99, long lost, long refused, double brokerCpu, double loadCpu,
                                   double micros) {
        return String.format(Locale.ROOT, "%-9s %-8s %-7s %,12.0f %,13.0f %8.2f %8.2f %6d %7d %8.0f %8.0f %10.1f", broker,
                shape.name(), shape.label(), publishes, deliveries, p50, p99, lost, refused, brokerCpu, loadCpu, micros);
    }

    private List<String> connects() throws InterruptedException {
        System.out.printf("%nmTLS connection set-up: %,d new clients per run, %d handshakes at a time%n",
                options.connects, options.parallel);
        for (BrokerUnderTest broker : brokers) {
            ConnectRate.run(broker, clients, nextRunId(), Math.min(200, options.connects), options.parallel);  // warm-up
        }
        String header = String.format("%-9s %-8s %8s %11s %8s %8s %7s %8s %8s %10s", "broker", "scenario", "clients",
                "connects/s", "p50 ms", "p99 ms", "failed", "broker%", "loadgen%", "ms/conn");
        System.out.println(header);
        Map<String, List<ConnectRate.Result>> results = new LinkedHashMap<>();
        for (int run = 0; run < options.runs; run++) {
            for (BrokerUnderTest broker : order(run)) {
                ConnectRate.Result r = ConnectRate.run(broker, clients, nextRunId(), options.connects, options.parallel);
                results.computeIfAbsent(broker.name(), k -> new ArrayList<>()).add(r);
                System.out.println(connectLine(broker.name(), r.connected(), r.perSecond(), r.latency().p50Millis(),
                        r.latency().p99Millis(), r.failed(), r.cpu().brokerPercent(), r.cpu().loadPercent(),
                        r.brokerMillisPerConnect()));
                r.latency().firstError().ifPresent(e -> System.out.println("  first failure: " + e));
            }
        }
        List<String> table = new ArrayList<>(List.of(header));
        for (BrokerUnderTest broker : brokers) {
            List<ConnectRate.Result> rs = results.get(broker.name());
            table.add(connectLine(broker.name(), options.connects, median(rs, ConnectRate.Result::perSecond),
                    median(rs, r -> r.latency().p50Millis()), median(rs, r -> r.latency().p99Millis()),
                    rs.stream().mapToInt(ConnectRate.Result::failed).sum(), median(rs, r -> r.cpu().brokerPercent()),
                    median(rs, r -> r.cpu().loadPercent()), median(rs, ConnectRate.Result::brokerMillisPerConnect)));
        }
        return table;
    }

    private static String connectLine(String broker, int clients, double perSecond, double p50, double p99, int failed,
                                      double brokerCpu, double loadCpu, double millis) {
        return String.format(Locale.ROOT, "%-9s %-8s %8d %,11.0f %8.2f %8.2f %7d %8.0f %8.0f %10.2f", broker, "connect",
                clients, perSecond, p50, p99, failed, brokerCpu, loadCpu, millis);
    }

    private List<String> idle() throws InterruptedException {
        System.out.printf("%nIdle mTLS connections (keep-alive %d s); open-file limit of this process: %d%n",
                LoadClients.KEEP_ALIVE_SECONDS, ProcessMemory.openFileLimit());
        String header = String.format("%-9s %-8s %8s %12s %12s %11s %8s %20s", "broker", "scenario", "clients",
                "heap B/conn", "freed B/conn", "RSS B/conn", "RSS MB", "heap MB bef/con/aft");
        List<String> table = new ArrayList<>(List.of(header));
        System.out.println(header);
        for (int connections : options.idle) {
            var reason = IdleConnections.doesNotFit(connections);
            if (reason.isPresent()) {
                String line = String.format("%-9s %-8s %8d  not run: %s", "both", "idle", connections, reason.get());
                System.out.println(line);
                table.add(line);
                continue;
            }
            for (BrokerUnderTest broker : brokers) {
                String line;
                try {
                    IdleConnections.Result r = IdleConnections.run(broker, clients, nextRunId(), connections,
                            options.parallel);
                    line = String.format(Locale.ROOT, "%-9s %-8s %8d %12s %12s %,11d %,8d %20s", broker.name(), "idle",
                            connections, bytes(r.heapPerConnection()), bytes(r.heapFreedPerConnection()),
                            r.rssPerConnection(), r.rssConnected() >> 20,
                            r.heapMegabytes().map(m -> m[0] + "/" + m[1] + "/" + m[2]).orElse("-"));
                    System.out.println(line);
                    r.topClasses().forEach(e -> System.out.printf("    %,8d B/conn  %s%n", e.getValue(), e.getKey()));
                } catch (IllegalStateException e) {
                    line = String.format("%-9s %-8s %8d  failed: %s", broker.name(), "idle", connections, e.getMessage());
                    System.out.println(line);
                }
                table.add(line);
            }
        }
        return table;
    }

    private static String bytes(java.util.Optional<Long> value) {
        return value.map(b -> String.format(Locale.ROOT, "%,d", b)).orElse("-");
    }

    private static <T> double median(List<T> results, ToDoubleFunction<T> metric) {
        double[] values = results.stream().mapToDouble(metric).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Command-line options with their defaults. */
    private static final class Options {
        int runs = 3;
        int seconds = 10;
        int warmUpSeconds = 15;
        long maxMessages = 2_000_000;
        int fan = 100;
        int outstanding = 1000;
        int connects = 1000;
        int parallel = 32;
        int[] idle = {10_000, 50_000};
        int certificates = 20;
        List<String> scenarios = List.of("flow", "connect", "idle");
        List<String> shapes = List.of("1→1", "fan-in", "fan-out");
        List<String> fleetlineJvm = List.of();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--runs" -> o.runs = Integer.parseInt(v);
                    case "--seconds" -> o.seconds = Integer.parseInt(v);
                    case "--warm-up" -> o.warmUpSeconds = Integer.parseInt(v);
                    case "--max-messages" -> o.maxMessages = Long.parseLong(v);
                    case "--fan" -> o.fan = Integer.parseInt(v);
                    case "--outstanding" -> o.outstanding = Integer.parseInt(v);
                    case "--connects" -> o.connects = Integer.parseInt(v);
                    case "--parallel" -> o.parallel = Integer.parseInt(v);
                    case "--idle" -> o.idle = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--certificates" -> o.certificates = Integer.parseInt(v);
                    case "--scenarios" -> o.scenarios = List.of(v.split(","));
                    case "--shapes" -> o.shapes = List.of(v.replace("1-1", "1→1").split(","));
                    case "--fleetline-jvm" -> o.fleetlineJvm = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return o;
        }
    }
}
