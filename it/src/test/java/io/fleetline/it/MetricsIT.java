package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code GET /metrics} after a scripted workload on a real server: SDK calls (one refused with 404), devices over
 * mutual-TLS MQTT publishing and running a job to SUCCEEDED and FAILED, a publish their policy refuses, and an object
 * put and read back over S3. Each part's meters moved by exactly what the workload did, read from the scrape as
 * Prometheus reads it.
 */
class MetricsIT {
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": ["arn:aws:iot:us-east-1:000000000000:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*",
                            "arn:aws:iot:us-east-1:000000000000:topic/telemetry/${iot:Connection.Thing.ThingName}"]},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"}
            ]}""";
    private static final byte[] OBJECT = new byte[1000];

    @TempDir
    static Path dir;
    static TestServer server;
    static IotClient iot;
    /** Before the workload, between the object store's bucket and its object, and after everything. */
    static PrometheusText before;
    static PrometheusText beforeObject;
    static PrometheusText afterObject;
    static PrometheusText after;
    static String afterText;
    static List<DeviceIdentity> identities;
    static List<String> bucketNamedMetrics;

    @BeforeAll
    static void run_the_workload() throws Exception {
        server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(), c -> c.withMqtt(m -> m.withPort(0)));
        iot = Sdk.iot(server);
        iot.createPolicy(r -> r.policyName("meters").policyDocument(POLICY));
        before = PrometheusText.parse(scrape(server, null).body());

        identities = List.of(Sdk.thingDevice(iot, "meter-telemetry", "meters"),
                Sdk.thingDevice(iot, "meter-a", "meters"), Sdk.thingDevice(iot, "meter-b", "meters"));
        assertThatThrownBy(() -> iot.describeThing(r -> r.thingName("meter-missing")))
                .isInstanceOf(ResourceNotFoundException.class);

        telemetry(identities.get(0));
        runJob();
        objects();
        after = scrapeUntil(scrape -> scrape.value("fleetline_mqtt_disconnects_total",
                "reason", "CLIENT_INITIATED_DISCONNECT") - before.value("fleetline_mqtt_disconnects_total",
                "reason", "CLIENT_INITIATED_DISCONNECT") >= 3);
    }

    /** Three messages on the device's own topic, and one on another device's, which its policy refuses. */
    private static void telemetry(DeviceIdentity identity) throws Exception {
        Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier("meter-telemetry")
                .serverHost("127.0.0.1").serverPort(server.mqttsPort())
                .sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(server.caFile())).applySslConfig()
                .buildBlocking();
        device.connect();
        for (int i = 0; i < 3; i++) {
            device.publishWith().topic("telemetry/meter-telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("21." + i).getBytes(StandardCharsets.UTF_8)).send();
        }
        assertThatThrownBy(() -> device.publishWith().topic("telemetry/meter-a").qos(MqttQos.AT_LEAST_ONCE)
                .payload(new byte[] {1}).send()).isInstanceOf(Mqtt5PubAckException.class);
        device.disconnect();
    }

    /** A job on two devices: one succeeds, one fails; the engine completes it. */
    private static void runJob() throws Exception {
        BlockingQueue<JobDevice.Outcome> outcomes = new LinkedBlockingQueue<>();
        try (JobDevice a = new JobDevice(server, identities.get(1), "meter-a", JobDevice.Behaviour.SUCCEED,
                outcomes::add);
             JobDevice b = new JobDevice(server, identities.get(2), "meter-b", JobDevice.Behaviour.FAIL,
                     outcomes::add)) {
            iot.createJob(r -> r.jobId("meter-job").document("{\"action\":\"measure\"}")
                    .targets(JobsFleetIT.arnOf(a.thingName()), JobsFleetIT.arnOf(b.thingName())));
            server.tickJobs();
            for (int i = 0; i < 2; i++) {
                assertThat(outcomes.poll(30, TimeUnit.SECONDS)).as("outcome " + i).isNotNull();
            }
            server.tickJobs();
            assertThat(iot.describeJob(r -> r.jobId("meter-job")).job().statusAsString()).isEqualTo("COMPLETED");
        }
    }

    /** A bucket, then an object of 1,000 bytes put and read back, scraped around the object alone. */
    private static void objects() throws Exception {
        Arrays.fill(OBJECT, (byte) 7);
        try (S3Client s3 = Sdk.s3(server)) {
            s3.createBucket(r -> r.bucket("meter-bucket"));
            beforeObject = PrometheusText.parse(scrape(server, null).body());
            s3.putObject(r -> r.bucket("meter-bucket").key("reading.bin"), RequestBody.fromBytes(OBJECT));
            assertThat(s3.getObjectAsBytes(r -> r.bucket("meter-bucket").key("reading.bin")).asByteArray())
                    .isEqualTo(OBJECT);
            afterObject = PrometheusText.parse(scrape(server, null).body());
            // path-style S3 at /metrics is the bucket "metrics", not the scrape
            s3.createBucket(r -> r.bucket("metrics"));
            s3.putObject(r -> r.bucket("metrics").key("k"), RequestBody.fromBytes(new byte[] {1}));
            bucketNamedMetrics = s3.listObjectsV2(r -> r.bucket("metrics")).contents().stream()
                    .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
        }
    }

    @AfterAll
    static void stop() {
        if (iot != null) {
            iot.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> scrape(TestServer target, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.endpoint() + "/metrics")).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Scrapes until {@code done} holds of the scrape (what the broker tells arrives after the client is told). */
    private static PrometheusText scrapeUntil(Predicate<PrometheusText> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            HttpResponse<String> response = scrape(server, null);
            PrometheusText scrape = PrometheusText.parse(response.body());
            if (done.test(scrape) || System.nanoTime() > deadline) {
                afterText = response.body();
                return scrape;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));  // a poll's pace
        }
    }

    @Test
    void the_scrape_is_prometheus_text_on_the_api_port_without_a_signature() throws Exception {
        HttpResponse<String> response = scrape(server, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("# TYPE fleetline_http_requests_seconds histogram");
    }

    @Test
    void api_requests_are_counted_by_operation_and_status_with_a_latency_histogram() {
        String[] created = {"port", "api", "service", "iot", "operation", "CreateThing", "status", "200"};
        assertThat(after.since(before, "fleetline_http_requests_seconds_count", created)).isEqualTo(3);
        String[] missing = {"port", "api", "service", "iot", "operation", "DescribeThing", "status", "404"};
        assertThat(after.since(before, "fleetline_http_requests_seconds_count", missing)).isEqualTo(1);
        assertThat(after.value("fleetline_http_requests_seconds_bucket", with(missing, "le", "+Inf"))).isEqualTo(1);
        assertThat(after.value("fleetline_http_requests_seconds_bucket", with(missing, "le", "10.0"))).isEqualTo(1);
        assertThat(after.value("fleetline_http_requests_seconds_sum", missing)).isPositive();
        assertThat(after.has("fleetline_http_requests_seconds_max", missing)).isTrue();
    }

    @Test
    void mqtt_connects_disconnects_and_messages_are_counted() {
        assertThat(after.since(before, "fleetline_mqtt_connects_total")).isEqualTo(3);
        assertThat(after.since(before, "fleetline_mqtt_disconnects_total", "reason", "CLIENT_INITIATED_DISCONNECT"))
                .isEqualTo(3);
        // three telemetry messages, the refused one, and the job devices' requests
        assertThat(after.since(before, "fleetline_mqtt_messages_total", "direction", "in")).isGreaterThanOrEqualTo(4);
        assertThat(after.since(before, "fleetline_mqtt_messages_total", "direction", "out")).isPositive();
        assertThat(after.since(before, "fleetline_mqtt_bytes_total", "direction", "in")).isPositive();
        assertThat(after.has("fleetline_mqtt_connections")).isTrue();
        assertThat(after.has("fleetline_mqtt_sessions")).isTrue();
        assertThat(after.has("fleetline_mqtt_subscriptions")).isTrue();
        assertThat(after.has("fleetline_mqtt_messages_dropped_total")).isTrue();
    }

    @Test
    void a_publish_the_policy_refuses_is_counted_by_action() {
        assertThat(after.since(before, "fleetline_authorization_denials_total", "action", "iot:Publish")).isEqualTo(1);
        assertThat(after.since(before, "fleetline_authorization_denials_total", "action", "iot:Subscribe")).isZero();
    }

    @Test
    void job_executions_are_counted_by_status_and_the_rollout_by_what_it_released() {
        assertThat(after.since(before, "fleetline_rollout_released_executions_total")).isEqualTo(2);
        assertThat(after.since(before, "fleetline_job_executions_total", "status", "QUEUED")).isEqualTo(2);
        assertThat(after.since(before, "fleetline_job_executions_total", "status", "IN_PROGRESS")).isEqualTo(2);
        assertThat(after.since(before, "fleetline_job_executions_total", "status", "SUCCEEDED")).isEqualTo(1);
        assertThat(after.since(before, "fleetline_job_executions_total", "status", "FAILED")).isEqualTo(1);
        assertThat(after.since(before, "fleetline_jobs_ended_total", "status", "COMPLETED")).isEqualTo(1);
        assertThat(after.since(before, "fleetline_jobs_aborted_total")).isZero();
    }

    @Test
    void object_store_bytes_are_counted_in_and_out() {
        assertThat(afterObject.since(beforeObject, "fleetline_object_store_bytes_total", "direction", "in"))
                .isEqualTo(OBJECT.length);
        assertThat(afterObject.since(beforeObject, "fleetline_object_store_bytes_total", "direction", "out"))
                .isEqualTo(OBJECT.length);
        assertThat(afterObject.since(beforeObject, "fleetline_s3_requests_seconds_count", "method", "PUT",
                "status", "200")).isEqualTo(1);
        assertThat(afterObject.since(beforeObject, "fleetline_s3_requests_seconds_count", "method", "GET",
                "status", "200")).isEqualTo(1);
    }

    @Test
    void an_s3_request_for_the_bucket_named_metrics_reaches_the_bucket_not_the_scrape() {
        assertThat(bucketNamedMetrics).containsExactly("k");
    }

    @Test
    void the_database_pools_transactions_and_the_jvm_are_there() {
        assertThat(after.since(before, "fleetline_db_transactions_seconds_count", "kind", "write",
                "outcome", "committed")).isPositive();
        assertThat(after.since(before, "fleetline_db_transactions_seconds_count", "kind", "read",
                "outcome", "committed")).isPositive();
        assertThat(after.value("hikaricp_connections_max", "pool", "fleetline-write")).isEqualTo(1);
        assertThat(after.value("hikaricp_connections_max", "pool", "fleetline-read")).isEqualTo(4);
        assertThat(after.has("hikaricp_connections_pending", "pool", "fleetline-write")).isTrue();
        assertThat(after.has("hikaricp_connections_timeout_total", "pool", "fleetline-write")).isTrue();
        assertThat(after.hasAny("jvm_memory_used_bytes")).isTrue();
        assertThat(after.hasAny("jvm_threads_live_threads")).isTrue();
        assertThat(after.hasAny("jvm_gc_memory_allocated_bytes_total")).isTrue();
        assertThat(after.value("process_uptime_seconds")).isPositive();
        assertThat(after.value("system_cpu_count")).isPositive();
    }

    @Test
    void no_thing_name_certificate_or_object_key_is_a_label() {
        assertThat(afterText).doesNotContain("meter-a", "meter-b", "meter-telemetry", "meter-job", "reading.bin",
                "meter-bucket", server.secretKey());
        for (DeviceIdentity identity : identities) {
            assertThat(afterText).doesNotContain(identity.certificateId());
        }
    }

    private static String[] with(String[] labels, String... more) {
        String[] all = Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }
}
