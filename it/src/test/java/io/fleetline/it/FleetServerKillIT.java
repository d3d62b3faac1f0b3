package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.simulator.FleetStatus;
import io.fleetline.simulator.Simulation;
import io.fleetline.simulator.device.SimulatedDevice;
import io.fleetline.simulator.profile.FaultProfile;
import io.fleetline.simulator.report.Report;
import io.fleetline.testkit.ServerProcess;
import io.fleetline.testkit.Store;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.model.JobExecutionSummaryForJob;

/**
 * Scenario 6: {@code kill -9} of the server in the middle of a rollout to 200 simulated device agents, at most 120
 * releases a minute, half the devices on a slow link. The server comes back on the same ports and data; the agents
 * reconnect and resume their downloads and reports by themselves, and the rollout goes on where it stopped: every
 * device ends with one execution, SUCCEEDED, on the new version, and no minute released more than the rate allows.
 */
class FleetServerKillIT {
    private static final int FLEET = 200;
    private static final int PER_MINUTE = 120;

    @TempDir
    Path dir;

    @Test
    void a_rollout_cut_by_kill_9_resumes_after_a_restart_and_every_device_ends_once_and_terminal() throws Exception {
        Path data = dir.resolve("data");
        String url = Store.SQLITE.newUrl(dir);
        List<String> flags = List.of("--data-dir", data.toString(), "--http-port", free(), "--mqtt-port", free(),
                "--mqtt-ws-port", "-1", "--device-https-port", free(), "--db-url", url);
        ServerProcess server = ServerProcess.serve(flags.toArray(String[]::new));
        try (ProcessClients clients = ProcessClients.of(data)) {
            FleetFirmware firmware = FleetFirmware.upload(clients.s3(), 48 * 1024);
            server = rollOutThroughAKill(clients, firmware, data, flags, server);
        } finally {
            server.close();
            Store.SQLITE.drop(url);
        }
    }

    /** Answers the server process running at the end (the one started after the kill). */
    private ServerProcess rollOutThroughAKill(ProcessClients clients, FleetFirmware firmware, Path data,
                                              List<String> flags, ServerProcess first) throws Exception {
        ServerProcess server = first;
        try (Simulation simulation = Simulation.builder().target(FleetFirmware.target(data)).group("KillHubs")
                .fleetSize(FLEET).stateDirectory(dir.resolve("simulator")).pollInterval(Duration.ofMillis(250))
                .profile(FaultProfile.parse("{seed: 9, bootDelay: 1s, faults: {slow: {share: 50%, "
                        + "bytesPerSecond: 8KiB}}}"))
                .codeSigner(firmware.signer()).build()) {
            simulation.provision();
            assertThat(simulation.connect(Duration.ofMinutes(2))).isEqualTo(FLEET);
            String groupArn = clients.iot().describeThingGroup(r -> r.thingGroupName("KillHubs")).thingGroupArn();
            String document = firmware.document("2.0.0");
            clients.iot().createJob(r -> r.jobId("fw-kill").targets(groupArn).document(document)
                    .presignedUrlConfig(p -> p.roleArn(FleetFirmware.ROLE).expiresInSec(3600L))
                    .jobExecutionsRolloutConfig(c -> c.maximumPerMinute(PER_MINUTE)));

            FleetStatus midway = simulation.await(status -> count(status, "SUCCEEDED") >= 30
                    && count(status, "IN_PROGRESS") >= 20, Duration.ofMinutes(2), status -> { });
            assertThat(count(midway, "IN_PROGRESS")).as("in progress at the kill").isGreaterThanOrEqualTo(20);
            server.kill();
            server.waitForExit();
            server = ServerProcess.serve(flags.toArray(String[]::new));

            FleetStatus end = simulation.awaitSettled(Duration.ofMinutes(4), status -> { });
            assertThat(end.settled()).as(end.toString()).isTrue();
            Report report = simulation.report("settled");
            assertThat(report.jobs()).singleElement().satisfies(job -> assertThat(job.status()).isEqualTo("COMPLETED"));
            List<JobExecutionSummaryForJob> executions = clients.iot().listJobExecutionsForJobPaginator(
                    r -> r.jobId("fw-kill")).executionSummaries().stream().toList();
            assertThat(executions).hasSize(FLEET);
            assertThat(executions).extracting(JobExecutionSummaryForJob::thingArn).doesNotHaveDuplicates();
            assertThat(executions).allSatisfy(e -> {
                assertThat(e.jobExecutionSummary().statusAsString()).isEqualTo("SUCCEEDED");
                assertThat(e.jobExecutionSummary().executionNumber()).isEqualTo(1L);
            });
            assertThat(simulation.devices()).extracting(SimulatedDevice::runningVersion).containsOnly("2.0.0");
            assertThat(mostReleasedInAMinute(executions)).isLessThanOrEqualTo(PER_MINUTE);
        }
        return server;
    }

    private static long count(FleetStatus status, String executionStatus) {
        return status.jobs().values().stream().mapToLong(j -> j.executions().getOrDefault(executionStatus, 0L)).sum();
    }

    /** The most executions released within any 60 seconds. */
    private static long mostReleasedInAMinute(List<JobExecutionSummaryForJob> executions) {
        List<Instant> queued = executions.stream().map(e -> e.jobExecutionSummary().queuedAt()).sorted().toList();
        long most = 0;
        for (int i = 0; i < queued.size(); i++) {
            Instant end = queued.get(i).plusSeconds(60);
            most = Math.max(most, queued.subList(i, queued.size()).stream().filter(end::isAfter).count());
        }
        return most;
    }

    private static String free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return String.valueOf(socket.getLocalPort());
        }
    }
}
