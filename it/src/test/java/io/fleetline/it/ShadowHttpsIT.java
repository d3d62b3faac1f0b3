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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.iotdataplane.model.ConflictException;
import software.amazon.awssdk.services.iotdataplane.model.InvalidRequestException;
import software.amazon.awssdk.services.iotdataplane.model.RequestEntityTooLargeException;
import software.amazon.awssdk.services.iotdataplane.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotdataplane.model.UnsupportedDocumentEncodingException;

/**
 * The iot-data shadow operations as operators use them: the SDK's {@code IotDataPlaneClient} and the AWS CLI v2 and
 * v1 ({@code get-thing-shadow}, {@code update-thing-shadow}, {@code delete-thing-shadow},
 * {@code list-named-shadows-for-thing}, with {@code --shadow-name}), AWS's errors, and the MQTT messages an update over
 * HTTPS publishes to the shadow's subscribers.
 */
class ShadowHttpsIT {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    TestServer server;
    IotClient iot;
    IotDataPlaneClient data;

    @BeforeEach
    void start() {
        server = TestServer.start(Store.SQLITE, dir, clock, c -> c.withMqtt(m -> m.withPort(0))
                .withHttp(h -> h.withDeviceHttpsPort(0)));
        iot = Sdk.iot(server);
        data = Sdk.data(server);
        iot.createThing(r -> r.thingName("lamp"));
    }

    @AfterEach
    void stop() {
        data.close();
        iot.close();
        server.close();
    }

    static Stream<AwsCli> clis() {
        List<AwsCli> clis = new ArrayList<>();
        clis.add(AwsCli.v2().orElseThrow(() -> new AssertionError(
                "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is needed; .ci/run installs it")));
        AwsCli.v1().ifPresent(clis::add);
        return clis.stream();
    }

    static JsonNode json(SdkBytes bytes) throws Exception {
        return JSON.readTree(bytes.asByteArray());
    }

    static SdkBytes utf8(String text) {
        return SdkBytes.fromUtf8String(text);
    }

    @Test
    void the_sdk_updates_gets_lists_and_deletes_classic_and_named_shadows() throws Exception {
        JsonNode accepted = json(data.updateThingShadow(r -> r.thingName("lamp")
                .payload(utf8("{\"state\":{\"desired\":{\"on\":true}},\"clientToken\":\"sdk\"}"))).payload());
        assertThat(accepted.get("version").asLong()).isEqualTo(1);
        assertThat(accepted.get("clientToken").asText()).isEqualTo("sdk");
        assertThat(accepted.at("/metadata/desired/on/timestamp").asLong()).isEqualTo(clock.instant().getEpochSecond());
        data.updateThingShadow(r -> r.thingName("lamp").shadowName("config")
                .payload(utf8("{\"state\":{\"reported\":{\"rate\":5}}}")));
        data.updateThingShadow(r -> r.thingName("lamp").shadowName("alpha")
                .payload(utf8("{\"state\":{\"reported\":{}}}")));

        JsonNode classic = json(data.getThingShadow(r -> r.thingName("lamp")).payload());
        assertThat(classic.at("/state/delta/on").asBoolean()).isTrue();
        JsonNode named = json(data.getThingShadow(r -> r.thingName("lamp").shadowName("config")).payload());
        assertThat(named.at("/state/reported/rate").asInt()).isEqualTo(5);
        var listed = data.listNamedShadowsForThing(r -> r.thingName("lamp"));
        assertThat(listed.results()).containsExactly("alpha", "config");
        assertThat(listed.timestamp()).isEqualTo(clock.instant().getEpochSecond());
        var page = data.listNamedShadowsForThing(r -> r.thingName("lamp").pageSize(1));
        assertThat(page.results()).containsExactly("alpha");
        assertThat(data.listNamedShadowsForThing(r -> r.thingName("lamp").pageSize(1).nextToken(page.nextToken()))
                .results()).containsExactly("config");

        JsonNode deleted = json(data.deleteThingShadow(r -> r.thingName("lamp").shadowName("config")).payload());
        assertThat(deleted.get("version").asLong()).isEqualTo(1);
        assertThatThrownBy(() -> data.getThingShadow(r -> r.thingName("lamp").shadowName("config")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("No shadow exists with name: 'config'");
                });
    }

    @Test
    void the_sdk_gets_awss_errors_for_each_refused_request() {
        assertThatThrownBy(() -> data.updateThingShadow(r -> r.thingName("lamp").payload(utf8("{\"state\":"))))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid JSON"));
        assertThatThrownBy(() -> data.updateThingShadow(r -> r.thingName("lamp").payload(utf8("{\"nostate\":1}"))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("Missing required node: state"));
        data.updateThingShadow(r -> r.thingName("lamp").payload(utf8("{\"state\":{\"reported\":{\"a\":1}}}")));
        assertThatThrownBy(() -> data.updateThingShadow(r -> r.thingName("lamp")
                .payload(utf8("{\"state\":{\"reported\":{\"a\":2}},\"version\":9}"))))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Version conflict");
                });
        assertThatThrownBy(() -> data.updateThingShadow(r -> r.thingName("lamp")
                .payload(utf8("{\"state\":{\"reported\":{\"a\":\"" + "x".repeat(9000) + "\"}}}"))))
                .isInstanceOfSatisfying(RequestEntityTooLargeException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(413));
        assertThatThrownBy(() -> data.updateThingShadow(r -> r.thingName("lamp")
                .payload(SdkBytes.fromByteArray(new byte[] {'{', (byte) 0xFF, '}'}))))
                .isInstanceOfSatisfying(UnsupportedDocumentEncodingException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(415));
        assertThatThrownBy(() -> data.updateThingShadow(r -> r.thingName("ghost")
                .payload(utf8("{\"state\":{}}"))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Thing not found"));
        assertThatThrownBy(() -> data.deleteThingShadow(r -> r.thingName("lamp").shadowName("none")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> data.getThingShadow(r -> r.thingName("lamp").shadowName("bad/name")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void an_update_over_https_is_published_to_the_shadows_mqtt_subscribers() throws Exception {
        iot.createPolicy(r -> r.policyName("app").policyDocument(ShadowProtocolIT.APP_POLICY));
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName("app").target(keys.certificateArn()));
        DeviceIdentity app = new DeviceIdentity(keys.certificateArn(), keys.certificateId(), keys.certificatePem(),
                keys.keyPair().privateKey());
        String lamp = "$aws/things/lamp/shadow/";
        try (ShadowClient watcher = ShadowClient.connect(server, app, "watcher", lamp + "#")) {
            data.updateThingShadow(r -> r.thingName("lamp").payload(utf8("{\"state\":{\"desired\":{\"on\":true}}}")));
            assertThat(watcher.next(lamp + "update/accepted").get("version").asLong()).isEqualTo(1);
            assertThat(watcher.next(lamp + "update/delta").at("/state/on").asBoolean()).isTrue();
            assertThat(watcher.next(lamp + "update/documents").at("/current/version").asLong()).isEqualTo(1);
            data.deleteThingShadow(r -> r.thingName("lamp"));
            assertThat(watcher.next(lamp + "delete/accepted").get("version").asLong()).isEqualTo(1);
            // iot-data Publish on the request topic is served as an MQTT request, as AWS serves it
            data.publish(r -> r.topic(lamp + "update").qos(1).payload(utf8("{\"state\":{\"reported\":{\"x\":1}}}")));
            assertThat(watcher.next(lamp + "update/accepted").get("version").asLong()).isEqualTo(2);
        }
    }

    @Test
    void a_device_over_the_https_device_port_may_do_what_its_policy_allows_on_its_shadows() throws Exception {
        iot.createPolicy(r -> r.policyName("meter").policyDocument("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["iot:GetThingShadow", "iot:UpdateThingShadow",
                     "iot:ListNamedShadowsForThing"],
                   "Resource": "arn:aws:iot:us-east-1:000000000000:thing/meter"}]}"""));
        // HTTPS has no client id: the policy names the thing, as AWS's examples do
        DeviceIdentity meter = Sdk.thingDevice(iot, "meter", "meter");
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(meter.keyManagers().getKeyManagers(), DeviceIdentity.trusting(server.caFile()).getTrustManagers(),
                null);
        String base = "https://127.0.0.1:" + server.deviceHttpsPort();
        try (java.net.http.HttpClient https = java.net.http.HttpClient.newBuilder().sslContext(tls).build()) {
            var updated = send(https, "POST", base + "/things/meter/shadow", "{\"state\":{\"reported\":{\"kwh\":7}}}");
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
            assertThat(JSON.readTree(updated.body()).get("version").asLong()).isEqualTo(1);
            var got = send(https, "GET", base + "/things/meter/shadow", null);
            assertThat(JSON.readTree(got.body()).at("/state/reported/kwh").asInt()).isEqualTo(7);
            assertThat(send(https, "GET", base + "/api/things/shadow/ListNamedShadowsForThing/meter", null)
                    .statusCode()).isEqualTo(200);

            for (String[] refused : new String[][] {{"DELETE", "/things/meter/shadow"}, {"GET", "/things/lamp/shadow"},
                    {"GET", "/things/meter/shadow?name=cfg"}}) {
                var answer = send(https, refused[0], base + refused[1], null);
                assertThat(answer.statusCode()).as(refused[1]).isEqualTo(401);
                assertThat(answer.headers().firstValue("x-amzn-ErrorType")).as(refused[1])
                        .hasValueSatisfying(type -> assertThat(type).startsWith("UnauthorizedException"));
            }
        }
        assertThat(json(data.getThingShadow(r -> r.thingName("meter")).payload()).get("version").asLong())
                .as("the refused delete deleted nothing").isEqualTo(1);
    }

    private static java.net.http.HttpResponse<String> send(java.net.http.HttpClient https, String method, String url,
                                                           String body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).method(method,
                body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return https.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_reset_clears_the_shadows_and_a_thing_created_again_has_none() throws Exception {
        data.updateThingShadow(r -> r.thingName("lamp").payload(utf8("{\"state\":{\"reported\":{\"a\":1}}}")));
        data.updateThingShadow(r -> r.thingName("lamp").shadowName("cfg")
                .payload(utf8("{\"state\":{\"reported\":{\"a\":1}}}")));

        assertThat(io.fleetline.server.Main.run("reset", "--data-dir", server.dataDir().toString())).isZero();
        iot.createThing(r -> r.thingName("lamp"));

        assertThatThrownBy(() -> data.getThingShadow(r -> r.thingName("lamp")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(data.listNamedShadowsForThing(r -> r.thingName("lamp")).results()).isEmpty();
        assertThat(json(data.updateThingShadow(r -> r.thingName("lamp").payload(utf8("{\"state\":{}}"))).payload())
                .get("version").asLong()).as("a new shadow").isEqualTo(1);
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void the_cli_updates_gets_lists_and_deletes_shadows(AwsCli aws) throws Exception {
        Path request = dir.resolve("request.json");
        Files.writeString(request, "{\"state\":{\"reported\":{\"fw\":\"2.1\"}}}");
        Path out = dir.resolve("out-" + aws.label() + ".json");
        ok(aws, "iot-data", "update-thing-shadow", "--thing-name", "lamp", "--shadow-name", "fw",
                "--payload", "fileb://" + request, out.toString());
        assertThat(read(out).get("version").asLong()).isEqualTo(1);
        ok(aws, "iot-data", "get-thing-shadow", "--thing-name", "lamp", "--shadow-name", "fw", out.toString());
        assertThat(read(out).at("/state/reported/fw").asText()).isEqualTo("2.1");
        JsonNode listed = JSON.readTree(ok(aws, "iot-data", "list-named-shadows-for-thing", "--thing-name", "lamp"));
        assertThat(listed.get("results").toString()).isEqualTo("[\"fw\"]");

        Files.writeString(request, "{\"state\":{\"reported\":{\"fw\":\"2.2\"}},\"version\":7}");
        AwsCli.Result conflict = aws.run(server, "iot-data", "update-thing-shadow", "--thing-name", "lamp",
                "--shadow-name", "fw", "--payload", "fileb://" + request, out.toString());
        assertThat(conflict.exitCode()).isNotZero();
        assertThat(conflict.errorCode()).isEqualTo("ConflictException");

        ok(aws, "iot-data", "delete-thing-shadow", "--thing-name", "lamp", "--shadow-name", "fw", out.toString());
        assertThat(read(out).get("version").asLong()).isEqualTo(1);
        AwsCli.Result missing = aws.run(server, "iot-data", "get-thing-shadow", "--thing-name", "lamp",
                "--shadow-name", "fw", out.toString());
        assertThat(missing.errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(missing.stderr()).contains("No shadow exists with name: 'fw'");
    }

    private String ok(AwsCli aws, String... args) {
        AwsCli.Result result = aws.run(server, args);
        assertThat(result.exitCode()).as("aws %s: %s", String.join(" ", args), result.stderr()).isZero();
        return result.stdout();
    }

    private static JsonNode read(Path file) throws Exception {
        return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    }
}
