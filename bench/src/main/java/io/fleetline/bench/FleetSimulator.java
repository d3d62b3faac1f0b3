package io.fleetline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.simulator.ServerTarget;
import io.fleetline.simulator.Simulation;
import io.fleetline.simulator.device.Observations;
import io.fleetline.simulator.device.SimulatedDevice;
import io.fleetline.simulator.fleet.Fleet;
import io.fleetline.simulator.profile.FaultProfile;
import io.fleetline.testkit.ServerProcess;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * One load-generating JVM of the fleet benchmark ({@link FleetBench}): a {@link Simulation} of one thing group's
 * healthy devices against the server whose data directory it is given, driven line by line on its standard input by
 * the benchmark, which measures this process from outside (CPU, resident memory, live heap, GC log). The fleet is
 * split over several such JVMs because a process here may hold at most 20,000 open files: an agent downloading holds
 * its MQTT connection, its HTTPS connection and its work file.
 *
 * <p>Commands, each answered by one line {@code @@ {json}} on standard output:
 * <ul>
 * <li>{@code provision}: provisions the group's things (or finds them): created, reused, seconds;</li>
 * <li>{@code connect SECONDS}: powers every device on, waits until each connected once: connected, seconds;</li>
 * <li>{@code await JOB SECONDS}: waits until every device ended the job (or the time is up); each ended device's
 * first report on it and its end (epoch milliseconds), the statuses and the reasons of failures;</li>
 * <li>{@code quit}: powers the devices off and exits.</li>
 * </ul>
 *
 * <p>Usage: {@code FleetSimulator DATA_DIR GROUP DEVICES STATE_DIR CODE_SIGNER_PEM BOOT_DELAY_MS}.
 */
public final class FleetSimulator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long AWAIT_POLL_MILLIS = 100;

    private final Simulation simulation;

    private FleetSimulator(Simulation simulation) {
        this.simulation = simulation;
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        X509Certificate signer;
        try (InputStream pem = Files.newInputStream(Path.of(args[4]))) {
            signer = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
        }
        try (Simulation simulation = Simulation.builder().target(target(dataDir)).group(args[1])
                .fleetSize(Integer.parseInt(args[2])).stateDirectory(Path.of(args[3])).codeSigner(signer)
                .profile(FaultProfile.healthy().withBootDelay(Duration.ofMillis(Long.parseLong(args[5]))))
                .build()) {
            new FleetSimulator(simulation).serve(new BufferedReader(new InputStreamReader(System.in,
                    StandardCharsets.UTF_8)));
        }
        System.exit(0);  // the MQTT client library keeps non-daemon event-loop threads alive
    }

    /** The server of a data directory, as {@code ./fleetline simulate --data-dir} finds it. */
    static ServerTarget target(Path dataDir) {
        JsonNode endpoint = ServerProcess.endpoint(dataDir);
        ProfileFile credentials = ProfileFile.builder().content(dataDir.resolve("credentials"))
                .type(ProfileFile.Type.CREDENTIALS).build();
        var profile = credentials.profile("default").orElseThrow();
        URI mqtts = URI.create(endpoint.get("mqtts").asText());
        return new ServerTarget(URI.create(endpoint.get("http").asText()), endpoint.get("region").asText(),
                profile.property(ProfileProperty.AWS_ACCESS_KEY_ID).orElseThrow(),
                profile.property(ProfileProperty.AWS_SECRET_ACCESS_KEY).orElseThrow(), mqtts.getHost(),
                mqtts.getPort(), Path.of(endpoint.get("caFile").asText()));
    }

    private void serve(BufferedReader commands) throws Exception {
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] command = line.trim().split("\\s+");
            ObjectNode answer = switch (command[0]) {
                case "provision" -> provision();
                case "connect" -> connect(Duration.ofSeconds(Long.parseLong(command[1])));
                case "await" -> await(command[1], Duration.ofSeconds(Long.parseLong(command[2])));
                case "quit" -> null;
                default -> JSON.createObjectNode().put("error", "unknown command " + command[0]);
            };
            if (answer == null) {
                return;
            }
            System.out.println("@@ " + JSON.writeValueAsString(answer));
            System.out.flush();
        }
    }

    private ObjectNode provision() throws InterruptedException {
        Fleet fleet = simulation.provision();
        return JSON.createObjectNode().put("created", fleet.created()).put("reused", fleet.reused())
                .put("seconds", fleet.took().toMillis() / 1000.0);
    }

    private ObjectNode connect(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        long connected = simulation.connect(timeout);
        return JSON.createObjectNode().put("connected", connected)
                .put("seconds", (System.nanoTime() - started) / 1e9);
    }

    /** Waits until each device ended {@code jobId} or {@code timeout} passed; what each ended device saw. */
    private ObjectNode await(String jobId, Duration timeout) throws InterruptedException {
        Observations observations = simulation.observations();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ended(jobId) < simulation.devices().size() && System.nanoTime() < deadline) {
            Thread.sleep(AWAIT_POLL_MILLIS);
        }
        ObjectNode answer = JSON.createObjectNode().put("devices", simulation.devices().size());
        ArrayNode seen = answer.putArray("seen");
        ArrayNode ended = answer.putArray("ended");
        ArrayNode statuses = answer.putArray("status");
        Map<String, Integer> reasons = new TreeMap<>();
        for (SimulatedDevice device : simulation.devices()) {
            Optional<Observations.Trace> trace = observations.trace(jobId, device.thingName());
            if (trace.isEmpty() || trace.get().endedAt().isEmpty()) {
                continue;
            }
            seen.add(trace.get().seenAt().toEpochMilli());
            ended.add(trace.get().endedAt().get().toEpochMilli());
            statuses.add(trace.get().status());
            if (!trace.get().reason().isEmpty()) {
                reasons.merge(trace.get().reason(), 1, Integer::sum);
            }
        }
        ObjectNode why = answer.putObject("reasons");
        reasons.forEach(why::put);
        return answer;
    }

    private long ended(String jobId) {
        return simulation.devices().stream().filter(d -> simulation.observations().trace(jobId, d.thingName())
                .flatMap(Observations.Trace::endedAt).isPresent()).count();
    }
}
