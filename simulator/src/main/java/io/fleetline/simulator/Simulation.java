package io.fleetline.simulator;

import io.fleetline.agent.DeviceAgent;
import io.fleetline.agent.Durability;
import io.fleetline.simulator.device.Observations;
import io.fleetline.simulator.device.SimulatedDevice;
import io.fleetline.simulator.device.Timers;
import io.fleetline.simulator.fleet.DeviceIdentity;
import io.fleetline.simulator.fleet.Fleet;
import io.fleetline.simulator.fleet.Provisioner;
import io.fleetline.simulator.profile.Cohort;
import io.fleetline.simulator.profile.CohortAssignment;
import io.fleetline.simulator.report.Facts;
import io.fleetline.simulator.report.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * A simulated fleet against a server: {@link #provision} its things, {@link #connect} them as device agents in this
 * JVM, let them carry out the jobs the operator creates while their cohorts' faults are injected, {@link #run} until
 * every job they take part in has settled (or time is up), and {@link #report} what they did.
 *
 * <pre>{@code
 * try (Simulation simulation = Simulation.builder().target(server).group("SensorHubs").fleetSize(5_000)
 *         .profile(FaultProfile.read(Path.of("faults.yaml"))).stateDirectory(dir).build()) {
 *     simulation.provision();
 *     simulation.connect(Duration.ofMinutes(5));
 *     Report report = simulation.run(Duration.ofMinutes(30), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class Simulation implements AutoCloseable {
    /** How often the connecting bar moves while devices connect. */
    private static final Duration BAR_REFRESH = Duration.ofMillis(250);
    private final SimulationSettings settings;
    private final IotClient iot;
    private final Timers timers;
    private final Observations observations;
    private final JobWatch watch;
    private final JobBars bars;
    private final Instant startedAt;
    private volatile boolean stopRequested;
    private Fleet fleet;
    private final List<SimulatedDevice> devices = new ArrayList<>();

    Simulation(SimulationSettings settings) {
        this.settings = settings;
        this.iot = settings.iotClient();
        this.timers = new Timers(settings.clock(), Duration.ofMillis(20));
        this.observations = new Observations(settings.clock());
        this.startedAt = settings.clock().instant();
        this.watch = new JobWatch(iot, settings.group(), startedAt, settings.clock());
        this.bars = new JobBars(settings.progress(), observations);
    }

    public static SimulationSettings.Builder builder() {
        return SimulationSettings.builder();
    }

    /** Provisions the fleet's things, or finds them provisioned by an earlier run with the same state directory. */
    public Fleet provision() throws InterruptedException {
        try (Progress.Bar bar = settings.progress().bar("provisioning", settings.fleetSize())) {
            fleet = new Provisioner(iot, settings.stateDirectory(), settings.concurrency(), settings.clock())
                    .provision(settings.group(), settings.fleetSize(), bar);
        }
        return fleet;
    }

    /**
     * Powers every device on (its agent's state is new: the slots hold the factory version), with at most
     * {@code connectConcurrency} first connections in flight, and waits until each connected once or {@code timeout}
     * passed; answers how many did.
     */
    public long connect(Duration timeout) throws InterruptedException {
        if (fleet == null) {
            throw new IllegalStateException("provision the fleet first");
        }
        Map<String, Cohort> cohorts = CohortAssignment.assign(settings.profile(),
                fleet.devices().stream().map(DeviceIdentity::thingName).toList());
        Path states = clean(settings.stateDirectory().resolve("devices"));
        TrustManagerFactory ca = trust();
        for (DeviceIdentity identity : fleet.devices()) {
            devices.add(new SimulatedDevice(identity.thingName(), cohorts.get(identity.thingName()), keys(identity),
                    ca, states.resolve(identity.thingName()), settings.factoryVersion(),
                    settings.profile().bootDelay(), timers, observations, this::agentBuilder));
        }
        try (Progress.Bar bar = settings.progress().bar("connecting", devices.size())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            int started = 0;
            for (SimulatedDevice device : devices) {
                awaitConnections(started - settings.connectConcurrency() + 1, deadline, bar);
                device.powerOn();
                started++;
            }
            awaitConnections(devices.size(), deadline, bar);
            return observations.connectedDevices();
        }
    }

    /** Waits until {@code count} devices connected once or the deadline passed, moving the bar meanwhile. */
    private void awaitConnections(long count, long deadline, Progress.Bar bar) throws InterruptedException {
        boolean done = count <= 0;
        while (!done && System.nanoTime() - deadline < 0) {
            done = observations.awaitConnected(count, BAR_REFRESH);
            bar.stepTo(observations.connectedDevices());
        }
    }

    private DeviceAgent.Builder agentBuilder() {
        // a simulated device's power cut is its agent's close: nothing is lost that forcing to the disk would keep
        DeviceAgent.Builder builder = DeviceAgent.builder()
                .endpoint(settings.target().mqttHost(), settings.target().mqttPort()).durability(Durability.NONE);
        settings.codeSigner().ifPresent(builder::codeSigner);
        return settings.agents().apply(builder);
    }

    /** Asks the server about the fleet's jobs now, adds a point to the timeline and moves the progress bars. */
    public FleetStatus poll() {
        FleetStatus status = watch.poll(observations.jobs());
        bars.update(observations.jobs());
        return status;
    }

    /**
     * Polls every poll interval until every job the fleet takes part in has been settled for {@code settle} (a job
     * the operator creates meanwhile, the fleet's next one, keeps it going), or {@code duration} passed; then
     * reports. An interrupt reports what happened so far.
     */
    public Report run(Duration duration, Duration settle) {
        String why = loop(duration, settle, status -> { });
        boolean interrupted = Thread.interrupted();  // the report asks the server: not on an interrupted thread
        try {
            return report(why);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends {@link #run} or a wait at its next poll, as an interrupt would (one the HTTP client cannot swallow). */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Polls until every job the fleet takes part in is settled or {@code timeout} passed, running {@code eachPoll}
     * after each poll (a test ticks its server there); answers the last status.
     */
    public FleetStatus awaitSettled(Duration timeout, Consumer<FleetStatus> eachPoll) {
        return await(FleetStatus::settled, timeout, eachPoll);
    }

    /**
     * Polls until {@code done} holds of a poll's status or {@code timeout} passed, running {@code eachPoll} after each
     * poll where it does not; answers the last status.
     */
    public FleetStatus await(Predicate<FleetStatus> done, Duration timeout, Consumer<FleetStatus> eachPoll) {
        loop(timeout, Duration.ZERO, done, eachPoll);
        return watch.lastStatus();
    }

    private String loop(Duration duration, Duration settle, Consumer<FleetStatus> eachPoll) {
        return loop(duration, settle, FleetStatus::settled, eachPoll);
    }

    private String loop(Duration duration, Duration settle, Predicate<FleetStatus> done,
                        Consumer<FleetStatus> eachPoll) {
        long deadline = System.nanoTime() + duration.toNanos();
        long settledSince = Long.MAX_VALUE;
        try {
            while (!stopRequested) {
                FleetStatus status = poll();
                long now = System.nanoTime();
                settledSince = done.test(status) ? Math.min(settledSince, now) : Long.MAX_VALUE;
                if (settledSince != Long.MAX_VALUE && now - settledSince >= settle.toNanos()) {
                    return "settled";
                }
                if (now - deadline >= 0) {
                    return "duration";
                }
                eachPoll.accept(status);
                Thread.sleep(settings.pollInterval());
            }
            return "interrupted";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The report of what happened so far; {@code stoppedBecause} says why it is made. */
    public Report report(String stoppedBecause) {
        List<Facts.Device> facts = devices.stream().map(d -> new Facts.Device(d.thingName(), d.cohort().name(),
                d.runningVersion(), observations.powerCycles(d.thingName()),
                Math.max(0, observations.connections(d.thingName()) - 1 - observations.powerCycles(d.thingName()))))
                .toList();
        Report.Provisioning provisioning = fleet == null ? new Report.Provisioning(0, 0, 0)
                : new Report.Provisioning(fleet.created(), fleet.reused(), fleet.took().toMillis() / 1000.0);
        Report header = new Report(settings.group(), devices.size(), settings.profile().seed(), startedAt,
                settings.clock().instant(), stoppedBecause, provisioning, List.of(), List.of(), watch.timeline());
        return Facts.report(header, facts, jobs());
    }

    /** The watched jobs as the server lists them; as the devices saw them when it cannot be reached. */
    private List<Facts.Job> jobs() {
        try {
            return watch.jobs();
        } catch (SdkException e) {
            Instant now = settings.clock().instant();
            return observations.jobs().stream().map(jobId -> new Facts.Job(jobId, "UNKNOWN", devices.stream()
                    .flatMap(d -> observations.trace(jobId, d.thingName()).stream().map(t -> new Facts.Execution(
                            d.thingName(), t.status().isEmpty() ? "IN_PROGRESS" : t.status(), 0, t.seenAt(),
                            t.endedAt().orElse(now))))
                    .toList())).toList();
        }
    }

    public List<SimulatedDevice> devices() {
        return List.copyOf(devices);
    }

    public Observations observations() {
        return observations;
    }

    /** Powers every device off and lets go of the server. */
    @Override
    public void close() {
        try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
            devices.forEach(device -> stopping.execute(device::stop));
        }
        bars.close();
        timers.close();
        iot.close();
    }

    private TrustManagerFactory trust() {
        try {
            return DeviceIdentity.trusting(Files.readString(settings.target().caFile()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the CA " + settings.target().caFile() + ": " + e, e);
        }
    }

    private static KeyManagerFactory keys(DeviceIdentity identity) {
        try {
            return identity.keyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(identity.thingName() + ": unusable key or certificate: " + e, e);
        }
    }

    /** Empties {@code directory}: device states of an earlier run do not match the new in-memory slots. */
    private static Path clean(Path directory) {
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> all = Files.walk(directory)) {
                    for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
