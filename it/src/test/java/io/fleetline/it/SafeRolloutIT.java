package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.time.ManualClock;
import io.fleetline.simulator.FleetStatus;
import io.fleetline.simulator.Simulation;
import io.fleetline.simulator.device.SimulatedDevice;
import io.fleetline.simulator.fleet.Provisioner;
import io.fleetline.simulator.profile.Cohort;
import io.fleetline.simulator.profile.FaultProfile;
import io.fleetline.simulator.report.Report;
import io.fleetline.simulator.report.ReportHtml;
import io.fleetline.simulator.report.ReportJson;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AbortCriteria;
import software.amazon.awssdk.services.iot.model.JobExecutionSummaryForJob;
import software.amazon.awssdk.services.iot.model.RetryCriteria;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Safe rollouts on a simulated fleet of 200 device agents (real mutual-TLS MQTT, HTTPS downloads, the simulator's
 * in-memory slots), with the server's clock in the test's hand: each minute of rollout is one step of the clock and
 * one tick of the rollout engine, taken once every execution released so far has ended.
 *
 * <p>Scenario 1: a canary group of five updates first; then the fleet group, at an exponential rate, while a tenth
 * of the devices lose their connection mid-download and a twentieth crash as they install: every device ends on the
 * new version. Scenario 2: a release that 30% of the devices cannot boot: they roll back and report FAILED, the
 * job's abort config cancels it before the rollout reaches the rest, and the devices it never reached stay on the old
 * version. Scenario 5: devices that go dark as their download starts stay away past the job's in-progress timeout;
 * their executions time out and are retried, which they carry out when they are back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SafeRolloutIT {
    private static final int FLEET = 200;
    private static final String GROUP = "SensorHubs";

    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    Path dir;
    TestServer server;
    IotClient iot;
    S3Client s3;
    FleetFirmware firmware;
    String groupArn;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        server = TestServer.start(Store.SQLITE, dir.resolve("server"), clock, c -> c.withMqtt(m -> m.withPort(0))
                .withHttp(h -> h.withDeviceHttpsPort(0)));
        iot = Sdk.iot(server);
        s3 = Sdk.s3(server);
        firmware = FleetFirmware.upload(s3, 48 * 1024 + 7);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            s3.close();
            iot.close();
            server.close();
        }
    }

    private Simulation simulation(String profile) throws InterruptedException {
        Simulation simulation = Simulation.builder()
                .target(FleetFirmware.target(URI.create(server.endpoint()), server.region(), server.accessKeyId(),
                        server.secretKey(), server.mqttsPort(), server.caFile()))
                .group(GROUP).fleetSize(FLEET).profile(FaultProfile.parse(profile)).clock(clock)
                .stateDirectory(dir.resolve("simulator")).codeSigner(firmware.signer())
                .pollInterval(Duration.ofMillis(200)).build();
        simulation.provision();
        groupArn = iot.describeThingGroup(r -> r.thingGroupName(GROUP)).thingGroupArn();
        assertThat(simulation.connect(Duration.ofMinutes(2))).isEqualTo(FLEET);
        return simulation;
    }

    /**
     * Moves the rollout on a minute at a time: once every execution released so far has ended, a minute passes and
     * the engine ticks (releasing the next wave, ramping the rate up or aborting). One wave a minute, so the waves
     * show in the executions' release times.
     */
    private Consumer<FleetStatus> minuteByMinute() {
        return status -> {
            if (status.reached() && status.pending() == 0) {
                clock.advance(Duration.ofMinutes(1));
                server.tickJobs();
            }
        };
    }

    @Test
    void a_canary_group_then_the_fleet_at_an_exponential_rate_end_every_device_on_the_new_version() throws Exception {
        try (Simulation simulation = simulation("""
                seed: 11
                bootDelay: 0s
                faults:
                  dropMidDownload: {share: 10%, afterBytes: 16KiB}
                  crashMidInstall: 5%
                """)) {
            List<String> canaries = List.of(0, 1, 2, 3, 4).stream().map(i -> Provisioner.thingName(GROUP, i)).toList();
            String canaryArn = iot.createThingGroup(r -> r.thingGroupName(GROUP + "-canary")).thingGroupArn();
            canaries.forEach(t -> iot.addThingToThingGroup(r -> r.thingGroupName(GROUP + "-canary").thingName(t)));
            String document = firmware.document("2.0.0");
            iot.createJob(r -> r.jobId("fw-2-canary").targets(canaryArn).document(document)
                    .presignedUrlConfig(p -> p.roleArn(FleetFirmware.ROLE).expiresInSec(1800L)));
            assertThat(simulation.awaitSettled(Duration.ofMinutes(5), minuteByMinute()).settled()).isTrue();
            assertThat(simulation.devices()).filteredOn(d -> canaries.contains(d.thingName()))
                    .as(() -> reasons(simulation, "fw-2-canary")).extracting(SimulatedDevice::runningVersion)
                    .containsOnly("2.0.0");

            iot.createJob(r -> r.jobId("fw-2-fleet").targets(groupArn).document(document)
                    .presignedUrlConfig(p -> p.roleArn(FleetFirmware.ROLE).expiresInSec(1800L))
                    .jobExecutionsRolloutConfig(c -> c.maximumPerMinute(1000).exponentialRate(e -> e
                            .baseRatePerMinute(10).incrementFactor(2.0)
                            .rateIncreaseCriteria(i -> i.numberOfSucceededThings(10)))));
            FleetStatus rolledOut = simulation.awaitSettled(Duration.ofMinutes(5), minuteByMinute());
            assertThat(rolledOut.settled()).as(() -> rolledOut + "\n" + unfinished(simulation, "fw-2-fleet")).isTrue();

            Report report = simulation.report("settled");
            assertThat(simulation.devices()).extracting(SimulatedDevice::runningVersion).containsOnly("2.0.0");
            assertThat(report.cohorts()).allSatisfy(c -> assertThat(c.versions()).containsOnlyKeys("2.0.0"));
            Report.JobOutcome fleet = job(report, "fw-2-fleet");
            assertThat(fleet.status()).isEqualTo("COMPLETED");
            assertThat(fleet.cohorts()).allSatisfy(c -> assertThat(c.outcomes())
                    .isEqualTo(Map.of("SUCCEEDED", (long) c.devices())));
            assertThat(job(report, "fw-2-canary").cohorts().stream().mapToLong(c -> c.outcomes()
                    .getOrDefault("SUCCEEDED", 0L)).sum()).isEqualTo(5);
            assertThat(cohort(report, "crashMidInstall").powerCycles()).as("a crash and a reboot a job at least")
                    .isGreaterThanOrEqualTo(2L * cohort(report, "crashMidInstall").devices());
            assertExponentialWaves(releasesByMinute("fw-2-fleet"));
            assertThat(report.timeline().getLast().executions()).containsEntry("SUCCEEDED", (long) FLEET + 5);
            assertThat(report.timeline()).anySatisfy(p -> assertThat(p.executions().get("IN_PROGRESS")).isPositive());
            writesTheReport(report);
        }
    }

    @Test
    void a_release_that_a_third_cannot_boot_is_rolled_back_and_aborted_before_it_reaches_the_rest() throws Exception {
        try (Simulation simulation = simulation("""
                seed: 5
                bootDelay: 0s
                faults:
                  failHealthCheck: 30%
                """)) {
            String document = firmware.document("3.0.0");
            iot.createJob(r -> r.jobId("fw-3-bad").targets(groupArn).document(document)
                    .presignedUrlConfig(p -> p.roleArn(FleetFirmware.ROLE).expiresInSec(1800L))
                    .jobExecutionsRolloutConfig(c -> c.maximumPerMinute(1000).exponentialRate(e -> e
                            .baseRatePerMinute(10).incrementFactor(2.0)
                            .rateIncreaseCriteria(i -> i.numberOfNotifiedThings(10))))
                    .abortConfig(a -> a.criteriaList(AbortCriteria.builder().failureType("FAILED").action("CANCEL")
                            .thresholdPercentage(10.0).minNumberOfExecutedThings(10).build())));
            assertThat(simulation.awaitSettled(Duration.ofMinutes(5), minuteByMinute()).settled()).isTrue();

            Report report = simulation.report("settled");
            Report.JobOutcome bad = job(report, "fw-3-bad");
            assertThat(bad.status()).isEqualTo("CANCELED");
            Map<String, String> statuses = executionStatuses("fw-3-bad");
            long unreached = FLEET - statuses.values().stream().filter(s -> !s.equals("CANCELED")).count();
            assertThat(unreached).as("devices the rollout never reached").isGreaterThanOrEqualTo(100);
            assertThat(statuses).containsValue("FAILED");
            for (SimulatedDevice device : simulation.devices()) {
                String status = statuses.getOrDefault(device.thingName(), Report.NOT_REACHED);
                boolean failing = device.cohort() instanceof Cohort.FailHealthCheck;
                assertThat(device.runningVersion()).as(() -> device.thingName() + " " + status + "\n"
                                + reasons(simulation, "fw-3-bad"))
                        .isEqualTo(status.equals("SUCCEEDED") ? "3.0.0" : "1.0.0");
                assertThat(status).as(device.thingName()).isNotEqualTo(failing ? "SUCCEEDED" : "FAILED");
            }
            String failed = statuses.entrySet().stream().filter(e -> e.getValue().equals("FAILED")).findFirst()
                    .orElseThrow().getKey();
            assertThat(iot.describeJobExecution(r -> r.jobId("fw-3-bad").thingName(failed)).execution()
                    .statusDetails().detailsMap()).containsEntry("step", "rolled-back").containsEntry("firmware", "1.0.0");
            assertThat(cohort(report, "healthy").versions().keySet()).containsAnyOf("1.0.0", "3.0.0");
        }
    }

    @Test
    void devices_offline_past_the_in_progress_timeout_time_out_and_succeed_on_the_retry_when_back() throws Exception {
        try (Simulation simulation = simulation("""
                seed: 3
                bootDelay: 0s
                faults:
                  offline: {share: 20%, for: 10m}
                """)) {
            String document = firmware.document("4.0.0");
            iot.createJob(r -> r.jobId("fw-4").targets(groupArn).document(document)
                    .presignedUrlConfig(p -> p.roleArn(FleetFirmware.ROLE).expiresInSec(1800L))
                    .timeoutConfig(t -> t.inProgressTimeoutInMinutes(5L))
                    .jobExecutionsRetryConfig(c -> c.criteriaList(RetryCriteria.builder().failureType("TIMED_OUT")
                            .numberOfRetries(2).build())));
            List<String> offline = simulation.devices().stream().filter(d -> d.cohort() instanceof Cohort.Offline)
                    .map(SimulatedDevice::thingName).toList();
            assertThat(offline).hasSize(FLEET / 5);
            // released at once; the others succeed while the offline ones lie dark, their executions in progress
            FleetStatus dark = simulation.await(status -> executions(status, "fw-4").equals(Map.of(
                    "SUCCEEDED", (long) FLEET - offline.size(), "IN_PROGRESS", (long) offline.size()))
                    && offline.stream().allMatch(t -> simulation.observations().powerCycles(t) == 1),
                    Duration.ofMinutes(2), minuteByMinute());
            assertThat(executions(dark, "fw-4")).containsEntry("IN_PROGRESS", (long) offline.size());

            clock.advance(Duration.ofMinutes(6));
            server.tickJobs();  // past the in-progress timeout: TIMED_OUT, and retried at once
            assertThat(offline).allSatisfy(t -> assertThat(iot.describeJobExecution(r -> r.jobId("fw-4").thingName(t)
                    .executionNumber(1L)).execution().statusAsString()).isEqualTo("TIMED_OUT"));
            clock.advance(Duration.ofMinutes(5));  // back online, ten minutes after going dark
            assertThat(simulation.awaitSettled(Duration.ofMinutes(5), minuteByMinute()).settled()).isTrue();

            Report report = simulation.report("settled");
            assertThat(job(report, "fw-4").status()).isEqualTo("COMPLETED");
            Report.CohortOutcome back = job(report, "fw-4").cohorts().stream()
                    .filter(c -> c.cohort().equals("offline")).findFirst().orElseThrow();
            assertThat(back.outcomes()).isEqualTo(Map.of("SUCCEEDED", (long) offline.size()));
            assertThat(back.retries()).as("one retry each").isEqualTo(offline.size());
            assertThat(simulation.devices()).extracting(SimulatedDevice::runningVersion).containsOnly("4.0.0");
        }
    }

    private static Map<String, Long> executions(FleetStatus status, String jobId) {
        FleetStatus.JobState job = status.jobs().get(jobId);
        return job == null ? Map.of() : job.executions().entrySet().stream().filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The devices whose run of a job has not ended, with how far they got: for a failure's message. */
    private static String unfinished(Simulation simulation, String jobId) {
        return simulation.devices().stream().flatMap(d -> simulation.observations().trace(jobId, d.thingName())
                .filter(t -> t.status().isEmpty()).map(t -> d.thingName() + " (" + d.cohort().name() + "): "
                        + t.phase() + ", " + simulation.observations().powerCycles(d.thingName()) + " power cycles")
                .stream()).limit(20).collect(Collectors.joining("\n"));
    }

    /** Why the devices' runs of a job failed, as their agents said: for a failure's message. */
    private static String reasons(Simulation simulation, String jobId) {
        return simulation.devices().stream().flatMap(d -> simulation.observations().trace(jobId, d.thingName())
                .filter(t -> !t.reason().isEmpty()).map(t -> d.thingName() + ": " + t.status() + " " + t.reason())
                .stream()).distinct().limit(10).collect(Collectors.joining("\n"));
    }

    private void writesTheReport(Report report) throws Exception {
        Path json = dir.resolve("report.json");
        ReportJson.write(report, json);
        ReportHtml.write(report, dir.resolve("report.html"));
        assertThat(Files.readString(json)).contains("\"jobId\" : \"fw-2-fleet\"");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("data-status=\"SUCCEEDED\"");
    }

    private static Report.JobOutcome job(Report report, String jobId) {
        return report.jobs().stream().filter(j -> j.jobId().equals(jobId)).findFirst().orElseThrow();
    }

    private static Report.CohortSummary cohort(Report report, String name) {
        return report.cohorts().stream().filter(c -> c.cohort().equals(name)).findFirst().orElseThrow();
    }

    private List<JobExecutionSummaryForJob> executions(String jobId) {
        return iot.listJobExecutionsForJobPaginator(r -> r.jobId(jobId)).executionSummaries().stream().toList();
    }

    private Map<String, String> executionStatuses(String jobId) {
        return executions(jobId).stream().collect(Collectors.toMap(
                e -> e.thingArn().substring(e.thingArn().lastIndexOf('/') + 1),
                e -> e.jobExecutionSummary().statusAsString()));
    }

    /** How many executions were released at each minute of the manual clock, in order. */
    private List<Long> releasesByMinute(String jobId) {
        return List.copyOf(executions(jobId).stream().collect(Collectors.groupingBy(
                e -> e.jobExecutionSummary().queuedAt().truncatedTo(ChronoUnit.MINUTES), TreeMap::new,
                Collectors.counting())).values());
    }

    private static void assertExponentialWaves(List<Long> waves) {
        assertThat(waves.stream().mapToLong(Long::longValue).sum()).isEqualTo(FLEET);
        assertThat(waves.getFirst()).as("the base rate, of " + waves).isEqualTo(10);
        assertThat(waves.size()).as("waves " + waves).isGreaterThanOrEqualTo(4);
        assertThat(waves.get(1)).isGreaterThan(waves.get(0));
        assertThat(waves.get(2)).isGreaterThan(waves.get(1));
    }
}
