package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.ServerProcess;
import io.fleetline.testkit.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * A real {@code fleetline serve} process with a small heap, the target of the hostile-client suites, and the
 * well-behaved clients on its side: an operator with the AWS SDK and a device on MQTT over mutual TLS, whose work must
 * go on, whole, whatever the hostile ones do.
 */
final class HostileServer implements AutoCloseable {
    /** Small enough that what the attacks once buffered would not fit, large enough for an honest load. */
    static final int HEAP_MIB = 192;
    /** How long a body may take, and a connection stay silent, on this server. */
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);
    private static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "arn:aws:iot:us-east-1:000000000000:topic/side/${iot:ClientId}/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/side/${iot:ClientId}/*"}
            ]}""";

    private static final String BOUND_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "arn:aws:iot:us-east-1:000000000000:topic/devices/${iot:Connection.Thing.ThingName}/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/devices/${iot:Connection.Thing.ThingName}/*"}
            ]}""";

    private final ServerProcess process;
    private final Store store;
    private final String dbUrl;
    private final Path dataDir;
    private final JsonNode endpoint;
    private final AwsCredentials credentials;
    private final IotClient iot;
    private final Mqtt5BlockingClient device;
    private final Mqtt5BlockingClient.Mqtt5Publishes received;
    private int rounds;
    private boolean boundPolicy;

    private HostileServer(ServerProcess process, Store store, String dbUrl, Path dataDir) throws Exception {
        this.process = process;
        this.store = store;
        this.dbUrl = dbUrl;
        this.dataDir = dataDir;
        this.endpoint = ServerProcess.endpoint(dataDir);
        this.credentials = ProfileCredentialsProvider.builder()
                .profileFile(ProfileFile.builder().content(dataDir.resolve("credentials"))
                        .type(ProfileFile.Type.CREDENTIALS).build())
                .build().resolveCredentials();
        this.iot = IotClient.builder().endpointOverride(URI.create(endpoint.path("http").asText()))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        iot.createThing(r -> r.thingName("side").attributePayload(a -> a.attributes(Map.of("kept", "yes"))));
        iot.createPolicy(r -> r.policyName("side").policyDocument(POLICY));
        var keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName("side").target(keys.certificateArn()));
        DeviceIdentity identity = new DeviceIdentity(keys.certificateArn(), keys.certificateId(),
                keys.certificatePem(), keys.keyPair().privateKey());
        this.device = MqttClient.builder().useMqttVersion5().identifier("side-device").serverHost("127.0.0.1")
                .serverPort(port("mqtts")).sslConfig().keyManagerFactory(identity.keyManagers())
                .trustManagerFactory(DeviceIdentity.trusting(caFile())).applySslConfig().buildBlocking();
        device.connect();
        received = device.publishes(MqttGlobalPublishFilter.SUBSCRIBED);
        device.subscribeWith().topicFilter("side/side-device/#").qos(MqttQos.AT_LEAST_ONCE).send();
    }

    /** Starts a server on {@code store} with its data in {@code dir}, a heap of {@link #HEAP_MIB} MiB. */
    static HostileServer start(Store store, Path dir, String... moreFlags) throws Exception {
        Path dataDir = dir.resolve("data");
        String dbUrl = store.newUrl(dir);
        List<String> flags = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--http-port", "0",
                "--mqtt-port", "0", "--mqtt-ws-port", "0", "--device-https-port", "0", "--db-url", dbUrl,
                "--http-body-timeout", BODY_TIMEOUT.toString(), "--http-idle-timeout", IDLE_TIMEOUT.toString()));
        flags.addAll(List.of(moreFlags));
        ServerProcess process = ServerProcess.serve(List.of("-Xmx" + HEAP_MIB + "m"), Map.of(),
                flags.toArray(String[]::new));
        assertThat(process.isAlive()).as(String.join("\n", process.output())).isTrue();
        try {
            return new HostileServer(process, store, dbUrl, dataDir);
        } catch (Exception | AssertionError e) {
            process.close();
            store.drop(dbUrl);
            throw e;
        }
    }

    int port(String listener) {
        String url = endpoint.path(listener).asText();
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1).replace("/mqtt", ""));
    }

    int httpPort() {
        return port("http");
    }

    String httpUrl() {
        return endpoint.path("http").asText();
    }

    /**
     * A thing with its own ACTIVE certificate and a policy that binds the device to its thing: it connects only with
     * the thing's name as client id and reaches only {@code devices/<thing>/...}.
     */
    DeviceIdentity boundDevice(String thing) {
        if (!boundPolicy) {
            iot.createPolicy(r -> r.policyName("bound").policyDocument(BOUND_POLICY));
            boundPolicy = true;
        }
        return Sdk.thingDevice(iot, thing, "bound");
    }

    /** Mutual TLS as {@code identity}, trusting the server's CA. */
    javax.net.ssl.SSLContext tls(DeviceIdentity identity) throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(identity.keyManagers().getKeyManagers(), DeviceIdentity.trusting(caFile()).getTrustManagers(),
                null);
        return context;
    }

    Path caFile() {
        return Path.of(endpoint.path("caFile").asText());
    }

    Path dataDir() {
        return dataDir;
    }

    AwsCredentials credentials() {
        return credentials;
    }

    IotClient iot() {
        return iot;
    }

    /** Everything the server has printed so far. */
    List<String> output() {
        return process.output();
    }

    /**
     * The well-behaved clients are served, whole: {@code /health} answers, the operator's thing is as it was and a new
     * one can be made, and every message the device ever published came back to it, once.
     */
    void assertSideClientsServed() throws Exception {
        assertThat(process.isAlive()).as("the server is running").isTrue();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(httpUrl() + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
        assertThat(iot.describeThing(r -> r.thingName("side")).attributes()).containsEntry("kept", "yes");
        String name = "side-" + ++rounds;
        iot.createThing(r -> r.thingName(name));
        assertThat(iot.describeThing(r -> r.thingName(name)).thingName()).isEqualTo(name);

        String message = "round " + rounds;
        device.publishWith().topic("side/side-device/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                .payload(message.getBytes(StandardCharsets.UTF_8)).send();
        Mqtt5Publish echo = received.receive(20, TimeUnit.SECONDS)
                .orElseThrow(() -> new AssertionError("the device's own message did not come back: " + message));
        assertThat(new String(echo.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(message);
        assertThat(output()).noneMatch(line -> line.contains("OutOfMemoryError"));
    }

    @Override
    public void close() {
        try {
            device.disconnect();
        } catch (RuntimeException e) {
            // the server may be gone: a failed test says why
        }
        iot.close();
        process.close();
        store.drop(dbUrl);
    }
}
