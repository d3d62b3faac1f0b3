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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seed 003's recipe run as a script with the AWS CLI, one step right after the other: the job's rollout limit is a
 * per-minute budget, so the three things of the fleet have their executions queued as soon as the engine looks at the
 * new job, not one every twelve seconds.
 */
class RolloutRateCliIT {
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["iot:Connect"],
               "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Subscribe", "iot:Receive"],
               "Resource": ["arn:aws:iot:us-east-1:000000000000:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*",
                 "arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"]}
            ]}""";

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.now());
    TestServer server;
    final AwsCli aws = AwsCli.v2().orElseThrow(() -> new AssertionError(
            "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is needed; .ci/run installs it"));

    @BeforeEach
    void start() {
        server = TestServer.start(Store.SQLITE, dir, clock, c -> c);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode run(String... args) {
        AwsCli.Result result = aws.run(server, args);
        assertThat(result.exitCode()).as("aws %s: %s", String.join(" ", args), result.stderr()).isZero();
        return result.json();
    }

    @ParameterizedTest(name = "--job-executions-rollout-config {0}")
    @ValueSource(strings = {
        "maximumPerMinute=5",
        // the recipe's own: five a minute to start with
        "maximumPerMinute=10,exponentialRate={baseRatePerMinute=5,incrementFactor=2,"
                + "rateIncreaseCriteria={numberOfNotifiedThings=5,numberOfSucceededThings=3}}"})
    void seed_003s_recipe_as_a_script_finds_all_three_executions_queued_right_after_create_job(String rollout)
            throws Exception {
        Path policy = Files.writeString(dir.resolve("iot-device-policy.json"), POLICY);
        run("iot", "create-policy", "--policy-name", "FleetOTAPolicy", "--policy-document", "file://" + policy);
        // the recipe writes its attributes as {"key":"value"} inside shorthand, which the CLI itself does not parse
        run("iot", "create-thing-group", "--thing-group-name", "ProductionDevices", "--thing-group-properties",
                "thingGroupDescription=\"Production IoT devices for OTA updates\",attributePayload={attributes="
                        + "{environment=production,updatePolicy=automatic,firmwareVersion=v2.0.0}}");
        List<String> things = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String thing = "IoTDevice-abc123-" + i;
            run("iot", "create-thing", "--thing-name", thing, "--attribute-payload",
                    "attributes={deviceType=sensor,firmwareVersion=v2.0.0,location=factory-floor-" + i + "}");
            run("iot", "add-thing-to-thing-group", "--thing-group-name", "ProductionDevices", "--thing-name", thing);
            String certificateArn = run("iot", "create-keys-and-certificate", "--set-as-active")
                    .path("certificateArn").asText();
            run("iot", "attach-policy", "--policy-name", "FleetOTAPolicy", "--target", certificateArn);
            run("iot", "attach-thing-principal", "--thing-name", thing, "--principal", certificateArn);
            things.add(thing);
        }
        Path document = Files.writeString(dir.resolve("firmware-update-job.json"),
                "{\"operation\": \"firmwareUpdate\", \"firmwareVersion\": \"v2.1.0\"}");
        run("iot", "create-job", "--job-id", "firmware-update-v2-1-0-abc123",
                "--targets", "arn:aws:iot:us-east-1:000000000000:thinggroup/ProductionDevices",
                "--document", "file://" + document,
                "--description", "Deploy firmware version v2.1.0 to production devices",
                "--job-executions-rollout-config", rollout,
                "--abort-config", "criteriaList=[{failureType=\"FAILED\",action=\"CANCEL\",thresholdPercentage=25,"
                        + "minNumberOfExecutedThings=3}]",
                "--timeout-config", "inProgressTimeoutInMinutes=60");
        server.tickJobs();  // what a server does at once after CreateJob

        JsonNode executions = run("iot", "list-job-executions-for-job", "--job-id", "firmware-update-v2-1-0-abc123")
                .path("executionSummaries");
        List<String> queued = new ArrayList<>();
        executions.forEach(e -> queued.add(e.path("thingArn").asText() + " " + e.path("jobExecutionSummary")
                .path("status").asText()));
        assertThat(queued).containsExactlyInAnyOrderElementsOf(things.stream()
                .map(t -> "arn:aws:iot:us-east-1:000000000000:thing/" + t + " QUEUED").toList());
        JsonNode details = run("iot", "describe-job", "--job-id", "firmware-update-v2-1-0-abc123")
                .path("job").path("jobProcessDetails");
        assertThat(details.path("numberOfQueuedThings").asInt()).isEqualTo(3);
    }
}
