package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.api.http.RawHttp;
import io.fleetline.testkit.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile HTTP clients against a real server process with a small heap: bodies that would fill the heap, slow
 * clients, JSON built to hurt, requests that are not HTTP, smuggling forms and spoiled signatures. Each gets the
 * documented refusal in AWS's shape, and the well-behaved clients beside them are served and lose nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileHttpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MiB = 1024 * 1024;
    private static final int MAX_BODY = 8 * MiB;

    HostileServer server;

    abstract Store store();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = HostileServer.start(store(), dir);
        server.assertSideClientsServed();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** As many stalled 8 MiB bodies as would fill the server's heap half again, had they been read. */
    private static int heapFillingConnections() {
        return HostileServer.HEAP_MIB * 3 / 2 / (MAX_BODY / MiB);
    }

    private static String unsignedHead(long length) {
        return "POST /things/intruder HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\n\r\n";
    }

    private static void assertAwsError(RawHttp.Reply reply, int status, String type) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.errorType()).isEqualTo(type);
        assertThat(reply.headers().get("content-type")).isEqualTo("application/json");
        assertThat(JSON.readTree(reply.body()).path("__type").asText()).isEqualTo(type);
    }

    private RawHttp.Reply send(byte[] request) {
        try (RawHttp client = new RawHttp(server.httpPort())) {
            return client.send(request).reply();
        }
    }

    private byte[] signed(RawSigned request) {
        return request.bytes(server.credentials(), server.httpPort());
    }

    @Test
    void unsigned_bodies_that_would_fill_the_heap_are_refused_before_they_are_read() throws Exception {
        List<RawHttp> attackers = new ArrayList<>();
        byte[] mostOfABody = new byte[MAX_BODY - 1];
        Arrays.fill(mostOfABody, (byte) '{');
        try {
            for (int i = 0; i < heapFillingConnections(); i++) {
                RawHttp attacker = new RawHttp(server.httpPort());
                attackers.add(attacker);
                attacker.send(unsignedHead(MAX_BODY));
                assertAwsError(attacker.reply(), 403, "MissingAuthenticationTokenException");
                attacker.trySend(mostOfABody);
            }
            server.assertSideClientsServed();
        } finally {
            attackers.forEach(RawHttp::close);
        }
        server.assertSideClientsServed();
    }

    @Test
    void signed_bodies_past_the_budget_get_503_and_stalled_ones_are_cut_off_while_others_are_served()
            throws Exception {
        byte[] body = new byte[MAX_BODY];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[MAX_BODY - 1] = '}';
        List<RawHttp> attackers = new ArrayList<>();
        int refused = 0;
        try {
            for (int i = 0; i < heapFillingConnections(); i++) {
                byte[] request = signed(RawSigned.request("POST", "/things/stalled-" + i, body));
                RawHttp attacker = new RawHttp(server.httpPort());
                attackers.add(attacker);
                attacker.trySend(Arrays.copyOf(request, request.length - 1));
            }
            server.assertSideClientsServed();
            for (RawHttp attacker : attackers) {
                RawHttp.Reply reply = attacker.reply();
                if (reply.status() == 503) {
                    assertAwsError(reply, 503, "ServiceUnavailableException");
                    refused++;
                } else {
                    assertAwsError(reply, 408, "RequestTimeoutException");
                }
            }
        } finally {
            attackers.forEach(RawHttp::close);
        }
        // the budget admits three; on a loaded machine one of those may reach its body timeout (408) while attackers
        // are still connecting and free its share for another, so a few more than three can be admitted in all
        assertThat(refused).as("stalled bodies turned away at once").isGreaterThanOrEqualTo(heapFillingConnections() - 6);
        server.assertSideClientsServed();
    }

    @Test
    void slow_and_oversize_clients_are_cut_off_without_flooding_the_log() throws Exception {
        int before = server.output().size();
        List<RawHttp> slow = new ArrayList<>();
        String longUri = "/things/" + "u".repeat(9000);
        try {
            for (int i = 0; i < 100; i++) {
                RawHttp headers = new RawHttp(server.httpPort());
                slow.add(headers.send("GET /things HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a"));
                byte[] request = signed(RawSigned.request("POST", "/things/slow-" + i, "{\"attributePayload\":{}}"));
                RawHttp body = new RawHttp(server.httpPort());
                slow.add(body.send(Arrays.copyOf(request, request.length - 5)));
                assertAwsError(send(("GET " + longUri + " HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1)), 414, "InvalidRequestException");
            }
            for (RawHttp client : slow) {
                assertThat(client.closedAfterAnyAnswer()).as("cut off within the socket timeout").isTrue();
            }
        } finally {
            slow.forEach(RawHttp::close);
        }
        server.assertSideClientsServed();
        List<String> logged = server.output().subList(before, server.output().size());
        assertThat(logged).as("what 300 hostile clients made the server log").hasSizeLessThanOrEqualTo(3)
                .noneMatch(line -> line.contains("Exception") || line.startsWith("\tat ") || line.contains("uuuuuuuu"));
    }

    static Stream<Arguments> hostileJson() {
        return Stream.of(
                Arguments.of("nested 100,000 deep", "{\"attributePayload\":" + "[".repeat(100_000) + "]".repeat(100_000)
                        + "}"),
                Arguments.of("not UTF-8", "{\"thingTypeName\":\"\u00ff\u00fe\"}"),
                Arguments.of("content after the object", "{} xx"),
                Arguments.of("a key twice", "{\"thingTypeName\":\"a\",\"thingTypeName\":\"b\"}"),
                Arguments.of("an array", "[]"),
                Arguments.of("a number past any type", "{\"attributePayload\":{\"merge\":1" + "0".repeat(5000) + "}}"),
                Arguments.of("cut off", "{\"attributePayload\":{\"attributes\":{\"a\":\""),
                Arguments.of("a string of 7 MiB", "{\"thingTypeName\":\"" + "t".repeat(7 * MiB) + "\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileJson")
    void json_built_to_hurt_is_refused_as_an_invalid_request(String what, String body) throws Exception {
        byte[] bytes = what.equals("not UTF-8") ? body.getBytes(StandardCharsets.ISO_8859_1)
                : body.getBytes(StandardCharsets.UTF_8);
        RawHttp.Reply reply = send(signed(RawSigned.request("POST", "/things/hurt", bytes)));

        assertAwsError(reply, 400, "InvalidRequestException");
        assertThat(reply.body()).hasSizeLessThan(2048);
        server.assertSideClientsServed();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // a length and chunks: the smuggled request behind the chunks must never be answered
        "POST /things/a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /things/a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 60\r\n\r\nabcd",
        "POST /things/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
        "POST /things/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
        "POST /things/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
        "GET /things HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n",
        "GET /things/a%00b HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http://elsewhere.example/things HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /things HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
        "GET /things HTTP/9.9\r\nHost: x\r\n\r\n",
        "\u0000\u0001\u0002\u0003 garbage\r\n\r\n",
    })
    void requests_that_are_not_http_or_smuggle_another_get_one_aws_shaped_error(String request) throws Exception {
        try (RawHttp client = new RawHttp(server.httpPort())) {
            RawHttp.Reply reply = client.send(request).reply();

            assertThat(reply.status()).as(reply.body()).isBetween(400, 505);
            assertThat(reply.headers().get("content-type")).isEqualTo("application/json");
            assertThat(JSON.readTree(reply.body()).path("__type").asText()).isEqualTo(reply.errorType())
                    .isIn("InvalidRequestException", "MissingAuthenticationTokenException");
            assertThat(client.sendsNothingMoreWithin(1000)).as("nothing more is answered on the connection").isTrue();
        }
        server.assertSideClientsServed();
    }

    @Test
    void uris_and_header_fields_too_long_get_aws_shaped_errors_that_do_not_echo_them() throws Exception {
        RawHttp.Reply uri = send(("GET /things/" + "u".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        RawHttp.Reply headers = send(("GET /things HTTP/1.1\r\nHost: x\r\n" + "X-Many: hhhh\r\n".repeat(2000) + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));

        assertAwsError(uri, 414, "InvalidRequestException");
        assertAwsError(headers, 431, "InvalidRequestException");
        assertThat(uri.body() + headers.body()).doesNotContain("uuuu", "hhhh");
        server.assertSideClientsServed();
    }

    /** A request the server's key signed properly, then spoiled in one way. */
    record Spoiled(String what, RawSigned request, UnaryOperator<String> spoil, int status, String type,
                   String message) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Spoiled> spoiledSignatures() {
        RawSigned describe = RawSigned.request("GET", "/things/side", "");
        Instant now = Instant.now();
        return Stream.of(
                new Spoiled("no signature", describe, head -> head.replaceAll("(?m)^Authorization: .*\r\n", ""),
                        403, "MissingAuthenticationTokenException", "Missing Authentication Token"),
                new Spoiled("another algorithm", describe, head -> head.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1"),
                        400, "IncompleteSignatureException", null),
                new Spoiled("no date", describe, head -> head.replaceAll("(?m)^X-Amz-Date: .*\r\n", ""),
                        400, "IncompleteSignatureException", null),
                new Spoiled("an unknown key", describe, head -> head.replaceAll("Credential=[A-Z0-9]+/",
                        "Credential=AKIAUNKNOWNKEY000000/"), 403, "UnrecognizedClientException", null),
                new Spoiled("a tampered signature", describe, head -> head.replaceAll("Signature=[0-9a-f]{8}",
                        "Signature=00000000"), 403, "InvalidSignatureException", null),
                new Spoiled("a tampered path", describe, head -> head.replace("/things/side", "/things/sidf"),
                        403, "InvalidSignatureException", null),
                new Spoiled("a tampered signed header", describe, head -> head.replaceAll("(?m)^Host: .*\r\n",
                        "Host: evil.example\r\n"), 403, "InvalidSignatureException", null),
                new Spoiled("signed 20 minutes ago", RawSigned.request("GET", "/things/side", "")
                        .at(now.minus(Duration.ofMinutes(20))), UnaryOperator.identity(), 403,
                        "InvalidSignatureException", "Signature expired"),
                new Spoiled("signed 20 minutes ahead", RawSigned.request("GET", "/things/side", "")
                        .at(now.plus(Duration.ofMinutes(20))), UnaryOperator.identity(), 403,
                        "InvalidSignatureException", "Signature not yet current"),
                new Spoiled("for another region", RawSigned.request("GET", "/things/side", "").region("eu-west-1"),
                        UnaryOperator.identity(), 403, "InvalidSignatureException",
                        "Credential should be scoped to a valid region, not 'eu-west-1'. "),
                new Spoiled("for another service", RawSigned.request("GET", "/things/side", "").service("sqs"),
                        UnaryOperator.identity(), 403, "InvalidSignatureException",
                        "Credential should be scoped to correct service: 'iot'. "),
                new Spoiled("a presigned URL expired", RawSigned.request("GET", "/things/side", "")
                        .at(now.minus(Duration.ofMinutes(10))).presigned(Duration.ofMinutes(5)),
                        UnaryOperator.identity(), 403, "InvalidSignatureException", "Signature expired"),
                new Spoiled("a presigned URL with its query changed", RawSigned.request("GET", "/things?maxResults=5", "")
                        .presigned(Duration.ofMinutes(5)), head -> head.replace("maxResults=5", "maxResults=6"),
                        403, "InvalidSignatureException", null),
                new Spoiled("a presigned URL living 8 days", RawSigned.request("GET", "/things/side", "")
                        .presigned(Duration.ofDays(7)), head -> head.replace("X-Amz-Expires=604800",
                        "X-Amz-Expires=691200"), 400, "IncompleteSignatureException", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spoiledSignatures")
    void spoiled_signatures_are_refused_with_their_aws_errors(Spoiled spoiled) throws Exception {
        RawHttp.Reply reply = send(spoiled.request().bytes(server.credentials(), server.httpPort(), spoiled.spoil()));

        assertAwsError(reply, spoiled.status(), spoiled.type());
        if (spoiled.message() != null) {
            assertThat(JSON.readTree(reply.body()).path("message").asText()).startsWith(spoiled.message());
        }
    }

    @Test
    void the_same_request_signed_properly_is_served() throws Exception {
        RawHttp.Reply reply = send(signed(RawSigned.request("GET", "/things/side", "")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).path("attributes").path("kept").asText()).isEqualTo("yes");
    }
}
