package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** MQTT over WebSocket on the API port at /mqtt, with a SigV4-presigned URL as AWS's SDKs make it. */
class SignedWebSocketIT {
    @TempDir
    Path dir;

    @Test
    void a_presigned_websocket_carries_an_operator_session_and_a_forged_one_is_refused() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withMqtt(m -> m.withPort(0)))) {
            int port = URI.create(server.endpoint()).getPort();
            Mqtt5BlockingClient operator = webSocketClient(port, presignedQuery(server, server.secretKey()), "console-1");
            operator.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes received = operator.publishes(MqttGlobalPublishFilter.ALL)) {
                operator.subscribeWith().topicFilter("ops/#").qos(MqttQos.AT_LEAST_ONCE).send();
                Sdk.data(server).publish(r -> r.topic("ops/alert").qos(1).payload(SdkBytes.fromUtf8String("disk full")));
                assertThat(new String(received.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes(),
                        StandardCharsets.UTF_8)).isEqualTo("disk full");
            } finally {
                operator.disconnect();
            }

            Mqtt5BlockingClient forged = webSocketClient(port, presignedQuery(server, "not-the-secret"), "console-2");
            assertThatThrownBy(forged::connect).isInstanceOf(RuntimeException.class);
            Mqtt5BlockingClient unsigned = webSocketClient(port, "", "console-3");
            assertThatThrownBy(unsigned::connect).as("only the test double lets unsigned upgrades in")
                    .isInstanceOf(RuntimeException.class);
            Mqtt5BlockingClient bare = webSocketClient(port, "X-Amz-Credential=" + server.accessKeyId(), "console-4");
            assertThatThrownBy(bare::connect).isInstanceOf(RuntimeException.class);
        }
    }

    static Mqtt5BlockingClient webSocketClient(int port, String query, String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(port)
                .webSocketConfig().serverPath("mqtt").queryString(query).subprotocol("mqtt").applyWebSocketConfig()
                .buildBlocking();
    }

    private static String presignedQuery(TestServer server, String secret) {
        return presignedQuery(server, server.accessKeyId(), secret);
    }

    static String presignedQuery(TestServer server, String keyId, String secret) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create(server.endpoint() + "/mqtt")).build();
        return AwsV4HttpSigner.create().sign(r -> r
                        .identity(AwsCredentialsIdentity.create(keyId, secret))
                        .request(request)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iotdevicegateway")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, server.region())
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5)))
                .request().encodedQueryParameters()
                // the MQTT client percent-encodes the query it is given, so it gets it decoded
                .map(q -> java.net.URLDecoder.decode(q, StandardCharsets.UTF_8)).orElseThrow();
    }
}
