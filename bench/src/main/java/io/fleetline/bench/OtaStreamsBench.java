package io.fleetline.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.fleetline.testkit.DeviceIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.StreamFile;

/**
 * An OTA image to many devices at once, three ways on the same machine (issue 16): Fleetline's MQTT file streams
 * in CBOR ({@link StreamDevices}: 4 KB blocks, up to 32 a request), Mosquitto relaying as many 4 KB payloads to as
 * many subscribers ({@link MessageFlow}: one publisher, every subscriber gets all 2,048 of the image's blocks, at
 * most 32 of them owed to each at a time), and Fleetline's presigned URL on its device HTTPS port
 * ({@link HttpsDownloads}). The relay is the ceiling of moving those bytes over MQTT here: it has no requests, no
 * object store and no policy. Every path uses mutual TLS for MQTT (Mosquitto as in the broker comparison: Fleetline's
 * CA and server certificate, {@code require_certificate}) and one full TLS handshake per device, made before the
 * clock starts.
 *
 * <p>{@code fleetline serve} runs in its own JVM (SQLite, embedded object store); the image is random (seeded), put
 * into a versioned bucket with the AWS SDK, and the stream made with {@code IotClient.createStream} over that
 * version. Things {@code ota-0} … are created and attached to the device certificates; the policy allows each
 * client its own thing's stream topics only ({@code ${iot:Connection.Thing.ThingName}}).
 *
 * <p>Usage: {@code bench/run ota [--devices 100,1000] [--parts stream,relay,https] [--qos 0] [--relay-qos auto]
 * [--window 32] [--idle-timeout 10] [--timeout 1800] [--warm-up-devices 10] [--certificates 20]
 * [--fleetline-jvm "-Xmx2g"] [--keep] [--profile]}; {@code --keep} leaves the work directory, {@code --profile} records Fleetline with JFR during
 * each measured stream run and prints where its CPU went (the recordings are kept)
 */
public final class OtaStreamsBench {
    static final int BLOCK_BYTES = Transfer.BLOCK_BYTES;
    static final int IMAGE_BLOCKS = 2048;
    static final String BUCKET = "firmware";
    static final String KEY = "image-8mib.bin";
    static final String STREAM_ID = "ota-bench";
    static final String THING_PREFIX = "ota-";

    /** Each device may connect as its own thing and use its own stream topics, nothing else. */
    static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "arn:aws:iot:us-east-1:000000000000:topic/$aws/things/${iot:Connection.Thing.ThingName}/streams/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/streams/*"}
            ]}""";

    private final OtaOptions options;
    private final Path dir;
    private final FleetlineBroker fleetline;
    private final MosquittoBroker mosquitto;
    private final LoadClients clients;
    private final Image image;
    private int runCounter;

    /** The image as the devices must end up with it, and where each path serves it from. */
    record Image(Path file, String sha256, String versionId, Optional<String> streamProblem, String presignedUrl) {
    }

    private final List<String> profiles = new ArrayList<>();

    private OtaStreamsBench(OtaOptions options, Path dir, FleetlineBroker fleetline, MosquittoBroker mosquitto,
                            LoadClients clients, Image image) {
        this.options = options;
        this.dir = dir;
        this.fleetline = fleetline;
        this.mosquitto = mosquitto;
        this.clients = clients;
        this.image = image;
    }

    public static void main(String[] args) throws Exception {
        OtaOptions options = OtaOptions.parse(args);
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "fleetline-ota-bench");
        System.out.println("work dir " + dir + " (logs: fleetline/fleetline.log, mosquitto/mosquitto.log)");
        System.out.printf("machine: %d cores, JDK %s, %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), MosquittoBroker.version());
        int devicesAtMost = Arrays.stream(options.devices).max().orElse(0);
        List<String> summary = new ArrayList<>();
        try (FleetlineBroker fleetline = FleetlineBroker.start(dir.resolve("fleetline"), options.fleetlineJvm,
                List.of("--device-https-port", "0"))) {
            List<DeviceIdentity> certificates = fleetline.provision(options.certificates, "ota", POLICY);
            createThings(fleetline, certificates, Math.max(devicesAtMost, options.warmUpDevices));
            Image image = prepareImage(fleetline, dir);
            Path mosquittoDir = Files.createDirectories(dir.resolve("mosquitto"));
            try (MosquittoBroker mosquitto = MosquittoBroker.start(mosquittoDir, fleetline.caFile(),
                    fleetline.serverChain(), fleetline.serverKey())) {
                LoadClients clients = new LoadClients(certificates, fleetline.caFile());
                summary.addAll(new OtaStreamsBench(options, dir, fleetline, mosquitto, clients, image).runAll());
                MosquittoBroker.notableLog(mosquittoDir).forEach(line -> summary.add("mosquitto logged: " + line));
            }
        }
        System.out.println();
        System.out.println("Summary (MB = 10^6 bytes; the image is " + IMAGE_BLOCKS + " blocks of " + BLOCK_BYTES
                + " bytes; CPU in % of one core, 200% = both cores)");
        summary.forEach(System.out::println);
        if (!options.keep && !options.profile) {
            BlobsBench.deleteTree(dir);
        }
        System.exit(0);  // the MQTT client library keeps non-daemon event-loop threads alive
    }

    /** Things {@code ota-0} … {@code ota-(count-1)}, thing {@code i} attached to certificate {@code i % certificates}. */
    private static void createThings(FleetlineBroker fleetline, List<DeviceIdentity> certificates, int count) {
        long started = System.nanoTime();
        try (IotClient iot = fleetline.iot()) {
            for (int i = 0; i < count; i++) {
                String thing = THING_PREFIX + i;
                String certificate = certificates.get(i % certificates.size()).certificateArn();
                iot.createThing(r -> r.thingName(thing));
                iot.attachThingPrincipal(r -> r.thingName(thing).principal(certificate));
            }
        }
        System.out.printf(Locale.ROOT, "created %,d things on %d certificates (policy 'ota') in %.1f s%n", count,
                certificates.size(), (System.nanoTime() - started) / 1e9);
    }

    /**
     * The random image in a versioned bucket, its stream (or why there is none: a server without streams), and a
     * presigned GET on the device HTTPS port.
     */
    private static Image prepareImage(FleetlineBroker fleetline, Path dir) throws Exception {
        Path file = Files.createDirectories(dir.resolve("image")).resolve(KEY);
        String sha256 = BlobsBench.randomFile(file, (long) IMAGE_BLOCKS * BLOCK_BYTES, 16);
        FleetlineObjects objects = FleetlineObjects.of(fleetline.dataDir());
        String versionId = objects.putVersioned(BUCKET, KEY, file);
        Optional<String> streamProblem = Optional.empty();
        try (IotClient iot = fleetline.iot()) {
            iot.createStream(r -> r.streamId(STREAM_ID).description("OTA benchmark image")
                    .roleArn("arn:aws:iam::000000000000:role/ota-streams")
                    .files(StreamFile.builder().fileId(0)
                            .s3Location(s -> s.bucket(BUCKET).key(KEY).version(versionId)).build()));
        } catch (IotException e) {
            streamProblem = Optional.of("CreateStream failed: " + e.awsErrorDetails().errorCode() + " "
                    + e.awsErrorDetails().errorMessage());
        }
        System.out.printf("image: %,d bytes, SHA-256 %s, s3://%s/%s version %s; stream %s%n", Files.size(file), sha256,
                BUCKET, KEY, versionId, streamProblem.orElse("'" + STREAM_ID + "' created"));
        return new Image(file, sha256, versionId, streamProblem, objects.presignGet(BUCKET, KEY, true));
    }

    private List<String> runAll() throws Exception {
        if (options.warmUpDevices > 0) {
            // the JIT of both JVMs and the connection paths, not counted
            System.out.println("warm-up with " + options.warmUpDevices + " devices on every path:");
            runPaths(options.warmUpDevices, false).values().forEach(t -> System.out.println("  " + t.row()));
        }
        List<String> table = new ArrayList<>(Transfer.header());
        List<String> after = new ArrayList<>();
        for (int devices : options.devices) {
            Map<String, Transfer> results = runPaths(devices, true);
            results.values().forEach(t -> table.add(t.row()));
            results.values().forEach(t -> t.notes().forEach(n -> after.add(devices + " devices, " + t.path() + ": " + n)));
            after.add(ratio(devices, results, "fleetline stream", "mosquitto relay", 0.70));
            after.add(ratio(devices, results, "fleetline stream", "fleetline https", 0.50));
        }
        table.add("");
        table.addAll(after);
        table.addAll(profiles);
        return table;
    }

    /** The parts asked for, one after the other, with {@code devices} devices each; printed as they finish. */
    private Map<String, Transfer> runPaths(int devices, boolean measured) throws Exception {
        Map<String, Transfer> results = new LinkedHashMap<>();
        MqttQos relayQos = options.relayQos.orElse(options.qos);
        if (options.parts.contains("stream") && image.streamProblem().isPresent()) {
            System.out.println("  stream skipped: " + image.streamProblem().get());
        } else if (options.parts.contains("stream")) {
            StreamDevices.Result stream = stream(devices, options.profile && measured);
            record(results, stream.transfer());
            relayQos = options.relayQos.orElse(stream.deliveredAt());
        }
        if (options.parts.contains("relay")) {
            record(results, relay(devices, relayQos));
        }
        if (options.parts.contains("https")) {
            record(results, HttpsDownloads.run(fleetline.process(), image.presignedUrl(), devices, image.sha256(),
                    DeviceIdentity.trusting(fleetline.caFile()), options.timeout));
        }
        return results;
    }

    /** The stream run, recorded with JFR if {@code profile}: the summary goes to the end of the report. */
    private StreamDevices.Result stream(int devices, boolean profile) throws Exception {
        Path recording = dir.resolve("fleetline-stream-" + devices + ".jfr");
        if (profile) {
            JfrProfile.start(fleetline.process().pid());
        }
        StreamDevices.Result stream = StreamDevices.run(fleetline, clients, THING_PREFIX, devices, plan(),
                new StreamDevices.Limits(options.timeout, options.idleTimeout));
        if (profile) {
            JfrProfile.stop(fleetline.process().pid(), recording);
            profiles.add("Fleetline during the stream run with " + devices + " devices:");
            profiles.addAll(JfrProfile.summarize(recording));
        }
        return stream;
    }

    private static void record(Map<String, Transfer> results, Transfer transfer) {
        System.out.println(transfer.row());
        transfer.notes().forEach(note -> System.out.println("    " + note));
        results.put(transfer.path(), transfer);
    }

    private StreamDownload.Plan plan() {
        return new StreamDownload.Plan(STREAM_ID, 0, (long) IMAGE_BLOCKS * BLOCK_BYTES, BLOCK_BYTES, options.window,
                image.sha256(), options.qos);
    }

    /**
     * Mosquitto relays the image's block count to {@code devices} subscribers: one publisher (QoS 1), subscriptions
     * of {@code qos} (that of the stream's deliveries), at most a window of blocks owed to each subscriber, as a
     * stream device has at most one window asked for.
     */
    private Transfer relay(int devices, MqttQos qos) throws InterruptedException {
        MessageFlow.Load load = new MessageFlow.Load(options.timeout, IMAGE_BLOCKS, options.window * devices,
                BLOCK_BYTES, qos, options.idleTimeout);
        MessageFlow.Result r = MessageFlow.run(mosquitto, clients, new MessageFlow.Shape("relay", 1, devices),
                "ota" + (++runCounter), load);
        List<String> notes = new ArrayList<>(List.of(String.format(Locale.ROOT, "%,d published, %,d deliveries (QoS %d"
                        + " subscriptions), %,d lost, %,d refused; delivery latency p50 %.1f ms, p99 %.1f ms",
                r.published(), r.delivered(), qos.getCode(), r.lost(), r.refused(), r.latency().p50Millis(),
                r.latency().p99Millis())));
        if (r.incompleteSubscribers() > 0) {
            notes.add(r.incompleteSubscribers() + " subscribers missed payloads; their times are left out");
        }
        return new Transfer("mosquitto relay", devices, r.delivered() * BLOCK_BYTES, r.seconds(), r.subscriberSeconds(),
                r.incompleteSubscribers(), r.cpu(), notes);
    }

    private static String ratio(int devices, Map<String, Transfer> results, String path, String against,
                                double target) {
        if (!results.containsKey(path) || !results.containsKey(against)) {
            return devices + " devices: " + path + " ÷ " + against + ": not measured";
        }
        double ratio = results.get(path).megabytesPerSecond() / results.get(against).megabytesPerSecond();
        return String.format(Locale.ROOT, "%,d devices: %s ÷ %s MB/s = **%.2f** (target ≥ %.2f: %s)", devices, path,
                against, ratio, target, ratio >= target ? "met" : "not met");
    }
}
