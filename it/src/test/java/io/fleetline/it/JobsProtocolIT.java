package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.TargetSelection;
import software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient;
import software.amazon.awssdk.services.iotjobsdataplane.model.InvalidStateTransitionException;

/**
 * The jobs device protocol as a device meets it: the MQTT topics with their replies and errors, the notify pushes,
 * the jobs data plane over HTTPS (SigV4 and client certificate), continuous jobs and cancellation.
 */
class JobsProtocolIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static final ManualClock clock = new ManualClock(Instant.now());
    static TestServer server;
    static IotClient iot;
    static List<DeviceIdentity> identities;

    @BeforeAll
    static void start() {
        server = TestServer.start(Store.SQLITE, dir, clock, c -> c.withMqtt(m -> m.withPort(0))
                .withHttp(h -> h.withDeviceHttpsPort(0)));
        iot = Sdk.iot(server);
        identities = JobsFleetIT.fleet(iot, "Lab", 10);
    }

    @AfterAll
    static void stop() {
        iot.close();
        server.close();
    }

    static void job(String jobId, String... things) {
        iot.createJob(r -> r.jobId(jobId).document("{\"action\":\"" + jobId + "\"}").targets(java.util.Arrays.stream(things)
                .map(JobsFleetIT::arnOf).toList()));
        server.tickJobs();
    }

    @Test
    void errors_come_back_on_rejected_with_the_guides_codes() throws Exception {
        String thing = JobsFleetIT.thingName(0);
        try (JobDevice device = new JobDevice(server, identities.get(0), thing, null, o -> { })) {
            job("errors-1", thing);

            device.publish("errors-1/update", "{not json");
            assertThat(device.next("errors-1/update/rejected").path("code").asText()).isEqualTo("InvalidJson");

            device.publish("errors-1/update", "{\"status\": \"IN_PROGRESS\", \"expectedVersion\": 7, \"clientToken\": \"c1\"}");
            JsonNode mismatch = device.next("errors-1/update/rejected");
            assertThat(mismatch.path("code").asText()).isEqualTo("VersionMismatch");
            assertThat(mismatch.path("clientToken").asText()).isEqualTo("c1");
            assertThat(mismatch.path("executionState").path("versionNumber").asInt()).isEqualTo(1);
            assertThat(mismatch.path("executionState").path("status").asText()).isEqualTo("QUEUED");

            device.publish("no-such-job/update", "{\"status\": \"IN_PROGRESS\"}");
            assertThat(device.next("no-such-job/update/rejected").path("code").asText()).isEqualTo("ResourceNotFound");

            device.publish("errors-1/update", "{\"status\": \"SUCCEEDED\", \"expectedVersion\": \"1\"}");
            assertThat(device.next("errors-1/update/accepted").has("timestamp")).isTrue();
            device.publish("errors-1/update", "{\"status\": \"IN_PROGRESS\"}");
            JsonNode illegal = device.next("errors-1/update/rejected");
            assertThat(illegal.path("code").asText()).isEqualTo("InvalidStateTransition");
            assertThat(illegal.path("executionState").path("status").asText()).isEqualTo("SUCCEEDED");

            device.publish("errors-1/update", "{\"status\": \"DONE\"}");
            assertThat(device.next("errors-1/update/rejected").path("code").asText()).isEqualTo("InvalidRequest");
            device.publish("errors-1/get", "{\"clientToken\": \"t\"}");
            assertThat(device.next("errors-1/get/rejected").path("code").asText()).isEqualTo("TerminalStateReached");
            device.publish("errors-1/frobnicate", "{}");
            assertThat(device.next("errors-1/frobnicate/rejected").path("code").asText()).isEqualTo("InvalidTopic");
        }
    }

    @Test
    void notify_and_notify_next_follow_the_pending_list() throws Exception {
        String thing = JobsFleetIT.thingName(1);
        try (JobDevice device = new JobDevice(server, identities.get(0), thing, null, o -> { })) {
            job("n-1", thing);
            JsonNode next = device.next("/notify-next");
            assertThat(next.path("execution").path("jobId").asText()).isEqualTo("n-1");
            assertThat(next.path("execution").path("jobDocument").path("action").asText())
                    .as("the document arrives as JSON").isEqualTo("n-1");
            assertThat(device.next("/notify").path("jobs").path("QUEUED").get(0).path("jobId").asText()).isEqualTo("n-1");

            clock.advance(java.time.Duration.ofSeconds(1));
            job("n-2", thing);
            JsonNode listed = device.next("/notify").path("jobs").path("QUEUED");
            assertThat(listed).hasSize(2);

            device.publish("get", "{\"clientToken\": \"list\"}");
            JsonNode pending = device.next("jobs/get/accepted");
            assertThat(pending.path("queuedJobs")).hasSize(2);
            assertThat(pending.path("clientToken").asText()).isEqualTo("list");

            device.publish("start-next", "{\"statusDetails\": {\"step\": \"one\"}}");
            JsonNode started = device.next("start-next/accepted").path("execution");
            assertThat(started.path("jobId").asText()).isEqualTo("n-1");
            assertThat(started.path("status").asText()).isEqualTo("IN_PROGRESS");
            assertThat(device.next("/notify").path("jobs").path("IN_PROGRESS").get(0).path("jobId").asText()).isEqualTo("n-1");

            device.publish("n-1/update", "{\"status\": \"SUCCEEDED\"}");
            assertThat(device.next("/notify-next").path("execution").path("jobId").asText()).isEqualTo("n-2");
            assertThat(device.next("/notify").path("jobs").path("QUEUED").get(0).path("jobId").asText()).isEqualTo("n-2");
            device.publish("$next/get", "{}");
            assertThat(device.next("$next/get/accepted").path("execution").path("jobId").asText()).isEqualTo("n-2");
            device.publish("n-2/update", "{\"status\": \"REJECTED\"}");
            JsonNode empty = device.next("/notify-next");
            assertThat(empty.has("execution")).as("nothing pending any more").isFalse();
            assertThat(device.next("/notify").path("jobs").isEmpty()).isTrue();
        }
    }

    @Test
    void the_jobs_data_plane_serves_devices_over_https_with_sigv4_and_with_certificates() throws Exception {
        String thing = JobsFleetIT.thingName(2);
        job("https-1", thing);
        try (IotJobsDataPlaneClient data = Sdk.jobsData(server)) {
            var pending = data.getPendingJobExecutions(r -> r.thingName(thing));
            assertThat(pending.queuedJobs()).extracting(s -> s.jobId()).containsExactly("https-1");
            var started = data.startNextPendingJobExecution(r -> r.thingName(thing).statusDetails(java.util.Map.of("a", "b")));
            assertThat(started.execution().jobDocument()).isEqualTo("{\"action\":\"https-1\"}");
            assertThat(started.execution().versionNumber()).isEqualTo(2);
            assertThatThrownBy(() -> data.updateJobExecution(r -> r.thingName(thing).jobId("https-1")
                    .status("SUCCEEDED").expectedVersion(1L))).isInstanceOf(InvalidStateTransitionException.class);
        }

        // the same device on the device port, with its certificate: HTTPS has no client id, so the policy names the
        // thing itself, as AWS's examples for the jobs data plane do
        iot.createPolicy(r -> r.policyName("jobs-over-https").policyDocument("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iotjobsdata:*",
                 "Resource": "arn:aws:iot:us-east-1:000000000000:thing/%s"}]}""".formatted(thing)));
        iot.attachPolicy(r -> r.policyName("jobs-over-https").target(identities.get(0).certificateArn()));
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(identities.get(0).keyManagers().getKeyManagers(),
                DeviceIdentity.trusting(server.caFile()).getTrustManagers(), null);
        try (HttpClient https = HttpClient.newBuilder().sslContext(tls).build()) {
            String base = "https://127.0.0.1:" + server.deviceHttpsPort() + "/things/";
            HttpResponse<String> done = https.send(HttpRequest.newBuilder(URI.create(base + thing + "/jobs/https-1"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"status\": \"SUCCEEDED\", \"includeJobExecutionState\": true}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(JSON.readTree(done.body()).path("executionState").path("status").asText()).isEqualTo("SUCCEEDED");

            HttpResponse<String> other = https.send(HttpRequest.newBuilder(URI.create(base + "someone-else/jobs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(401);
        }
        assertThat(iot.describeJobExecution(r -> r.jobId("https-1").thingName(thing)).execution().status())
                .isEqualTo(JobExecutionStatus.SUCCEEDED);
    }

    @Test
    void a_continuous_job_reaches_a_device_added_to_its_group_later() throws Exception {
        iot.createThingGroup(r -> r.thingGroupName("Later"));
        String thing = JobsFleetIT.thingName(3);
        iot.createJob(r -> r.jobId("continuous-1").document("{}").targetSelection(TargetSelection.CONTINUOUS)
                .targets("arn:aws:iot:us-east-1:000000000000:thinggroup/Later"));
        server.tickJobs();
        try (JobDevice device = new JobDevice(server, identities.get(0), thing, null, o -> { })) {
            AwsCli aws = AwsCli.v2().orElseThrow();
            assertThat(aws.run(server, "iot", "add-thing-to-thing-group", "--thing-group-name", "Later",
                    "--thing-name", thing).exitCode()).isZero();
            server.tickJobs();
            assertThat(device.next("/notify-next").path("execution").path("jobId").asText()).isEqualTo("continuous-1");
            assertThat(aws.run(server, "iot", "describe-job", "--job-id", "continuous-1").json()
                    .path("job").path("jobProcessDetails").path("numberOfQueuedThings").asInt()).isEqualTo(1);
        }
    }

    @Test
    void cancel_without_force_leaves_running_executions_and_with_force_cancels_them() throws Exception {
        String running = JobsFleetIT.thingName(4);
        String waiting = JobsFleetIT.thingName(5);
        job("cancel-1", running, waiting);
        try (IotJobsDataPlaneClient data = Sdk.jobsData(server)) {
            data.startNextPendingJobExecution(r -> r.thingName(running));
        }
        AwsCli aws = AwsCli.v2().orElseThrow();
        Path comment = Files.writeString(dir.resolve("comment.txt"), "bad build");
        assertThat(aws.run(server, "iot", "cancel-job", "--job-id", "cancel-1", "--reason-code", "BAD_BUILD",
                "--comment", "file://" + comment).exitCode()).isZero();
        assertThat(iot.describeJobExecution(r -> r.jobId("cancel-1").thingName(running)).execution().status())
                .isEqualTo(JobExecutionStatus.IN_PROGRESS);
        assertThat(iot.describeJobExecution(r -> r.jobId("cancel-1").thingName(waiting)).execution().status())
                .isEqualTo(JobExecutionStatus.CANCELED);

        assertThat(aws.run(server, "iot", "cancel-job", "--job-id", "cancel-1", "--force").exitCode()).isZero();
        var forced = iot.describeJobExecution(r -> r.jobId("cancel-1").thingName(running)).execution();
        assertThat(forced.status()).isEqualTo(JobExecutionStatus.CANCELED);
        assertThat(forced.forceCanceled()).isTrue();
        JsonNode job = aws.run(server, "iot", "describe-job", "--job-id", "cancel-1").json().path("job");
        assertThat(job.path("status").asText()).isEqualTo("CANCELED");
        assertThat(job.path("reasonCode").asText()).isEqualTo("BAD_BUILD");
        assertThat(job.path("forceCanceled").asBoolean()).isTrue();
        assertThat(aws.run(server, "iot", "delete-job", "--job-id", "cancel-1").exitCode()).isZero();
        assertThat(aws.run(server, "iot", "describe-job", "--job-id", "cancel-1").stderr()).contains("ResourceNotFoundException");
    }

    @Test
    void seed_002s_abort_config_cancels_the_job_and_the_event_says_so() throws Exception {
        iot.createThingGroup(r -> r.thingGroupName("SensorHubs"));
        for (int i = 0; i < 10; i++) {
            String name = JobsFleetIT.thingName(i);
            iot.addThingToThingGroup(r -> r.thingGroupName("SensorHubs").thingName(name));
        }
        var events = watcher();
        AwsCli aws = AwsCli.v2().orElseThrow();
        // job events are published once enabled, as on AWS
        assertThat(aws.run(server, "iot", "update-event-configurations", "--event-configurations",
                "{\"JOB\":{\"Enabled\":true}}").exitCode()).isZero();
        assertThat(aws.run(server, "iot", "describe-event-configurations").json().path("eventConfigurations")
                .path("JOB").path("Enabled").asBoolean()).isTrue();
        Path abort = Files.writeString(dir.resolve("abort.json"), """
                {"criteriaList": [{"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 10,
                  "minNumberOfExecutedThings": 5}]}""");
        assertThat(aws.run(server, "iot", "create-job", "--job-id", "risky-1", "--document", "{\"v\":2}",
                "--targets", "arn:aws:iot:us-east-1:000000000000:thinggroup/SensorHubs",
                "--abort-config", "file://" + abort).exitCode()).isZero();
        server.tickJobs();
        try (IotJobsDataPlaneClient data = Sdk.jobsData(server)) {
            for (int i = 6; i < 10; i++) {
                String name = JobsFleetIT.thingName(i);
                data.updateJobExecution(r -> r.thingName(name).jobId("risky-1").status("SUCCEEDED"));
            }
            String failing = JobsFleetIT.thingName(5);
            data.updateJobExecution(r -> r.thingName(failing).jobId("risky-1").status("FAILED"));
        }
        server.tickJobs();
        JsonNode canceled = events.take();
        assertThat(canceled.path("operation").asText()).isEqualTo("canceled");
        assertThat(canceled.path("jobId").asText()).isEqualTo("risky-1");
        assertThat(canceled.path("jobProcessDetails").path("numberOfFailedThings").asInt()).isEqualTo(1);
        assertThat(iot.describeJob(r -> r.jobId("risky-1")).job().statusAsString()).isEqualTo("CANCELED");
        assertThat(Sdk.jobProcess(iot, "risky-1")).containsEntry("canceled", 5L).containsEntry("succeeded", 4L);
    }

    /** Subscribes, as an operator over the SigV4 WebSocket would, to the job events; returns what arrives. */
    private static java.util.concurrent.BlockingQueue<JsonNode> watcher() throws Exception {
        java.util.concurrent.BlockingQueue<JsonNode> events = new java.util.concurrent.LinkedBlockingQueue<>();
        iot.createPolicy(r -> r.policyName("events").policyDocument("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"},
                  {"Effect": "Allow", "Action": ["iot:Subscribe", "iot:Receive"], "Resource": "*"}]}"""));
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName("events").target(keys.certificateArn()));
        DeviceIdentity watcher = new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
        var client = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier("event-watcher")
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(watcher.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig().buildBlocking();
        client.connect();
        client.toAsync().subscribeWith().topicFilter("$aws/events/job/+/canceled")
                .callback(m -> events.add(readTree(m.getPayloadAsBytes()))).send().join();
        return events;
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
