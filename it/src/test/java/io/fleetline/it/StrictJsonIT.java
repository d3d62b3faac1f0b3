package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * Hostile JSON and numbers, sent as a client that does not go through an SDK would send them (signed raw HTTP, raw
 * MQTT payloads): a number past its member's type, a key twice, content after the JSON, digits that are not ASCII.
 * Each is refused in the protocol's shape and changes nothing; none is read as a wrapped or truncated value.
 */
class StrictJsonIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2^64 + 2: read as a long it wraps to 2. */
    private static final String TWO_PLUS_2_TO_THE_64 = "18446744073709551618";

    @TempDir
    static Path dir;
    static TestServer server;
    static IotClient iot;
    static List<DeviceIdentity> identities;

    @BeforeAll
    static void start() {
        server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(), c -> c.withMqtt(m -> m.withPort(0)));
        iot = Sdk.iot(server);
        identities = JobsFleetIT.fleet(iot, "Strict", 1);
    }

    @AfterAll
    static void stop() {
        iot.close();
        server.close();
    }

    /** A request signed with the server's admin key for {@code iot}, sent as given: no SDK checks or converts it. */
    static HttpResponse<String> send(TestServer target, String method, String pathAndQuery, String body)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create(target.endpoint() + pathAndQuery)).putHeader("Content-Type", "application/json").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(target.accessKeyId(), target.secretKey()))
                .request(unsigned).payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iot")
                .putProperty(AwsV4HttpSigner.REGION_NAME, target.region())).request();
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri()).method(method,
                bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Asserts an AWS-shaped 400 InvalidRequestException and gives its message. */
    static String invalidRequest(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidRequestException");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("__type").asText()).isEqualTo("InvalidRequestException");
        return body.path("message").asText();
    }

    /** A thing at version 2 with {@code owner=operator}. */
    static void thingAtVersion2(IotClient client, String name) {
        client.createThing(r -> r.thingName(name).attributePayload(a -> a.attributes(Map.of("owner", "nobody"))));
        client.updateThing(r -> r.thingName(name).attributePayload(a -> a.attributes(Map.of("owner", "operator"))));
        assertThat(client.describeThing(r -> r.thingName(name)).version()).isEqualTo(2L);
    }

    static void assertUnchanged(IotClient client, String name) {
        DescribeThingResponse thing = client.describeThing(r -> r.thingName(name));
        assertThat(thing.version()).isEqualTo(2L);
        assertThat(thing.attributes()).containsExactly(Map.entry("owner", "operator"));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void an_expected_version_past_64_bits_does_not_pass_the_optimistic_lock(Store store, @TempDir Path storeDir)
            throws Exception {
        try (TestServer own = TestServer.start(store, storeDir); IotClient client = Sdk.iot(own)) {
            thingAtVersion2(client, "locked");

            String message = invalidRequest(send(own, "PATCH", "/things/locked", "{\"expectedVersion\": "
                    + TWO_PLUS_2_TO_THE_64 + ", \"attributePayload\": {\"attributes\": {\"owner\": \"intruder\"}}}"));

            assertThat(message).isEqualTo("1 validation error detected: Value '" + TWO_PLUS_2_TO_THE_64
                    + "' at 'expectedVersion' failed to satisfy constraint: "
                    + "Member must have value less than or equal to 9223372036854775807");
            assertUnchanged(client, "locked");
        }
    }

    @Test
    void a_rate_past_32_bits_is_refused_and_no_job_is_created() throws Exception {
        iot.createThing(r -> r.thingName("rated"));
        String message = invalidRequest(send(server, "PUT", "/jobs/wrapped-rate", "{\"targets\": [\""
                + JobsFleetIT.arnOf("rated") + "\"], \"document\": \"{}\","
                + " \"jobExecutionsRolloutConfig\": {\"maximumPerMinute\": 4294967306}}"));

        assertThat(message).contains("Value '4294967306' at 'jobExecutionsRolloutConfig.maximumPerMinute'");
        assertThatThrownBy(() -> iot.describeJob(r -> r.jobId("wrapped-rate")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} xx", "{\"attributePayload\": {\"attributes\": {\"a\": \"1\"}}} {}", "{}]"})
    void content_after_the_json_body_is_refused_and_nothing_is_created(String body) throws Exception {
        String name = "trailing-" + Integer.toHexString(body.hashCode());

        assertThat(invalidRequest(send(server, "POST", "/things/" + name, body))).contains("not valid JSON");
        assertThatThrownBy(() -> iot.describeThing(r -> r.thingName(name))).isInstanceOf(ResourceNotFoundException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"expectedVersion\": 2, \"expectedVersion\": 1,"
            + " \"attributePayload\": {\"attributes\": {\"owner\": \"intruder\"}}}",
            "{\"attributePayload\": {\"attributes\": {\"owner\": \"operator\", \"owner\": \"intruder\"}}}"})
    void a_key_twice_in_the_json_body_is_refused_and_changes_nothing(String body) throws Exception {
        String name = "twice-" + Integer.toHexString(body.hashCode());
        thingAtVersion2(iot, name);

        assertThat(invalidRequest(send(server, "PATCH", "/things/" + name, body))).contains("Duplicate field");
        assertUnchanged(iot, name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%D9%A3", "2%00", "%202", "%2B2"})
    void a_page_size_that_is_not_plain_ascii_digits_is_refused(String raw) throws Exception {
        assertThat(invalidRequest(send(server, "GET", "/things?maxResults=" + raw, "")))
                .contains("at 'maxResults' failed to satisfy constraint: Member must be an integer");
    }

    @Test
    void a_device_gets_invalid_request_or_invalid_json_on_rejected_and_its_execution_stays_as_it_was() throws Exception {
        String thing = JobsFleetIT.thingName(0);
        try (JobDevice device = new JobDevice(server, identities.get(0), thing, null, o -> { })) {
            iot.createJob(r -> r.jobId("strict-1").document("{\"step\": 1}").targets(JobsFleetIT.arnOf(thing)));
            server.tickJobs();
            device.next("/notify-next");

            // 2^64 + 1 read as a long is 1, the execution's version
            device.publish("strict-1/update", "{\"status\": \"SUCCEEDED\", \"expectedVersion\": 18446744073709551617,"
                    + " \"clientToken\": \"wrapped\"}");
            JsonNode wrapped = device.next("strict-1/update/rejected");
            assertThat(wrapped.path("code").asText()).isEqualTo("InvalidRequest");
            assertThat(wrapped.path("message").asText()).contains("expectedVersion").contains("18446744073709551617");
            assertThat(wrapped.path("clientToken").asText()).isEqualTo("wrapped");

            device.publish("strict-1/update", "{\"status\": \"SUCCEEDED\"} xx");
            assertThat(device.next("strict-1/update/rejected").path("code").asText()).isEqualTo("InvalidJson");

            device.publish("strict-1/update", "{\"status\": \"FAILED\", \"status\": \"SUCCEEDED\"}");
            assertThat(device.next("strict-1/update/rejected").path("code").asText()).isEqualTo("InvalidJson");

            device.publish("strict-1/update", "{\"status\": \"IN_PROGRESS\", \"stepTimeoutInMinutes\": 18446744073709551621}");
            assertThat(device.next("strict-1/update/rejected").path("code").asText()).isEqualTo("InvalidRequest");

            var execution = iot.describeJobExecution(r -> r.jobId("strict-1").thingName(thing)).execution();
            assertThat(execution.status()).isEqualTo(JobExecutionStatus.QUEUED);
            assertThat(execution.versionNumber()).isEqualTo(1L);
        }
    }
}
