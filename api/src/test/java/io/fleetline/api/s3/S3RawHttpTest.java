package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.api.http.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a client writing raw HTTP gets from the codec on a real listener: S3's answers, never IoT's JSON. */
class S3RawHttpTest {
    private static final EchoHandlers ECHO = new EchoHandlers();
    private static S3TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new S3TestServer(ECHO.handlers());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp.Reply send(String request) {
        try (RawHttp http = new RawHttp(server.port())) {
            return http.send(request).reply();
        }
    }

    @Test
    void a_head_error_is_its_status_and_headers_alone_and_the_connection_goes_on() {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply missing = http.send("HEAD /b/missing HTTP/1.1\r\nHost: localhost\r\n\r\n").reply();
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.headers()).containsKey("x-amz-request-id").doesNotContainKey("x-amzn-errortype");
            assertThat(missing.body()).isEmpty();

            // nothing was left on the connection: the next answer is the next request's
            RawHttp.Reply bucket = http.send("HEAD /b HTTP/1.1\r\nHost: localhost\r\n\r\n").reply();
            assertThat(bucket.status()).isEqualTo(200);
            assertThat(bucket.headers()).containsEntry("x-amz-bucket-region", "us-east-1");
        }
    }

    @Test
    void an_unknown_route_is_s3s_method_not_allowed() {
        RawHttp.Reply reply = send("PATCH /b/k HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.headers()).containsEntry("content-type", "application/xml");
        assertThat(reply.body()).startsWith("<?xml").contains("<Code>MethodNotAllowed</Code>");
    }

    @Test
    void an_entity_over_the_wire_is_malformed_xml() {
        String xml = "<!DOCTYPE Delete [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Delete><Object><Key>&x;</Key>"
                + "</Object></Delete>";

        RawHttp.Reply reply = send("POST /b?delete HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + xml.length()
                + "\r\n\r\n" + xml);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("<Code>MalformedXML</Code>").doesNotContain("root:");
    }

    @Test
    void a_key_with_an_encoded_slash_a_plus_a_space_and_unicode_arrives_whole_through_jetty() {
        assertThat(send("GET /b/a%2Fb+c%20d%C3%BC HTTP/1.1\r\nHost: localhost\r\n\r\n").status()).isEqualTo(200);
        assertThat(ECHO.last("GetObject").input().path("Key").asText()).isEqualTo("a/b+c dü");

        assertThat(send("GET /x%2F%2By HTTP/1.1\r\nHost: my-bucket.localhost:8080\r\n\r\n").status()).isEqualTo(200);
        assertThat(ECHO.last("GetObject").input().path("Bucket").asText()).isEqualTo("my-bucket");
        assertThat(ECHO.last("GetObject").input().path("Key").asText()).isEqualTo("x/+y");
    }
}
