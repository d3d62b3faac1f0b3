package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fleetline.api.auth.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * XML payloads from anyone: whatever they hold, they are S3's {@code MalformedXML} (or the size error), the handler
 * never runs, nothing is fetched or expanded, and nothing of the server leaks into the answer.
 */
class HostileXmlTest {
    private final Recorder versioning = new Recorder();
    private final S3Endpoint endpoint = versioning.endpointFor("PutBucketVersioning");
    /** DeleteObjects hands any key to its handler: an entity expanded into one would reach it. */
    private final Recorder delete = new Recorder();

    private S3Response put(String xml) {
        return Wire.of("PUT /b?versioning\nHost: localhost\n\n" + xml).sentTo(endpoint);
    }

    private S3Response deleteKey(String dtd, String key) {
        return Wire.of("POST /b?delete\nHost: localhost\n\n" + dtd + "<Delete><Object><Key>" + key
                + "</Key></Object></Delete>").sentTo(delete.endpointFor("DeleteObjects"));
    }

    private void assertMalformed(S3Response response) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(Wire.text(response)).contains("<Code>MalformedXML</Code>");
        assertThat(versioning.inputs).isEmpty();
        assertThat(delete.inputs).isEmpty();
    }

    @Test
    void an_external_entity_is_refused_and_the_file_never_read(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "the-secret-content");

        S3Response response = deleteKey("<?xml version=\"1.0\"?><!DOCTYPE Delete [<!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">]>", "&xxe;");

        assertMalformed(response);
        assertThat(Wire.text(response)).doesNotContain("the-secret-content");
    }

    @Test
    void no_entity_is_expanded_however_small() {
        assertMalformed(deleteKey("<!DOCTYPE Delete [<!ENTITY a \"b\">]>", "&a;"));
    }

    @Test
    void an_external_dtd_is_never_fetched() throws Exception {
        ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger fetches = new AtomicInteger();
        Thread answering = Thread.ofVirtual().start(() -> answerNotFound(trap, fetches));
        try {
            S3Response response = put("<!DOCTYPE VersioningConfiguration SYSTEM \"http://127.0.0.1:" + trap.getLocalPort()
                    + "/evil.dtd\"><VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>");

            // a fetch is counted before it is answered, and so before the parser could go on to the answer
            assertThat(fetches.get()).isZero();
            assertMalformed(response);
        } finally {
            trap.close();
            answering.join();
        }
    }

    /** Counts each connection, then answers it 404 and closes it, so that a parser that fetches does not hang. */
    private static void answerNotFound(ServerSocket trap, AtomicInteger fetches) {
        while (!trap.isClosed()) {
            try (Socket fetch = trap.accept()) {
                fetches.incrementAndGet();
                fetch.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Test
    void a_billion_laughs_are_refused_at_once() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE Delete [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }

        S3Response response = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> deleteKey(dtd + "]>", "&lol9;"));

        assertMalformed(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<!DOCTYPE VersioningConfiguration><VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
        "<VersioningConfiguration><Status>&undeclared;</Status></VersioningConfiguration>",
        "<VersioningConfiguration><Status>Enabled</Status>",
        "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration><Another/>",
        "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>trailing text",
        "<VersioningConfiguration>loose text<Status>Enabled</Status></VersioningConfiguration>",
        "<VersioningConfiguration><Status>Enabled</Status><Status>Suspended</Status></VersioningConfiguration>",
        "<VersioningConfiguration><Status><b>Enabled</b></Status></VersioningConfiguration>",
        "<VersioningConfiguration><Status>Bogus</Status></VersioningConfiguration>",
        "<WrongRoot><Status>Enabled</Status></WrongRoot>",
        "{\"Status\": \"Enabled\"}",
        "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration",
    })
    void anything_but_the_configuration_is_malformed_xml(String xml) {
        assertMalformed(put(xml));
    }

    @Test
    void nesting_past_the_bound_is_refused_even_in_elements_the_shape_does_not_know() {
        String deep = "<x>".repeat(XmlPayloadReader.MAX_DEPTH) + "</x>".repeat(XmlPayloadReader.MAX_DEPTH);

        assertMalformed(put("<VersioningConfiguration>" + deep + "<Status>Enabled</Status></VersioningConfiguration>"));
    }

    @Test
    void bytes_that_are_not_text_are_malformed_xml() {
        byte[] garbage = new byte[256];
        Arrays.fill(garbage, (byte) 0xFE);

        assertMalformed(Wire.of("PUT /b?versioning\nHost: localhost").withBody(garbage).sentTo(endpoint));
    }

    @Test
    void a_declared_length_past_the_bound_is_refused_before_a_byte_is_read() {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read");
            }
        };

        S3Response response = endpoint.handle(Wire.of("PUT /b?versioning\nHost: localhost\nContent-Length: "
                        + (S3Endpoint.MAX_XML_BYTES + 1)).head(), () -> untouchable, Caller.ANONYMOUS, "req-1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(Wire.text(response)).contains("<Code>MaxMessageLengthExceeded</Code>");
    }

    @Test
    void a_body_without_a_length_is_cut_off_past_the_bound() {
        byte[] big = ("<VersioningConfiguration><Status>" + "x".repeat(S3Endpoint.MAX_XML_BYTES)
                + "</Status></VersioningConfiguration>").getBytes(StandardCharsets.UTF_8);
        CountingStream body = new CountingStream(big);

        S3Response response = endpoint.handle(Wire.of("PUT /b?versioning\nHost: localhost").head(), () -> body,
                Caller.ANONYMOUS, "req-1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(Wire.text(response)).contains("<Code>MaxMessageLengthExceeded</Code>");
        assertThat(body.read).isEqualTo(S3Endpoint.MAX_XML_BYTES + 1L);
        assertThat(versioning.inputs).isEmpty();
    }

    @Test
    void a_required_configuration_that_is_not_sent_is_a_missing_body() {
        S3Response response = Wire.of("PUT /b?versioning\nHost: localhost\nContent-Length: 0").sentTo(endpoint);

        assertThat(response.status()).isEqualTo(400);
        assertThat(Wire.text(response)).contains("<Code>MissingRequestBodyError</Code>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-MD5: AAAAAAAAAAAAAAAAAAAAAA==", "x-amz-checksum-crc32: AAAAAA==",
            "x-amz-checksum-sha256: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="})
    void a_digest_that_does_not_match_is_bad_digest(String header) {
        S3Response response = Wire.of("PUT /b?versioning\nHost: localhost\n" + header + "\n\n"
                + "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>").sentTo(endpoint);

        assertThat(response.status()).isEqualTo(400);
        assertThat(Wire.text(response)).contains("<Code>BadDigest</Code>");
        assertThat(versioning.inputs).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-MD5: not-base64!", "Content-MD5: AAAA", "x-amz-checksum-crc32: AAAAAAAA"})
    void a_digest_that_is_no_digest_is_invalid_digest(String header) {
        S3Response response = Wire.of("PUT /b?versioning\nHost: localhost\n" + header + "\n\n"
                + "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>").sentTo(endpoint);

        assertThat(Wire.text(response)).contains("<Code>InvalidDigest</Code>");
    }

    /** A body that counts what was read of it. */
    private static final class CountingStream extends InputStream {
        private final byte[] bytes;
        long read;

        CountingStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return read < bytes.length ? bytes[(int) read++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (read >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(length, bytes.length - read);
            System.arraycopy(bytes, (int) read, buffer, offset, n);
            read += n;
            return n;
        }
    }
}
