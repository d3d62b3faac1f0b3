package io.fleetline.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.api.auth.Authenticator;
import io.fleetline.api.auth.InMemoryKeys;
import io.fleetline.api.auth.SigV4Verifier;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.routing.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP listener on a real Jetty over loopback, driven by clients that write exactly the bytes they are given. */
class HttpApiServerTest {
    private static final List<ServiceModel> MODELS = List.of(ServiceModel.load("iot"), ServiceModel.load("iot-data"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MiB = 1024 * 1024;
    /** At most 1 MiB a body, 4 MiB of bodies at once (3 MiB of them large ones), a second for a body to arrive. */
    private static final HttpLimits LIMITS = new HttpLimits(MiB, 4 * MiB, Duration.ofSeconds(1), Duration.ofSeconds(10));

    private HttpApiServer server;

    /** A server answering iot-data Publish with the number of payload bytes it received. */
    private HttpApiServer start(Authenticator authenticator) throws Exception {
        return start(authenticator, LIMITS);
    }

    private HttpApiServer start(Authenticator authenticator, HttpLimits limits) throws Exception {
        HandlerRegistry handlers = new HandlerRegistry(MODELS).register("iot-data", "Publish", call -> {
            var out = JSON.createObjectNode();
            out.put("received", call.input().node().path("payload").isBinary()
                    ? ((com.fasterxml.jackson.databind.node.BinaryNode) call.input().node().path("payload")).binaryValue().length : 0);
            return out;
        });
        server = new HttpApiServer("127.0.0.1", 0, new ApiDispatcher(new Router(MODELS), handlers, authenticator, JSON),
                Optional.empty(), Optional.empty(), limits);
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A Publish head declaring a payload of {@code length} bytes. */
    private static String head(String topic, long length) {
        return "POST /topics/" + topic + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + length + "\r\n\r\n";
    }

    private static byte[] body(int length) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) 'a');
        return body;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);  // polls; the condition has no event
        }
    }

    @Nested
    class BeforeAuthentication {
        @Test
        void an_unsigned_request_is_answered_before_its_body_is_sent_and_its_connection_closed() throws Exception {
            start(new SigV4Verifier(new InMemoryKeys(), Clock.systemUTC(), "us-east-1"));
            try (RawHttp attacker = new RawHttp(server.port())) {
                RawHttp.Reply reply = attacker.send(head("t1", 8L * MiB)).reply();

                assertThat(reply.status()).isEqualTo(403);
                assertThat(reply.errorType()).isEqualTo("MissingAuthenticationTokenException");
                assertThat(attacker.closedWithin(5_000)).as("closed at once, not at the idle timeout").isTrue();
            }
            assertThat(server.bodyBudgetLeft()).isEqualTo(LIMITS.bodyBudgetBytes());
        }

        @Test
        void a_request_signed_by_an_unknown_key_is_answered_before_its_body_is_sent() throws Exception {
            start(new SigV4Verifier(new InMemoryKeys(), Clock.systemUTC(), "us-east-1"));
            String amzDate = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
            try (RawHttp attacker = new RawHttp(server.port())) {
                RawHttp.Reply reply = attacker.send(head("t1", 8L * MiB).replace("\r\n\r\n", "\r\nX-Amz-Date: "
                        + amzDate + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAUNKNOWN/" + amzDate.substring(0, 8)
                        + "/us-east-1/iotdata/aws4_request, SignedHeaders=host;x-amz-date, Signature=00\r\n\r\n")).reply();

                assertThat(reply.status()).isEqualTo(403);
                assertThat(reply.errorType()).isEqualTo("UnrecognizedClientException");
            }
        }
    }

    @Nested
    class Connections {
        @Test
        void past_the_connection_limit_a_client_waits_until_a_connection_closes_then_is_served() throws Exception {
            start(Authenticator.NONE, LIMITS.withMaxConnections(1));
            RawHttp first = new RawHttp(server.port());
            assertThat(first.send(head("first", 1)).send(body(1)).reply().status()).isEqualTo(200);
            try (RawHttp second = new RawHttp(server.port())) {
                second.send(head("second", 2)).send(body(2));

                assertThat(second.sendsNothingMoreWithin(500)).as("not accepted while the first is open").isTrue();
                first.close();
                RawHttp.Reply served = second.reply();
                assertThat(served.status()).isEqualTo(200);
                assertThat(served.body()).contains("\"received\":2");
            }
        }

        @Test
        void a_connection_limit_out_of_bounds_is_refused_with_its_range() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LIMITS.withMaxConnections(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 1 to 1000000");
            assertThat(HttpLimits.defaultMaxConnections()).isBetween(256, 1_000_000);
        }
    }

    @Nested
    class Bodies {
        @Test
        void large_bodies_past_the_budget_get_503_while_small_ones_and_those_within_it_are_served() throws Exception {
            start(Authenticator.NONE);
            byte[] whole = body(MiB);
            List<RawHttp> large = List.of(new RawHttp(server.port()), new RawHttp(server.port()),
                    new RawHttp(server.port()));
            try (RawHttp fourth = new RawHttp(server.port()); RawHttp small = new RawHttp(server.port())) {
                for (int i = 0; i < large.size(); i++) {
                    large.get(i).send(head("large-" + i, MiB)).send(Arrays.copyOf(whole, MiB / 2));
                }
                await("the large bodies took their room", () -> server.bodyBudgetLeft() == MiB);

                RawHttp.Reply refused = fourth.send(head("fourth", MiB)).reply();
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.errorType()).isEqualTo("ServiceUnavailableException");
                assertThat(JSON.readTree(refused.body()).path("__type").asText())
                        .isEqualTo("ServiceUnavailableException");
                assertThat(small.send(head("small", 100)).send(body(100)).reply().body()).contains("\"received\":100");

                for (RawHttp client : large) {
                    client.send(Arrays.copyOfRange(whole, MiB / 2, MiB));
                    assertThat(client.reply().body()).contains("\"received\":" + MiB);
                }
            } finally {
                large.forEach(RawHttp::close);
            }
            await("the room is given back", () -> server.bodyBudgetLeft() == LIMITS.bodyBudgetBytes());
            try (RawHttp later = new RawHttp(server.port())) {
                assertThat(later.send(head("later", MiB)).send(body(MiB)).reply().status()).isEqualTo(200);
            }
        }

        @Test
        void a_body_that_stalls_is_cut_off_at_the_time_limit_with_a_408_and_its_room_given_back() throws Exception {
            start(Authenticator.NONE);
            try (RawHttp slow = new RawHttp(server.port())) {
                RawHttp.Reply reply = slow.send(head("t1", 1000)).send("aaaa").reply();

                assertThat(reply.status()).isEqualTo(408);
                assertThat(reply.errorType()).isEqualTo("RequestTimeoutException");
                assertThat(slow.closedWithin(5_000)).as("closed at once, not at the idle timeout").isTrue();
            }
            await("the room is given back", () -> server.bodyBudgetLeft() == LIMITS.bodyBudgetBytes());
        }

        @Test
        void a_declared_length_past_the_limit_is_refused_before_a_byte_is_read() throws Exception {
            start(Authenticator.NONE);
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send(head("t1", MiB + 1)).reply();

                assertThat(reply.status()).isEqualTo(413);
                assertThat(reply.errorType()).isEqualTo("RequestEntityTooLargeException");
            }
        }

        @Test
        void a_chunked_body_growing_past_the_limit_is_refused() throws Exception {
            start(Authenticator.NONE);
            try (RawHttp client = new RawHttp(server.port())) {
                client.send("POST /topics/t1 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
                String chunk = Integer.toHexString(256 * 1024) + "\r\n" + "a".repeat(256 * 1024) + "\r\n";
                for (int i = 0; i < 5; i++) {
                    client.trySend(chunk.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
                RawHttp.Reply reply = client.reply();

                assertThat(reply.status()).isEqualTo(413);
                assertThat(reply.errorType()).isEqualTo("RequestEntityTooLargeException");
            }
            await("the room is given back", () -> server.bodyBudgetLeft() == LIMITS.bodyBudgetBytes());
        }

        @Test
        void a_chunked_body_within_the_limit_is_served_whole() throws Exception {
            start(Authenticator.NONE);
            byte[] body = body(300_000);
            try (RawHttp client = new RawHttp(server.port())) {
                client.send("POST /topics/t1 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
                for (int at = 0; at < body.length; at += 70_000) {
                    int n = Math.min(70_000, body.length - at);
                    client.send(Integer.toHexString(n) + "\r\n").send(Arrays.copyOfRange(body, at, at + n))
                            .send("\r\n");
                }
                RawHttp.Reply reply = client.send("0\r\n\r\n").reply();

                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.body()).contains("\"received\":300000");
            }
        }
    }

    /** What is not valid HTTP is answered by Jetty, but in AWS's shape and without the request's bytes. */
    @Nested
    class NotHttp {
        @ParameterizedTest
        @ValueSource(strings = {
            "GET /things/a%00b HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /../things HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /things/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST /things/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef",
            "GET /things HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n",
            "GET http://elsewhere.example/things HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /things HTTP/1.1\r\n\r\n",
            "GARBAGE\r\n\r\n",
        })
        void malformed_requests_get_an_aws_shaped_400(String request) throws Exception {
            start(Authenticator.NONE);
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send(request).reply();

                assertThat(reply.status()).isEqualTo(400);
                assertThat(reply.headers().get("content-type")).isEqualTo("application/json");
                assertThat(reply.errorType()).isEqualTo("InvalidRequestException");
                assertThat(JSON.readTree(reply.body()).path("__type").asText()).isEqualTo("InvalidRequestException");
            }
        }

        @Test
        void a_bad_chunk_gets_an_aws_shaped_400() throws Exception {
            start(Authenticator.NONE);
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send("POST /things/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        + "\r\nzz\r\nabc\r\n0\r\n\r\n").reply();

                assertThat(reply.status()).isEqualTo(400);
                assertThat(reply.errorType()).isEqualTo("InvalidRequestException");
            }
        }

        @Test
        void a_uri_too_long_gets_an_aws_shaped_414_that_does_not_echo_it() throws Exception {
            start(Authenticator.NONE);
            String uri = "/things/" + "u".repeat(9000);
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send("GET " + uri + " HTTP/1.1\r\nHost: x\r\n\r\n").reply();

                assertThat(reply.status()).isEqualTo(414);
                assertThat(reply.errorType()).isEqualTo("InvalidRequestException");
                assertThat(reply.body()).doesNotContain("uuuuuuuu").hasSizeLessThan(300);
            }
        }

        @Test
        void header_fields_too_large_get_an_aws_shaped_431_that_does_not_echo_them() throws Exception {
            start(Authenticator.NONE);
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send("GET /things HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(9000)
                        + "\r\n\r\n").reply();

                assertThat(reply.status()).isEqualTo(431);
                assertThat(reply.errorType()).isEqualTo("InvalidRequestException");
                assertThat(reply.body()).doesNotContain("hhhhhhhh").hasSizeLessThan(300);
            }
        }
    }
}
