package io.fleetline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetline.server.config.AuthMode;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/** The README's JUnit example, as written there, against a permissive server: each test starts from nothing. */
class TestSuiteExampleIT {
    static final AwsBasicCredentials ACCOUNT = AwsBasicCredentials.create("111111111111", "test");
    @TempDir
    static Path dir;
    static TestServer server;
    URI fleetline;
    IotClient iot;

    @BeforeEach
    void start() {
        if (server == null) {
            server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                    c -> c.withAccount(a -> a.withAuth(AuthMode.PERMISSIVE)));
        }
        fleetline = URI.create(server.endpoint());
        iot = IotClient.builder().endpointOverride(fleetline).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(ACCOUNT))
                .httpClient(ApacheHttpClient.create()).build();
    }

    @org.junit.jupiter.api.AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void reset() throws Exception {
        iot.close();
        SdkHttpRequest request = AwsV4HttpSigner.create().sign(r -> r.identity(ACCOUNT)
                .request(SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                        .uri(fleetline.resolve("/_fleetline/reset")).build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iot")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        HttpRequest.Builder post = HttpRequest.newBuilder(request.getUri()).POST(HttpRequest.BodyPublishers.noBody());
        request.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> post.header(name, v));
            }
        });
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertEquals(200, http.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    @Test
    void createsAThing() {
        assertEquals("arn:aws:iot:us-east-1:111111111111:thing/dev-1",
                iot.createThing(r -> r.thingName("dev-1").attributePayload(a -> a.attributes(
                        java.util.Map.of("run", "first")))).thingArn());
    }

    @Test
    void createsItAgainFromNothing() {
        iot.createThing(r -> r.thingName("dev-1").attributePayload(a -> a.attributes(java.util.Map.of("run", "again"))));
        assertEquals(1, iot.listThings().things().size());
        assertEquals("again", iot.describeThing(r -> r.thingName("dev-1")).attributes().get("run"));
    }
}
