package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.ServerProcess;
import io.fleetline.testkit.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ThingAttribute;
import software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient;

/**
 * {@code kill -9} in the middle of a burst of writes from the SDK: after a restart, every write the server
 * acknowledged is there.
 */
abstract class CrashDurabilityIT {
    private static final int WRITERS = 8;
    private static final int KILL_AFTER_ACKS = 300;

    @TempDir
    Path dir;

    abstract Store store();

    @Test
    void every_acknowledged_write_survives_kill_9() throws Exception {
        Path data = dir.resolve("data");
        String url = store().newUrl(dir);
        String[] flags = {"--data-dir", data.toString(), "--http-port", "0", "--mqtt-port", "0", "--mqtt-ws-port", "0", "--device-https-port", "0", "--db-url", url};
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            try (ServerProcess server = ServerProcess.serve(flags); IotClient iot = ServeCommandIT.client(data)) {
                CountDownLatch enough = new CountDownLatch(KILL_AFTER_ACKS);
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(Thread.ofPlatform().start(() -> write(iot, writer, acknowledged, enough)));
                }
                assertThat(enough.await(120, TimeUnit.SECONDS)).as("writes were acknowledged").isTrue();
                server.kill();
                for (Thread writer : writers) {
                    writer.join(TimeUnit.SECONDS.toMillis(120));
                }
            }
            try (ServerProcess restarted = ServerProcess.serve(flags); IotClient iot = ServeCommandIT.client(data)) {
                Set<String> stored = new HashSet<>();
                iot.listThingsPaginator(r -> r.maxResults(250)).things().stream()
                        .map(ThingAttribute::thingName).forEach(stored::add);
                assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);
                assertThat(stored).containsAll(acknowledged);
                restarted.terminate();
            }
        } finally {
            store().drop(url);
        }
    }

    @Test
    void acknowledged_job_updates_survive_kill_9_and_the_rollout_carries_on() throws Exception {
        Path data = dir.resolve("data");
        String url = store().newUrl(dir);
        String[] flags = {"--data-dir", data.toString(), "--http-port", "0", "--mqtt-port", "-1", "--mqtt-ws-port", "-1",
                "--device-https-port", "-1", "--db-url", url};
        int fleet = 120;
        List<String> succeeded = new ArrayList<>();
        try {
            try (ServerProcess server = ServerProcess.serve(flags); IotClient iot = ServeCommandIT.client(data);
                 IotJobsDataPlaneClient devices = jobsData(data)) {
                iot.createThingGroup(r -> r.thingGroupName("fleet"));
                for (int i = 0; i < fleet; i++) {
                    String name = String.format("unit-%03d", i);
                    iot.createThing(r -> r.thingName(name));
                    iot.addThingToThingGroup(r -> r.thingGroupName("fleet").thingName(name));
                }
                iot.createJob(r -> r.jobId("rollout").document("{\"v\":1}")
                        .targets("arn:aws:iot:us-east-1:000000000000:thinggroup/fleet")
                        .jobExecutionsRolloutConfig(c -> c.maximumPerMinute(60)));
                // devices take their jobs as the rollout releases them, in order, until forty succeeded: the first
                // minute's sixty go at once, so the server dies with half the fleet still waiting
                for (int i = 0; succeeded.size() < 40; i++) {
                    String name = String.format("unit-%03d", i);
                    while (devices.startNextPendingJobExecution(r -> r.thingName(name)).execution() == null) {
                        Thread.sleep(50);  // the engine ticks soon after CreateJob: not released yet
                    }
                    devices.updateJobExecution(r -> r.thingName(name).jobId("rollout").status("SUCCEEDED"));
                    succeeded.add(name);
                }
                server.kill();
            }
            try (ServerProcess restarted = ServerProcess.serve(flags); IotClient iot = ServeCommandIT.client(data)) {
                for (String name : succeeded) {
                    assertThat(iot.describeJobExecution(r -> r.jobId("rollout").thingName(name)).execution().statusAsString())
                            .as(name).isEqualTo("SUCCEEDED");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                var details = iot.describeJob(r -> r.jobId("rollout")).job().jobProcessDetails();
                assertThat(details.numberOfSucceededThings()).isGreaterThanOrEqualTo(succeeded.size());
                while (notified(details) < fleet && System.nanoTime() < deadline) {
                    Thread.sleep(200);  // the restarted server releases the rest a minute after the first sixty
                    details = iot.describeJob(r -> r.jobId("rollout")).job().jobProcessDetails();
                }
                assertThat(notified(details)).as("the rollout resumed and released every thing once").isEqualTo(fleet);
                assertThat(iot.describeJob(r -> r.jobId("rollout")).job().statusAsString()).isEqualTo("IN_PROGRESS");
                restarted.terminate();
            }
        } finally {
            store().drop(url);
        }
    }

    private static int notified(software.amazon.awssdk.services.iot.model.JobProcessDetails d) {
        return d.numberOfQueuedThings() + d.numberOfInProgressThings() + d.numberOfSucceededThings()
                + d.numberOfFailedThings() + d.numberOfRejectedThings() + d.numberOfTimedOutThings()
                + d.numberOfCanceledThings() + d.numberOfRemovedThings();
    }

    private static IotJobsDataPlaneClient jobsData(Path data) {
        com.fasterxml.jackson.databind.JsonNode endpoint = ServerProcess.endpoint(data);
        return IotJobsDataPlaneClient.builder()
                .endpointOverride(java.net.URI.create(endpoint.path("http").asText()))
                .region(software.amazon.awssdk.regions.Region.of(endpoint.path("region").asText()))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider.builder()
                        .profileFile(software.amazon.awssdk.profiles.ProfileFile.builder()
                                .content(data.resolve("credentials"))
                                .type(software.amazon.awssdk.profiles.ProfileFile.Type.CREDENTIALS).build()).build())
                .httpClient(software.amazon.awssdk.http.apache.ApacheHttpClient.create())
                .build();
    }

    /** Creates things until the server stops answering; remembers each one it acknowledged. */
    private static void write(IotClient iot, int writer, Set<String> acknowledged, CountDownLatch enough) {
        for (int i = 0; ; i++) {
            String name = "burst-" + writer + "-" + i;
            try {
                iot.createThing(r -> r.thingName(name));
            } catch (RuntimeException serverGone) {
                return;
            }
            acknowledged.add(name);
            enough.countDown();
        }
    }
}
