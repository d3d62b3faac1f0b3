package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.server.config.AuthMode;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;

/** What plain HTTP clients see: health, unknown routes, oversize bodies, and the explicit no-auth mode. */
class HttpEdgesIT {
    @TempDir
    Path dir;

    @Test
    void health_needs_no_signature_and_unknown_routes_get_an_aws_shaped_404() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir); HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"ok\"");

            HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/things"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).isEqualTo(403);
            assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).contains("MissingAuthenticationTokenException");
            assertThat(unsigned.headers().firstValue("x-amzn-RequestId")).isPresent();
            assertThat(unsigned.body()).contains("\"__type\":\"MissingAuthenticationTokenException\"");
        }
    }

    @Test
    void with_auth_switched_off_unsigned_requests_are_served() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withAccount(a -> a.withAuth(AuthMode.NONE)));
             IotClient anonymous = Sdk.anonymous(server); HttpClient http = HttpClient.newHttpClient()) {
            anonymous.createThing(r -> r.thingName("open"));
            assertThat(anonymous.describeThing(r -> r.thingName("open")).thingName()).isEqualTo("open");

            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/no/such/route"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");

            // Expect: 100-continue, as the SDKs send large bodies: the 413 comes before the body, so a loaded machine
            // cannot cut the connection under a body still being sent (which the client would see instead of the 413)
            HttpResponse<String> huge = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/things/big"))
                    .expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[9 * 1024 * 1024])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(huge.statusCode()).isEqualTo(413);
            assertThat(huge.headers().firstValue("x-amzn-ErrorType")).contains("RequestEntityTooLargeException");

            HttpResponse<String> badJson = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/things/bad"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"attributePayload\":")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(badJson.statusCode()).isEqualTo(400);
            assertThat(badJson.body()).contains("InvalidRequestException").contains("not valid JSON");
        }
    }
}
