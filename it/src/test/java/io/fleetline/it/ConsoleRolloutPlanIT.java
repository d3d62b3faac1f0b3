package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient;

/**
 * The console's buttons for Fleetline's rollout plans: a plan put with {@code aws fleetline} whose second cohort waits
 * for approval is approved, paused and resumed from the console's forms, and the companion API shows each step.
 */
class ConsoleRolloutPlanIT {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(Store.SQLITE, dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void an_operator_approves_pauses_and_resumes_a_rollout_plan_from_the_job_page() throws Exception {
        AwsCli aws = AwsCli.v2().orElseThrow().withFleetlineModel(JobPlansCliIT.model(dir));
        try (IotClient iot = Sdk.iot(server); IotJobsDataPlaneClient devices = Sdk.jobsData(server)) {
            iot.createThingGroup(r -> r.thingGroupName("fleet"));
            for (String thing : new String[] {"a1", "a2", "a3"}) {
                iot.createThing(r -> r.thingName(thing));
                iot.addThingToThingGroup(r -> r.thingGroupName("fleet").thingName(thing));
            }
            assertThat(aws.run(server, "fleetline", "put-job-rollout-plan", "--job-id", "waves", "--cohorts",
                    "name=canary,thingCount=1,successThresholdPercentage=100",
                    "name=everyone,percentage=100,successThresholdPercentage=0,requiresApproval=true").ok()).isTrue();
            iot.createJob(r -> r.jobId("waves").document("{\"v\":2}")
                    .targets("arn:aws:iot:us-east-1:000000000000:thinggroup/fleet"));
            server.tickJobs();
            devices.updateJobExecution(r -> r.thingName("a1").jobId("waves").status("SUCCEEDED"));
            server.tickJobs();

            ConsoleClient console = new ConsoleClient(server.endpoint());
            String session = console.session(server.accessKeyId(), server.secretKey());
            String csrf = console.csrf(session);
            String page = console.get("/console/jobs/waves", Optional.of(session)).body();
            assertThat(page).contains("Rollout plan").contains("AWAITING_APPROVAL").contains("Approve next cohort")
                    .contains("Pause rollout");

            assertThat(post(console, session, csrf, "approve").statusCode()).isEqualTo(303);
            JsonNode plan = aws.run(server, "fleetline", "get-job-rollout-plan", "--job-id", "waves").json();
            assertThat(plan.path("awaitingApproval").asBoolean()).isFalse();

            assertThat(post(console, session, csrf, "pause").statusCode()).isEqualTo(303);
            plan = aws.run(server, "fleetline", "get-job-rollout-plan", "--job-id", "waves").json();
            assertThat(plan.path("paused").asBoolean()).isTrue();
            assertThat(console.get("/console/jobs/waves", Optional.of(session)).body()).contains("Resume rollout")
                    .contains("Paused in the console by " + server.accessKeyId());

            assertThat(post(console, session, csrf, "resume").statusCode()).isEqualTo(303);
            plan = aws.run(server, "fleetline", "get-job-rollout-plan", "--job-id", "waves").json();
            assertThat(plan.path("paused").asBoolean()).isFalse();

            // approving again, with nothing waiting, is refused in words
            HttpResponse<String> again = post(console, session, csrf, "approve");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.body()).contains("No cohort of job waves is waiting for approval");
        }
    }

    private static HttpResponse<String> post(ConsoleClient console, String session, String csrf, String action)
            throws Exception {
        return console.post("/console/jobs/waves/" + action, Optional.of(session), Map.of("csrf", csrf),
                Map.of("Origin", console.origin()));
    }
}
