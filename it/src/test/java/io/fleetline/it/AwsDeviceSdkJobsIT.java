package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions;
import software.amazon.awssdk.crt.iot.StreamingOperation;
import software.amazon.awssdk.crt.iot.SubscriptionStatusEvent;
import software.amazon.awssdk.crt.iot.SubscriptionStatusEventType;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;
import software.amazon.awssdk.iot.V2ClientStreamOptions;
import software.amazon.awssdk.iot.iotjobs.IotJobsClient;
import software.amazon.awssdk.iot.iotjobs.IotJobsV2Client;
import software.amazon.awssdk.iot.iotjobs.model.DescribeJobExecutionRequest;
import software.amazon.awssdk.iot.iotjobs.model.GetPendingJobExecutionsRequest;
import software.amazon.awssdk.iot.iotjobs.model.JobStatus;
import software.amazon.awssdk.iot.iotjobs.model.NextJobExecutionChangedEvent;
import software.amazon.awssdk.iot.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import software.amazon.awssdk.iot.iotjobs.model.RejectedError;
import software.amazon.awssdk.iot.iotjobs.model.RejectedErrorCode;
import software.amazon.awssdk.iot.iotjobs.model.StartNextJobExecutionResponse;
import software.amazon.awssdk.iot.iotjobs.model.StartNextPendingJobExecutionRequest;
import software.amazon.awssdk.iot.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import software.amazon.awssdk.iot.iotjobs.model.UpdateJobExecutionRequest;
import software.amazon.awssdk.iot.iotjobs.model.UpdateJobExecutionResponse;
import software.amazon.awssdk.iot.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import software.amazon.awssdk.iot.iotjobs.model.V2ErrorResponseException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobExecution;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;

/**
 * The AWS IoT Device SDK for Java v2's jobs clients, unchanged, run a job from Fleetline to the end over mutual TLS:
 * told of the job by NextJobExecutionChanged, they start it, report progress and success, and the control plane
 * shows the execution SUCCEEDED with the device's status details.
 */
class AwsDeviceSdkJobsIT {
    private static final long WAIT_SECONDS = 30;
    @TempDir
    static Path dir;
    static TestServer server;
    static IotClient iot;

    @BeforeAll
    static void start() {
        server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(), c -> c.withMqtt(m -> m.withPort(0)));
        iot = Sdk.iot(server);
        iot.createPolicy(r -> r.policyName("jobs-device").policyDocument("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect",
                   "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
                  {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
                   "Resource": "arn:aws:iot:us-east-1:000000000000:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"},
                  {"Effect": "Allow", "Action": "iot:Subscribe",
                   "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"}]}"""));
    }

    @AfterAll
    static void stop() {
        iot.close();
        server.close();
    }

    @Test
    void the_jobs_v2_client_over_mqtt5_runs_a_job_to_the_end() throws Exception {
        String thing = "sdk-jobs-v2";
        Path[] files = Sdk.thingDevice(iot, thing, "jobs-device").writeTo(dir, thing);
        BlockingQueue<NextJobExecutionChangedEvent> next = new LinkedBlockingQueue<>();
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        try (Mqtt5Client client = mqtt5(thing, files);
             IotJobsV2Client jobs = IotJobsV2Client.newFromMqtt5(client, MqttRequestResponseClientOptions.builder()
                     .withMaxRequestResponseSubscriptions(4).withMaxStreamingSubscriptions(2)
                     .withOperationTimeoutSeconds((int) WAIT_SECONDS).build());
             StreamingOperation stream = jobs.createNextJobExecutionChangedStream(nextChanged(thing),
                     V2ClientStreamOptions.<NextJobExecutionChangedEvent>builder()
                             .withStreamEventHandler(next::add)
                             .withSubscriptionEventHandler(event -> established(event, subscribed)).build())) {
            stream.open();
            subscribed.get(WAIT_SECONDS, TimeUnit.SECONDS);

            createJob("sdk-v2-job", thing);
            assertThat(next.poll(WAIT_SECONDS, TimeUnit.SECONDS).execution.jobId).isEqualTo("sdk-v2-job");
            GetPendingJobExecutionsRequest pending = new GetPendingJobExecutionsRequest();
            pending.thingName = thing;
            assertThat(jobs.getPendingJobExecutions(pending).get(WAIT_SECONDS, TimeUnit.SECONDS).queuedJobs)
                    .extracting(summary -> summary.jobId).containsExactly("sdk-v2-job");
            DescribeJobExecutionRequest describeNext = new DescribeJobExecutionRequest();
            describeNext.thingName = thing;
            describeNext.jobId = "$next";
            describeNext.includeJobDocument = true;
            assertThat(jobs.describeJobExecution(describeNext).get(WAIT_SECONDS, TimeUnit.SECONDS)
                    .execution.jobDocument).containsEntry("operation", "sdk-check");

            StartNextPendingJobExecutionRequest startNext = new StartNextPendingJobExecutionRequest();
            startNext.thingName = thing;
            StartNextJobExecutionResponse started = jobs.startNextPendingJobExecution(startNext)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(started.execution.jobId).isEqualTo("sdk-v2-job");
            assertThat(started.execution.status).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(started.execution.jobDocument).containsEntry("operation", "sdk-check");

            UpdateJobExecutionRequest downloading = update(thing, "sdk-v2-job", JobStatus.IN_PROGRESS,
                    Map.of("step", "downloading"));
            downloading.includeJobExecutionState = true;
            UpdateJobExecutionResponse progress = jobs.updateJobExecution(downloading)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(progress.executionState.status).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(progress.executionState.statusDetails).isEqualTo(Map.of("step", "downloading"));
            jobs.updateJobExecution(update(thing, "sdk-v2-job", JobStatus.SUCCEEDED, Map.of("result", "installed")))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(next.poll(WAIT_SECONDS, TimeUnit.SECONDS).execution).as("no job left").isNull();

            assertThat(jobs.updateJobExecution(update(thing, "sdk-v2-job", JobStatus.IN_PROGRESS, Map.of())))
                    .failsWithin(WAIT_SECONDS, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(V2ErrorResponseException.class, e -> {
                        assertThat(e.getModeledError().code).isEqualTo(RejectedErrorCode.INVALID_STATE_TRANSITION);
                        assertThat(e.getModeledError().executionState.status).isEqualTo(JobStatus.SUCCEEDED);
                    });
        }
        assertSucceeded("sdk-v2-job", thing, Map.of("result", "installed"));
    }

    @Test
    void the_jobs_client_over_mqtt311_runs_a_job_to_the_end() throws Exception {
        String thing = "sdk-jobs-v1";
        Path[] files = Sdk.thingDevice(iot, thing, "jobs-device").writeTo(dir, thing);
        BlockingQueue<NextJobExecutionChangedEvent> next = new LinkedBlockingQueue<>();
        BlockingQueue<StartNextJobExecutionResponse> started = new LinkedBlockingQueue<>();
        BlockingQueue<UpdateJobExecutionResponse> updated = new LinkedBlockingQueue<>();
        BlockingQueue<RejectedError> rejected = new LinkedBlockingQueue<>();
        try (MqttClientConnection connection = mqtt311(thing, files)) {
            connection.connect().get(WAIT_SECONDS, TimeUnit.SECONDS);
            IotJobsClient jobs = new IotJobsClient(connection);
            QualityOfService qos = QualityOfService.AT_LEAST_ONCE;
            jobs.SubscribeToNextJobExecutionChangedEvents(nextChanged(thing), qos, next::add)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            StartNextPendingJobExecutionSubscriptionRequest startSubscription =
                    new StartNextPendingJobExecutionSubscriptionRequest();
            startSubscription.thingName = thing;
            jobs.SubscribeToStartNextPendingJobExecutionAccepted(startSubscription, qos, started::add)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            jobs.SubscribeToStartNextPendingJobExecutionRejected(startSubscription, qos, rejected::add)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            // as the AWS IoT Device Client subscribes: the update replies of every job, with a wildcard
            UpdateJobExecutionSubscriptionRequest updateSubscription = new UpdateJobExecutionSubscriptionRequest();
            updateSubscription.thingName = thing;
            updateSubscription.jobId = "+";
            jobs.SubscribeToUpdateJobExecutionAccepted(updateSubscription, qos, updated::add)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            jobs.SubscribeToUpdateJobExecutionRejected(updateSubscription, qos, rejected::add)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);

            createJob("sdk-v1-job", thing);
            assertThat(next.poll(WAIT_SECONDS, TimeUnit.SECONDS).execution.jobId).isEqualTo("sdk-v1-job");

            StartNextPendingJobExecutionRequest startNext = new StartNextPendingJobExecutionRequest();
            startNext.thingName = thing;
            startNext.clientToken = "start-1";
            jobs.PublishStartNextPendingJobExecution(startNext, qos).get(WAIT_SECONDS, TimeUnit.SECONDS);
            StartNextJobExecutionResponse execution = started.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(execution.clientToken).isEqualTo("start-1");
            assertThat(execution.execution.jobId).isEqualTo("sdk-v1-job");
            assertThat(execution.execution.jobDocument).containsEntry("operation", "sdk-check");

            jobs.PublishUpdateJobExecution(update(thing, "sdk-v1-job", JobStatus.IN_PROGRESS,
                    Map.of("step", "downloading")), qos).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(updated.poll(WAIT_SECONDS, TimeUnit.SECONDS).clientToken).isEqualTo("sdk-v1-job-IN_PROGRESS");
            jobs.PublishUpdateJobExecution(update(thing, "sdk-v1-job", JobStatus.SUCCEEDED,
                    Map.of("result", "installed")), qos).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(updated.poll(WAIT_SECONDS, TimeUnit.SECONDS).clientToken).isEqualTo("sdk-v1-job-SUCCEEDED");
            assertThat(rejected).isEmpty();
            connection.disconnect().get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        assertSucceeded("sdk-v1-job", thing, Map.of("result", "installed"));
    }

    private static void createJob(String jobId, String thing) {
        iot.createJob(r -> r.jobId(jobId).document("{\"operation\": \"sdk-check\"}")
                .targets("arn:aws:iot:us-east-1:000000000000:thing/" + thing));
        server.tickJobs();
    }

    private static void assertSucceeded(String jobId, String thing, Map<String, String> details) {
        JobExecution execution = iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing)).execution();
        assertThat(execution.status()).isEqualTo(JobExecutionStatus.SUCCEEDED);
        assertThat(execution.statusDetails().detailsMap()).isEqualTo(details);
    }

    private static NextJobExecutionChangedSubscriptionRequest nextChanged(String thing) {
        NextJobExecutionChangedSubscriptionRequest request = new NextJobExecutionChangedSubscriptionRequest();
        request.thingName = thing;
        return request;
    }

    private static UpdateJobExecutionRequest update(String thing, String jobId, JobStatus status,
                                                    Map<String, String> details) {
        UpdateJobExecutionRequest request = new UpdateJobExecutionRequest();
        request.thingName = thing;
        request.jobId = jobId;
        request.status = status;
        request.statusDetails = new HashMap<>(details);
        request.clientToken = jobId + "-" + status;
        return request;
    }

    private static void established(SubscriptionStatusEvent event, CompletableFuture<Void> subscribed) {
        if (event.getType() == SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED) {
            subscribed.complete(null);
        } else {
            subscribed.completeExceptionally(new IllegalStateException("subscription " + event.getType()
                    + event.getError().map(code -> ": error " + code).orElse("")));
        }
    }

    private static MqttClientConnection mqtt311(String thing, Path[] files) {
        try (AwsIotMqttConnectionBuilder builder = AwsIotMqttConnectionBuilder.newMtlsBuilderFromPath(
                files[0].toString(), files[1].toString())) {
            return builder.withCertificateAuthorityFromPath(null, server.caFile().toString())
                    .withEndpoint("127.0.0.1").withPort(server.mqttsPort()).withClientId(thing)
                    .withCleanSession(true).build();
        }
    }

    private static Mqtt5Client mqtt5(String thing, Path[] files) throws Exception {
        return DeviceSdkMqtt5.connect(server, thing, files, WAIT_SECONDS);
    }
}
