package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Seed 003's fleet update end to end: the AWS CLI creates the job with its rollout, abort and timeout
 * configuration, fifty devices run it over MQTT with mutual TLS (most succeed, some fail, reject or hang until
 * they time out), and describe-job, list-job-executions-for-job and describe-job-execution show every outcome.
 * Time is a manual clock the test moves; the rollout engine ticks when the test says.
 */
class JobsFleetIT {
    static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "arn:aws:iot:us-east-1:000000000000:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"}
            ]}""";
    private static final int FLEET = 50;
    /** Fails come late enough that seed 003's 25% abort criterion never trips. */
    private static final Map<Integer, JobDevice.Behaviour> MISFITS = Map.of(
            20, JobDevice.Behaviour.FAIL, 30, JobDevice.Behaviour.FAIL, 40, JobDevice.Behaviour.FAIL,
            45, JobDevice.Behaviour.FAIL, 22, JobDevice.Behaviour.REJECT, 33, JobDevice.Behaviour.REJECT,
            44, JobDevice.Behaviour.REJECT, 25, JobDevice.Behaviour.HANG, 35, JobDevice.Behaviour.HANG,
            47, JobDevice.Behaviour.HANG);

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.now());
    TestServer server;
    IotClient iot;
    final List<JobDevice> devices = new ArrayList<>();

    @BeforeEach
    void start() {
        server = TestServer.start(Store.SQLITE, dir, clock, c -> c.withMqtt(m -> m.withPort(0)));
        iot = Sdk.iot(server);
    }

    @AfterEach
    void stop() {
        devices.forEach(JobDevice::close);
        iot.close();
        server.close();
    }

    static String thingName(int i) {
        return String.format("sensor-%02d", i);
    }

    /** Things in a group, each with a certificate (one per ten things), the policy attached. */
    static List<DeviceIdentity> fleet(IotClient iot, String group, int size) {
        iot.createPolicy(r -> r.policyName("fleet-" + group).policyDocument(POLICY));
        iot.createThingGroup(r -> r.thingGroupName(group));
        List<DeviceIdentity> identities = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (i % 10 == 0) {
                var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
                iot.attachPolicy(r -> r.policyName("fleet-" + group).target(keys.certificateArn()));
                identities.add(new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                        keys.keyPair().privateKey()));
            }
            String name = thingName(i);
            DeviceIdentity identity = identities.get(identities.size() - 1);
            iot.createThing(r -> r.thingName(name));
            iot.attachThingPrincipal(r -> r.thingName(name).principal(identity.certificateArn()));
            iot.addThingToThingGroup(r -> r.thingGroupName(group).thingName(name));
        }
        return identities;
    }

    @Test
    void seed_003s_rollout_runs_on_fifty_devices_and_every_counter_and_execution_shows_it() throws Exception {
        List<DeviceIdentity> identities = fleet(iot, "ProductionDevices", FLEET);
        Map<String, String> outcomes = new ConcurrentHashMap<>();
        Semaphore reported = new Semaphore(0);
        for (int i = 0; i < FLEET; i++) {
            devices.add(new JobDevice(server, identities.get(i / 10), thingName(i),
                    MISFITS.getOrDefault(i, JobDevice.Behaviour.SUCCEED), outcome -> {
                        outcomes.put(outcome.thingName(), outcome.status());
                        reported.release();
                    }));
        }
        AwsCli aws = AwsCli.v2().orElseThrow();
        Path document = Files.writeString(dir.resolve("firmware-update-job.json"),
                "{\"operation\": \"firmwareUpdate\", \"firmwareVersion\": \"v2.1.0\"}");
        // the recipe's id, firmware-update-${FIRMWARE_VERSION}-..., has dots, which job ids may not have (on AWS either)
        AwsCli.Result dotted = aws.run(server, "iot", "create-job", "--job-id", "firmware-update-v2.1.0-abc123",
                "--targets", "arn:aws:iot:us-east-1:000000000000:thinggroup/ProductionDevices", "--document", "{}");
        assertThat(dotted.stderr()).contains("InvalidRequestException").contains("[a-zA-Z0-9_-]+");
        AwsCli.Result created = aws.run(server, "iot", "create-job", "--job-id", "firmware-update-v2-1-0",
                "--targets", "arn:aws:iot:us-east-1:000000000000:thinggroup/ProductionDevices",
                "--document", "file://" + document,
                "--description", "Deploy firmware version v2.1.0 to production devices",
                "--job-executions-rollout-config", "maximumPerMinute=10,exponentialRate={baseRatePerMinute=5,"
                        + "incrementFactor=2,rateIncreaseCriteria={numberOfNotifiedThings=5,numberOfSucceededThings=3}}",
                "--abort-config", "criteriaList=[{failureType=\"FAILED\",action=\"CANCEL\",thresholdPercentage=25,"
                        + "minNumberOfExecutedThings=3}]",
                "--timeout-config", "inProgressTimeoutInMinutes=60");
        assertThat(created.exitCode()).as(created.stderr()).isZero();

        // at most ten a minute: tick every six seconds of job time until all fifty were notified and answered
        int answered = 0;
        for (int step = 0; answered < FLEET && step < 200; step++) {
            server.tickJobs();
            clock.advance(Duration.ofSeconds(6));
            int released = (int) Sdk.jobProcess(iot, "firmware-update-v2-1-0").values().stream().mapToLong(Long::longValue).sum();
            assertThat(reported.tryAcquire(released - answered, 20, TimeUnit.SECONDS))
                    .as("devices answered the %d executions released", released).isTrue();
            answered = released;
        }
        assertThat(outcomes).hasSize(FLEET);

        // the hung devices time out after an hour; then the clock goes back so the CLI's signatures stay fresh
        clock.advance(Duration.ofMinutes(61));
        server.tickJobs();
        server.tickJobs();
        clock.set(Instant.now());

        JsonNode job = aws.run(server, "iot", "describe-job", "--job-id", "firmware-update-v2-1-0").json().path("job");
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        JsonNode counts = job.path("jobProcessDetails");
        assertThat(counts.path("numberOfSucceededThings").asInt()).isEqualTo(40);
        assertThat(counts.path("numberOfFailedThings").asInt()).isEqualTo(4);
        assertThat(counts.path("numberOfRejectedThings").asInt()).isEqualTo(3);
        assertThat(counts.path("numberOfTimedOutThings").asInt()).isEqualTo(3);
        assertThat(counts.path("numberOfQueuedThings").asInt()).isZero();
        assertThat(counts.path("numberOfInProgressThings").asInt()).isZero();
        assertThat(counts.path("numberOfCanceledThings").asInt()).isZero();
        assertThat(counts.path("numberOfRemovedThings").asInt()).isZero();
        assertThat(job.path("jobExecutionsRolloutConfig").path("maximumPerMinute").asInt()).isEqualTo(10);

        JsonNode failed = aws.run(server, "iot", "list-job-executions-for-job", "--job-id", "firmware-update-v2-1-0",
                "--status", "FAILED").json();
        List<String> failedThings = new ArrayList<>();
        failed.path("executionSummaries").forEach(s -> failedThings.add(s.path("thingArn").asText()));
        assertThat(failedThings).containsExactlyInAnyOrder(thingArn(20), thingArn(30), thingArn(40), thingArn(45));

        Map<String, String> byThing = new HashMap<>();
        for (int i = 0; i < FLEET; i++) {
            String name = thingName(i);
            byThing.put(name, iot.describeJobExecution(r -> r.jobId("firmware-update-v2-1-0").thingName(name))
                    .execution().statusAsString());
        }
        for (int i = 0; i < FLEET; i++) {
            String expected = switch (MISFITS.getOrDefault(i, JobDevice.Behaviour.SUCCEED)) {
                case FAIL -> "FAILED";
                case REJECT -> "REJECTED";
                case HANG -> "TIMED_OUT";
                case SUCCEED -> "SUCCEEDED";
            };
            assertThat(byThing.get(thingName(i))).as(thingName(i)).isEqualTo(expected);
        }
        JsonNode failedDetails = aws.run(server, "iot", "describe-job-execution", "--job-id", "firmware-update-v2-1-0",
                "--thing-name", thingName(20)).json().path("execution");
        assertThat(failedDetails.path("statusDetails").path("detailsMap").path("result").asText()).isEqualTo("failed");
        assertThat(failedDetails.path("versionNumber").asInt()).as("queued 1, started 2, installing 3, failed 4").isEqualTo(4);
    }

    static String thingArn(int i) {
        return arnOf(thingName(i));
    }

    static String arnOf(String thingName) {
        return "arn:aws:iot:us-east-1:000000000000:thing/" + thingName;
    }
}
