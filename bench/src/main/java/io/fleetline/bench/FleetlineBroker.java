package io.fleetline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * {@code fleetline serve} in its own JVM, as an operator runs it (same flags, default JVM ergonomics): the
 * broker does not share a heap or a JIT with the load generator, and its heap can be measured alone. It is
 * started by hand rather than with {@link ServerProcess} because the memory figures need its process id.
 */
final class FleetlineBroker implements BrokerUnderTest {
    /**
     * What every benchmark device may do. The explicit deny is never hit, but it is one more statement every
     * publish and every delivery is evaluated against, as in a real fleet policy.
     */
    static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:us-east-1:000000000000:client/bench-*"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "arn:aws:iot:us-east-1:000000000000:topic/bench/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/bench/*"},
              {"Effect": "Deny", "Action": "iot:Publish", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/bench/forbidden"}
            ]}""";

    private final Process process;
    private final Path dataDir;
    private final int port;

    private FleetlineBroker(Process process, Path dataDir, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts the server with a fresh SQLite data dir under {@code dir}; its output goes to {@code dir/fleetline.log}. */
    static FleetlineBroker start(Path dir, List<String> jvmOptions) throws IOException, InterruptedException {
        return start(dir, jvmOptions, List.of());
    }

    /** As above, with more {@code serve} flags (a database URL, say). */
    static FleetlineBroker start(Path dir, List<String> jvmOptions, List<String> serveFlags)
            throws IOException, InterruptedException {
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.fleetline.server.Main", "serve",
                "--data-dir", dataDir.toString(), "--http-port", "0"));
        if (!serveFlags.contains("--mqtt-port")) {
            command.addAll(List.of("--mqtt-port", "0"));
        }
        command.addAll(serveFlags);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("fleetline.log").toFile()).start();
        Path endpointFile = dataDir.resolve("endpoint.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // endpoint.json is written only once every listener is up
        while (!Files.exists(endpointFile)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("Fleetline did not start; see " + dir.resolve("fleetline.log"));
            }
            Thread.sleep(100);
        }
        JsonNode endpoint = ServerProcess.endpoint(dataDir);
        int port = endpoint.has("mqtts") ? URI.create(endpoint.get("mqtts").asText()).getPort() : -1;
        return new FleetlineBroker(process, dataDir, port);
    }

    /**
     * Creates the benchmark policy and {@code count} certificates with it attached, as a fleet operator would
     * with the AWS SDK. Mosquitto trusts the same certificates through Fleetline's CA.
     */
    List<DeviceIdentity> provision(int count) {
        return provision(count, "bench", POLICY);
    }

    /** As above, with a policy of the caller's. */
    List<DeviceIdentity> provision(int count, String policyName, String policyDocument) {
        JsonNode endpoint = ServerProcess.endpoint(dataDir);
        try (IotClient iot = IotClient.builder()
                .endpointOverride(URI.create(endpoint.get("http").asText()))
                .region(Region.of(endpoint.get("region").asText()))
                .credentialsProvider(ProfileCredentialsProvider.builder().profileFile(ProfileFile.builder()
                        .content(dataDir.resolve("credentials")).type(ProfileFile.Type.CREDENTIALS).build()).build())
                .httpClient(ApacheHttpClient.create())
                .build()) {
            iot.createPolicy(r -> r.policyName(policyName).policyDocument(policyDocument));
            List<DeviceIdentity> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
                iot.attachPolicy(r -> r.policyName(policyName).target(keys.certificateArn()));
                devices.add(new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                        keys.keyPair().privateKey()));
            }
            return devices;
        }
    }

    /** The AWS SDK's IoT client for this server, signed with its admin key. */
    IotClient iot() {
        JsonNode endpoint = ServerProcess.endpoint(dataDir);
        return IotClient.builder()
                .endpointOverride(URI.create(endpoint.get("http").asText()))
                .region(Region.of(endpoint.get("region").asText()))
                .credentialsProvider(ProfileCredentialsProvider.builder().profileFile(ProfileFile.builder()
                        .content(dataDir.resolve("credentials")).type(ProfileFile.Type.CREDENTIALS).build()).build())
                .httpClient(ApacheHttpClient.builder().maxConnections(64).build())
                .build();
    }

    Path dataDir() {
        return dataDir;
    }

    Path caFile() {
        return dataDir.resolve("ca/ca.pem");
    }

    /** The server certificate chain (server + CA), which Mosquitto presents as well. */
    Path serverChain() {
        return dataDir.resolve("tls/server.pem");
    }

    Path serverKey() {
        return dataDir.resolve("tls/server.key");
    }

    @Override
    public String name() {
        return "fleetline";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public Optional<Map<String, Long>> liveHeap() {
        return Optional.of(ProcessMemory.liveHistogram(process.pid()));
    }

    @Override
    public void close() {
        process.destroy();  // SIGTERM: the server closes the broker and the database
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
