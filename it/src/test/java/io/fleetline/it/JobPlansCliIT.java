package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient;

/**
 * Fleetline's companion API from the AWS CLI: the model shipped in the repository is added with
 * {@code aws configure add-model}, and {@code aws fleetline ...} drives a job's cohorts, approval and pause.
 */
class JobPlansCliIT {
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.now());
    TestServer server;

    static Stream<AwsCli> clis() {
        return RegistryCliIT.clis();
    }

    @BeforeEach
    void start() {
        server = TestServer.start(Store.SQLITE, dir, clock, c -> c);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The companion model, as the repository ships it. */
    static Path model(Path dir) throws Exception {
        try (var in = JobPlansCliIT.class.getResourceAsStream("/models/fleetline.service-2.json")) {
            Path file = dir.resolve("fleetline.service-2.json");
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void a_canary_then_an_approved_rollout_with_a_pause_in_between(AwsCli plain) throws Exception {
        AwsCli aws = plain.withFleetlineModel(model(dir));
        try (IotClient iot = Sdk.iot(server); IotJobsDataPlaneClient devices = Sdk.jobsData(server)) {
            iot.createThingGroup(r -> r.thingGroupName("fleet"));
            for (String thing : new String[] {"a1", "a2", "a3"}) {
                iot.createThing(r -> r.thingName(thing));
                iot.addThingToThingGroup(r -> r.thingGroupName("fleet").thingName(thing));
            }
            assertThat(aws.run(server, "fleetline", "put-job-rollout-plan", "--job-id", "waves", "--cohorts",
                    "name=canary,thingCount=1,successThresholdPercentage=100",
                    "name=everyone,percentage=100,successThresholdPercentage=0,requiresApproval=true",
                    "--retry-backoff", "initialDelaySeconds=60,multiplier=2").json().path("jobId").asText()).isEqualTo("waves");
            assertThat(aws.run(server, "iot", "create-job", "--job-id", "waves", "--document", "{\"v\":2}",
                    "--targets", "arn:aws:iot:us-east-1:000000000000:thinggroup/fleet").ok()).isTrue();

            server.tickJobs();
            devices.updateJobExecution(r -> r.thingName("a1").jobId("waves").status("SUCCEEDED"));
            server.tickJobs();
            JsonNode plan = aws.run(server, "fleetline", "get-job-rollout-plan", "--job-id", "waves").json();
            assertThat(plan.path("awaitingApproval").asBoolean()).isTrue();
            assertThat(plan.path("cohortStates").get(0).path("status").asText()).isEqualTo("PASSED");
            assertThat(plan.path("cohortStates").get(1).path("status").asText()).isEqualTo("AWAITING_APPROVAL");
            assertThat(plan.path("retryBackoff").path("initialDelaySeconds").asInt()).isEqualTo(60);
            assertThat(Sdk.jobProcess(iot, "waves").get("queued")).as("only the canary went out").isZero();

            assertThat(aws.run(server, "fleetline", "pause-job-rollout", "--job-id", "waves", "--reason", "lunch").ok()).isTrue();
            assertThat(aws.run(server, "fleetline", "approve-job-cohort", "--job-id", "waves").ok()).isTrue();
            server.tickJobs();
            assertThat(Sdk.jobProcess(iot, "waves").get("queued")).as("approved, but paused").isZero();
            assertThat(aws.run(server, "fleetline", "get-job-rollout-plan", "--job-id", "waves").json()
                    .path("pausedReason").asText()).isEqualTo("lunch");

            assertThat(aws.run(server, "fleetline", "resume-job-rollout", "--job-id", "waves").ok()).isTrue();
            server.tickJobs();
            assertThat(Sdk.jobProcess(iot, "waves").get("queued")).isEqualTo(2);
            AwsCli.Result again = aws.run(server, "fleetline", "approve-job-cohort", "--job-id", "waves");
            assertThat(again.errorCode()).isEqualTo("InvalidStateTransitionException");
            AwsCli.Result bad = aws.run(server, "fleetline", "put-job-rollout-plan", "--job-id", "other", "--cohorts",
                    "name=x,thingCount=1,percentage=5,successThresholdPercentage=1");
            assertThat(bad.errorCode()).isEqualTo("InvalidRequestException");
        }
    }
}
