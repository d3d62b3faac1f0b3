package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.ServerProcess;
import io.fleetline.testkit.Store;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobSummary;
import software.amazon.awssdk.services.iot.model.OTAUpdateInfo;
import software.amazon.awssdk.services.iot.model.OTAUpdateStatus;
import software.amazon.awssdk.services.iot.model.StreamSummary;

/**
 * {@code kill -9} of a server process while a burst of OTA updates of every kind is being created, on each database.
 * The process is killed once a quarter of the updates ended, one of them complete, while two are in progress; a
 * restart that runs no worker ({@code --jobs-tick PT1H}) shows what the dead process left: updates still being
 * created, one at least in progress. A restart as usual then ends every update by its own scheduler, with no request
 * to wake it: complete, or failed with the reason; each complete one with its one job {@code AFR_OTA-<id>} and at
 * most one {@code AFR_OTA-} stream, which its document names; every signing job started once; and a device updates
 * from one of the updates the kill cut off.
 */
abstract class OtaCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int UPDATES = 32;
    private static final int LARGE_IMAGE = 20 * 1024 * 1024;
    private static final Set<OTAUpdateStatus> BEING_CREATED = Set.of(OTAUpdateStatus.CREATE_PENDING,
            OTAUpdateStatus.CREATE_IN_PROGRESS);

    @TempDir
    Path dir;

    abstract Store store();

    @Test
    void updates_cut_off_by_kill_9_end_complete_or_failed_after_a_restart_with_one_job_and_at_most_one_stream_each()
            throws Exception {
        Path data = dir.resolve("data");
        String url = store().newUrl(dir);
        List<String> flags = List.of("--data-dir", data.toString(), "--http-port", "0", "--mqtt-port", "0",
                "--mqtt-ws-port", "-1", "--device-https-port", "-1", "--db-url", url);
        try {
            OtaBurst burst = killedWhileCreating(flags, data);
            Set<String> cutOff = leftBeingCreated(flags, data, burst);
            try (ServerProcess restarted = serve(flags); ProcessClients clients = ProcessClients.of(data)) {
                // nothing but the restarted server's own scheduler moves the updates on
                awaitEveryUpdateEnded(clients.iot(), burst);
                assertEndings(burst, updates(clients.iot(), burst));
                assertOneJobEach(clients.iot(), burst);
                Map<String, String> streams = assertAtMostOneStreamEach(clients, burst);
                assertDocumentsNameTheirStreams(clients.iot(), burst, streams);
                long signing = IntStream.range(0, UPDATES).filter(i -> burst.kind(i).signs()).count();
                assertThat(clients.signer().listSigningJobsPaginator(r -> { }).stream()
                        .mapToLong(page -> page.jobs().size()).sum())
                        .as("one signing job before the burst, and one for each update that signs")
                        .isEqualTo(1 + signing);
                aDeviceUpdates(clients, burst, cutOff);
                restarted.terminate();
                assertThat(restarted.waitForExit()).isIn(0, 143);
            }
        } finally {
            store().drop(url);
        }
    }

    /** Creates the burst and kills the server once a quarter ended, one of them complete, while two are in progress. */
    private static OtaBurst killedWhileCreating(List<String> flags, Path data) throws Exception {
        try (ServerProcess server = serve(flags); ProcessClients clients = ProcessClients.of(data)) {
            OtaBurst burst = OtaBurst.prepare(clients, UPDATES, LARGE_IMAGE);
            burst.createAll(clients.iot());
            // the worker takes the updates in id order, and one that signs waits a tick for its signing job
            await("a quarter of the updates ended, one complete, while two are in progress", 120,
                    () -> creationUnderWay(clients.iot()));
            server.kill();
            assertThat(server.waitForExit()).as("killed by SIGKILL").isEqualTo(137);
            return burst;
        }
    }

    /**
     * What the killed process left, seen by a server that runs no worker: some updates still being created (at least
     * one in progress), none with a second stream. Answers the ids of those being created.
     */
    private static Set<String> leftBeingCreated(List<String> flags, Path data, OtaBurst burst) {
        try (ServerProcess idle = serve(flags, "--jobs-tick", "PT1H");
             ProcessClients clients = ProcessClients.of(data)) {
            Map<String, OTAUpdateInfo> left = updates(clients.iot(), burst);
            assertThat(left.values()).extracting(OTAUpdateInfo::otaUpdateStatus)
                    .as("the killed process was still creating updates").contains(OTAUpdateStatus.CREATE_IN_PROGRESS);
            assertAtMostOneStreamEach(clients, burst);
            idle.terminate();
            assertThat(idle.waitForExit()).isIn(0, 143);
            return left.values().stream().filter(u -> BEING_CREATED.contains(u.otaUpdateStatus()))
                    .map(OTAUpdateInfo::otaUpdateId).collect(Collectors.toSet());
        }
    }

    private static ServerProcess serve(List<String> flags, String... more) {
        List<String> all = new ArrayList<>(flags);
        all.addAll(List.of(more));
        return ServerProcess.serve(all.toArray(String[]::new));
    }

    /** Some updates ended (one of them complete) while others are in progress. */
    private static boolean creationUnderWay(IotClient iot) {
        int complete = count(iot, OTAUpdateStatus.CREATE_COMPLETE);
        int ended = complete + count(iot, OTAUpdateStatus.CREATE_FAILED);
        return complete > 0 && ended >= UPDATES / 4 && count(iot, OTAUpdateStatus.CREATE_IN_PROGRESS) > 1;
    }

    /** Polls until no update is being created; fails after two minutes, naming those that still are. */
    private static void awaitEveryUpdateEnded(IotClient iot, OtaBurst burst) {
        try {
            await("every update complete or failed", 120, () -> count(iot, OTAUpdateStatus.CREATE_PENDING)
                    + count(iot, OTAUpdateStatus.CREATE_IN_PROGRESS) == 0);
        } catch (AssertionError stuck) {
            throw new AssertionError(stuck.getMessage() + "; still being created: " + updates(iot, burst).values()
                    .stream().filter(u -> BEING_CREATED.contains(u.otaUpdateStatus()))
                    .map(u -> u.otaUpdateId() + " " + u.otaUpdateStatus()).toList(), stuck);
        }
    }

    private static int count(IotClient iot, OTAUpdateStatus status) {
        return iot.listOTAUpdates(r -> r.maxResults(100).otaUpdateStatus(status)).otaUpdates().size();
    }

    private static Map<String, OTAUpdateInfo> updates(IotClient iot, OtaBurst burst) {
        Map<String, OTAUpdateInfo> updates = new TreeMap<>();
        for (int i = 0; i < burst.size; i++) {
            String id = OtaBurst.id(i);
            updates.put(id, iot.getOTAUpdate(r -> r.otaUpdateId(id)).otaUpdateInfo());
        }
        return updates;
    }

    private static void assertEndings(OtaBurst burst, Map<String, OTAUpdateInfo> ended) {
        for (int i = 0; i < burst.size; i++) {
            OTAUpdateInfo update = ended.get(OtaBurst.id(i));
            OtaBurst.Kind kind = burst.kind(i);
            if (kind.completes()) {
                assertThat(update.otaUpdateStatus()).as(burst.describe(i) + ": " + update.errorInfo())
                        .isEqualTo(OTAUpdateStatus.CREATE_COMPLETE);
                assertThat(update.awsIotJobId()).isEqualTo("AFR_OTA-" + OtaBurst.id(i));
                assertThat(update.awsIotJobArn()).endsWith(":job/AFR_OTA-" + OtaBurst.id(i));
                assertThat(update.errorInfo()).isNull();
            } else {
                assertThat(update.otaUpdateStatus()).as(burst.describe(i)).isEqualTo(OTAUpdateStatus.CREATE_FAILED);
                assertThat(update.errorInfo()).as(burst.describe(i)).isNotNull();
                assertThat(update.errorInfo().code()).as(burst.describe(i)).isNotBlank();
                assertThat(update.errorInfo().message()).as(burst.describe(i)).containsIgnoringCase(kind.failure);
                assertThat(update.awsIotJobId()).as(burst.describe(i)).isNull();
            }
        }
    }

    /** The {@code AFR_OTA-} jobs are exactly those of the complete updates. */
    private static void assertOneJobEach(IotClient iot, OtaBurst burst) {
        List<String> jobs = iot.listJobsPaginator(r -> r.maxResults(100)).jobs().stream().map(JobSummary::jobId)
                .filter(id -> id.startsWith("AFR_OTA-")).toList();
        List<String> expected = IntStream.range(0, burst.size).filter(i -> burst.kind(i).completes())
                .mapToObj(i -> "AFR_OTA-" + OtaBurst.id(i)).toList();
        assertThat(jobs).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * No update has two {@code AFR_OTA-} streams (a stream's description names its update); answers each update's one,
     * by update id. Once every update ended, exactly the complete MQTT updates have one.
     */
    private static Map<String, String> assertAtMostOneStreamEach(ProcessClients clients, OtaBurst burst) {
        Map<String, List<String>> byUpdate = new HashMap<>();
        for (StreamSummary stream : clients.iot().listStreamsPaginator(r -> r.maxResults(100)).streams()) {
            if (stream.streamId().startsWith("AFR_OTA-")) {
                assertThat(stream.streamId()).hasSize(44);
                String description = clients.iot().describeStream(r -> r.streamId(stream.streamId())).streamInfo()
                        .description();
                assertThat(description).startsWith("OTA update ");
                byUpdate.computeIfAbsent(description.substring("OTA update ".length()), k -> new ArrayList<>())
                        .add(stream.streamId());
            }
        }
        assertThat(byUpdate).allSatisfy((update, streams) -> assertThat(streams).as(update).hasSize(1));
        return byUpdate.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }

    /** Each complete update's {@code afr_ota} document names its stream (MQTT) and carries the image's signature. */
    private static void assertDocumentsNameTheirStreams(IotClient iot, OtaBurst burst, Map<String, String> streams)
            throws Exception {
        Set<String> streamed = IntStream.range(0, burst.size).filter(i -> burst.kind(i).streamed())
                .mapToObj(OtaBurst::id).collect(Collectors.toSet());
        assertThat(streams.keySet()).as("the updates with a stream").isEqualTo(streamed);
        for (int i = 0; i < burst.size; i++) {
            if (!burst.kind(i).completes()) {
                continue;
            }
            String id = OtaBurst.id(i);
            JsonNode ota = JSON.readTree(iot.getJobDocument(r -> r.jobId("AFR_OTA-" + id)).document()).path("afr_ota");
            if (streamed.contains(id)) {
                assertThat(ota.path("streamname").asText()).as(id).isEqualTo(streams.get(id));
            } else {
                assertThat(ota.has("streamname")).as(id).isFalse();
            }
            JsonNode file = ota.path("files").path(0);
            assertThat(file.path("filesize").asLong()).as(id).isEqualTo(burst.image(i).length);
            assertThat(file.path("sig-sha256-ecdsa").asText()).as(id).isNotEmpty();
        }
    }

    /**
     * A device of the thing of an MQTT update the kill cut off (the small image first; any complete MQTT update when
     * the kill cut off none) takes its job, downloads the image over the update's stream, verifies the signature
     * and succeeds.
     */
    private static void aDeviceUpdates(ProcessClients clients, OtaBurst burst, Set<String> cutOff) throws Exception {
        int chosen = IntStream.range(0, burst.size).filter(i -> burst.kind(i).streamed()).boxed()
                .min(Comparator.<Integer, Boolean>comparing(i -> !cutOff.contains(OtaBurst.id(i)))
                        .thenComparing(i -> burst.image(i).length)).orElseThrow();
        String thing = OtaBurst.thing(chosen);
        IotClient iot = clients.iot();
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName(OtaBurst.POLICY).target(keys.certificateArn()));
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(keys.certificateArn()));
        DeviceIdentity identity = new DeviceIdentity(keys.certificateArn(), keys.certificateId(),
                keys.certificatePem(), keys.keyPair().privateKey());
        try (HttpClient https = HttpClient.newHttpClient();
             OtaDevice device = new OtaDevice(clients.mqttsPort(), clients.caFile(), identity, thing,
                     OtaDevice.Transport.MQTT_CBOR, burst.codeSigning.certificatePem(), https)) {
            OtaDevice.Result result = device.update(120);
            assertThat(result.jobId()).isEqualTo("AFR_OTA-" + OtaBurst.id(chosen));
            assertThat(result.status()).as(burst.describe(chosen) + ": " + result.details()).isEqualTo("SUCCEEDED");
            assertThat(result.image()).isEqualTo(burst.image(chosen));
        }
        assertThat(iot.describeJobExecution(r -> r.jobId("AFR_OTA-" + OtaBurst.id(chosen)).thingName(thing))
                .execution().statusAsString()).isEqualTo("SUCCEEDED");
    }

    /** Polls {@code condition} until it holds; fails after {@code seconds}. */
    private static void await(String what, long seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
