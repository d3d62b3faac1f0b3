package io.fleetline.api.device;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.DeviceMessageHandler;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.time.ManualClock;
import io.fleetline.jobs.Jobs;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobConfigPatch;
import io.fleetline.jobs.job.NewJob;
import io.fleetline.jobs.job.TargetSelection;
import io.fleetline.registry.Registry;
import io.fleetline.storage.Database;
import io.fleetline.storage.jobs.JdbcJobStore;
import io.fleetline.storage.registry.JdbcRegistryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jobs service on a real SQLite database, reached the way the broker reaches it: through the message bus, on
 * which {@link DeviceRequests} registers its handler, and which records what is published and answered. Two
 * continuous jobs target one group; each new device joins the group and so has a QUEUED execution of both,
 * {@link #JOB} with an in-progress timeout and retries, {@link #OTHER_JOB} plain.
 *
 * <p>The database lives in memory-backed {@code /dev/shm} where there is one (fsync is the cost of every commit)
 * and is replaced by a fresh one every few thousand devices, so long fuzzing runs stay small.
 */
final class DeviceFleet implements AutoCloseable {
    static final String JOB = "job-1";
    static final String OTHER_JOB = "job-2";
    private static final AccountScope SCOPE = new AccountScope("us-east-1", "123456789012");
    private static final String GROUP = "fleet";
    private static final int DEVICES_PER_DATABASE = 5_000;

    private final Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final RecordingBus bus = new RecordingBus();
    private final Database database;
    private final Registry registry;
    private final Jobs jobs;
    private int devices;

    /** A message the server published, or answered to {@code requester} alone. */
    record Published(String topic, byte[] payload, Optional<String> requester) {
    }

    private DeviceFleet(Path dir) {
        this.dir = dir;
        database = Database.open("jdbc:sqlite:" + dir.resolve("fleetline-" + java.util.UUID.randomUUID() + ".db"));
        registry = Registry.create(new JdbcRegistryStore(database), SCOPE, clock, Duration.ofMinutes(5));
        jobs = Jobs.create(new JdbcJobStore(database), registry, bus, SCOPE, clock);
        new DeviceRequests(bus, clock).jobs(jobs.device());
        registry.groups().create(GROUP, Optional.empty(), Optional.empty(), Map.of(), Map.of());
        String group = SCOPE.arn(ResourceType.THING_GROUP, GROUP);
        createJob(JOB, group, JobConfigPatch.none().withTimeout(JobConfigPatch.Timeout.minutes(60))
                .withRetry(List.of(new JobConfig.RetryCriterion(FailureType.FAILED, 2))));
        createJob(OTHER_JOB, group, JobConfigPatch.none());
    }

    static DeviceFleet open() {
        try {
            Path shm = Path.of("/dev/shm");
            return new DeviceFleet(Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "fleetline-fuzz") : Files.createTempDirectory("fleetline-fuzz"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether this database has held enough devices that a fresh one should take over. */
    boolean full() {
        return devices >= DEVICES_PER_DATABASE;
    }

    /** A device not seen before, with a QUEUED execution of both jobs. */
    String newDevice() {
        String thing = "device-" + devices++;
        registry.things().create(thing, Optional.empty(), Map.of());
        registry.membership().add(GROUP, thing);
        jobs.engine().tick();
        return thing;
    }

    /**
     * Delivers what a device published to the handler of its topic, as the broker does; answers what the server
     * published meanwhile, or nothing when no handler takes the topic (the broker then treats it as any message).
     */
    Optional<List<Published>> deliver(String clientId, String topic, byte[] payload) {
        bus.published.clear();
        Optional<DeviceMessageHandler> handler = bus.handlerFor(topic);
        handler.ifPresent(h -> h.handle(new DeviceMessage(clientId, topic, payload, 1)));
        return handler.map(h -> List.copyOf(bus.published));
    }

    private void createJob(String jobId, String target, JobConfigPatch config) {
        jobs.jobs().create(NewJob.builder(jobId, List.of(target)).document("{\"operation\":\"update\"}")
                .targetSelection(TargetSelection.CONTINUOUS).config(config).build());
    }

    @Override
    public void close() {
        database.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker's side of the bus: device messages to the handler registered for their topic, publishes kept. */
    private static final class RecordingBus implements MessageBus {
        private final List<Published> published = new ArrayList<>();
        private final Map<Pattern, DeviceMessageHandler> handlers = new LinkedHashMap<>();

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retain) {
            published.add(new Published(topic, payload.clone(), Optional.empty()));
        }

        @Override
        public void reply(DeviceMessage request, String topic, byte[] payload, int qos) {
            published.add(new Published(topic, payload.clone(), Optional.of(request.clientId())));
        }

        /** As the broker reads a prefix: {@code +} is one non-empty level. */
        @Override
        public void onDeviceMessage(String topicPrefix, DeviceMessageHandler handler) {
            handlers.put(Pattern.compile(Arrays.stream(topicPrefix.split("/", -1))
                    .map(level -> level.equals("+") ? "[^/]+" : Pattern.quote(level))
                    .collect(Collectors.joining("/"))), handler);
        }

        Optional<DeviceMessageHandler> handlerFor(String topic) {
            return handlers.entrySet().stream().filter(h -> h.getKey().matcher(topic).lookingAt())
                    .map(Map.Entry::getValue).findFirst();
        }
    }
}
