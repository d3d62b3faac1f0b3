package io.fleetline.api.http;

import static io.fleetline.api.http.S3Wire.SIGNED_CHUNKS;
import static io.fleetline.api.http.S3Wire.SIGNED_TRAILER;
import static io.fleetline.api.http.S3Wire.UNSIGNED_TRAILER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.api.auth.InMemoryKeys;
import io.fleetline.api.auth.ReferenceS3Signer;
import io.fleetline.api.auth.SigV4Verifier;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.routing.Router;
import io.fleetline.core.auth.AccessKey;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streaming route beside the dispatcher, on a real Jetty over loopback, sent exactly the bytes S3 clients send. */
class StreamingRouteTest {
    private static final List<ServiceModel> MODELS = List.of(ServiceModel.load("iot"), ServiceModel.load("iot-data"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MiB = 1024 * 1024;
    /** 1 MiB a buffered body and 1 MiB of buffered bodies at once: nothing streamed here could be buffered. */
    private static final HttpLimits LIMITS = new HttpLimits(MiB, MiB, Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final long ROUTE_MAX = 128L * MiB;

    @TempDir
    Path dir;
    private HttpApiServer server;
    private HashingRoute route;

    private void start(HttpLimits limits, Path file) throws Exception {
        SigV4Verifier verifier = new SigV4Verifier(new InMemoryKeys(
                new AccessKey(S3Wire.KEY_ID, S3Wire.SECRET, Instant.EPOCH)), Clock.systemUTC(), "us-east-1");
        route = new HashingRoute(ROUTE_MAX, file);
        server = new HttpApiServer("127.0.0.1", 0, new ApiDispatcher(new Router(MODELS), new HandlerRegistry(MODELS),
                verifier, JSON), Optional.empty(), Optional.empty(), limits, StreamingRoutes.of(verifier, route));
        server.start();
    }

    private void start() throws Exception {
        start(LIMITS, dir.resolve("none"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] bytes(int length) {
        return new S3Wire.Bytes(length).next(length);
    }

    private static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-256").digest(data));
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Nested
    class EveryPayloadForm {
        @Test
        void a_body_declaring_its_sha256_is_stored_once_it_matched() throws Exception {
            start();
            byte[] body = bytes(300_000);
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send(new S3Wire().put("/bucket/key", sha256(body), body.length))
                        .send(body).reply();

                assertThat(reply.status()).isEqualTo(200);
                HashingRoute.Stored stored = route.stored.poll(10, TimeUnit.SECONDS);
                assertThat(stored.sha256()).isEqualTo(sha256(body));
                assertThat(reply.headers().get("etag")).isEqualTo("\"" + stored.md5() + "\"");
                assertThat(stored.caller().accessKeyId()).contains(S3Wire.KEY_ID);
            }
        }

        @Test
        void an_unsigned_payload_is_stored_as_sent() throws Exception {
            start();
            byte[] body = bytes(5000);
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send(new S3Wire().put("/bucket/key", "UNSIGNED-PAYLOAD", body.length))
                        .send(body).reply();

                assertThat(reply.status()).isEqualTo(200);
                assertThat(route.stored.poll(10, TimeUnit.SECONDS).sha256()).isEqualTo(sha256(body));
            }
        }

        @Test
        void signed_chunks_are_decoded_into_the_plain_body() throws Exception {
            start();
            byte[] body = bytes(200_000);
            S3Wire wire = new S3Wire();
            String head = wire.head("PUT", "/bucket/key", SIGNED_CHUNKS, Map.of("content-encoding", "aws-chunked",
                    "x-amz-decoded-content-length", "200000"), Map.of("Transfer-Encoding", "chunked"));
            try (RawHttp client = new RawHttp(server.port())) {
                client.send(head);
                try (OutputStream out = new S3Wire.HttpChunked(client.output())) {
                    wire.signedChunks(out).chunk(body, 0, 131072).chunk(body, 131072, 68928).finish(Map.of(), false);
                }

                assertThat(client.reply().status()).isEqualTo(200);
                assertThat(route.stored.poll(10, TimeUnit.SECONDS).sha256()).isEqualTo(sha256(body));
            }
        }

        @Test
        void signed_chunks_with_a_signed_trailer_hand_its_checksum_to_the_route() throws Exception {
            start();
            byte[] body = bytes(100_000);
            S3Wire wire = new S3Wire();
            String head = wire.head("PUT", "/bucket/key", SIGNED_TRAILER, Map.of("content-encoding", "aws-chunked",
                    "x-amz-decoded-content-length", "100000", "x-amz-trailer", "x-amz-checksum-crc32"), Map.of());
            byte[] chunked = wire.chunked(true, w -> w.chunk(body, 0, 65536).chunk(body, 65536, 34464)
                    .finish(Map.of("x-amz-checksum-crc32", S3Wire.crc32(body)), true));
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send(head.replace("\r\n\r\n", "\r\nContent-Length: " + chunked.length
                        + "\r\n\r\n")).send(chunked).reply();

                assertThat(reply.status()).isEqualTo(200);
                HashingRoute.Stored stored = route.stored.poll(10, TimeUnit.SECONDS);
                assertThat(stored.sha256()).isEqualTo(sha256(body));
                assertThat(stored.trailers()).containsExactly(Map.entry("x-amz-checksum-crc32", S3Wire.crc32(body)));
            }
        }

        @Test
        void unsigned_chunks_sent_http_chunked_with_a_trailer_are_stored_as_the_cli_v1_sends_them() throws Exception {
            start();
            byte[] body = bytes(70_000);
            S3Wire wire = new S3Wire();
            String head = wire.head("PUT", "/bucket/key", UNSIGNED_TRAILER, Map.of("content-encoding", "aws-chunked",
                    "x-amz-decoded-content-length", "70000", "x-amz-trailer", "x-amz-checksum-crc32"),
                    Map.of("Transfer-Encoding", "chunked"));
            try (RawHttp client = new RawHttp(server.port())) {
                client.send(head);
                try (OutputStream out = new S3Wire.HttpChunked(client.output())) {
                    wire.unsignedChunks(out).chunk(body, 0, 70_000)
                            .finish(Map.of("x-amz-checksum-crc32", S3Wire.crc32(body)), false);
                }

                assertThat(client.reply().status()).isEqualTo(200);
                assertThat(route.stored.poll(10, TimeUnit.SECONDS).trailers()).containsKey("x-amz-checksum-crc32");
            }
        }
    }

    @Nested
    class Refused {
        private void assertS3Error(RawHttp.Reply reply, int status, String code) {
            assertThat(reply.status()).isEqualTo(status);
            assertThat(reply.headers().get("content-type")).isEqualTo("application/xml");
            assertThat(reply.body()).contains("<Code>" + code + "</Code>");
            assertThat(reply.errorType()).isNull();
        }

        @Test
        void a_wrong_signature_is_s3s_signature_does_not_match_answered_before_the_body() throws Exception {
            start();
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send(new S3Wire("not-the-secret").put("/bucket/key",
                        "UNSIGNED-PAYLOAD", 64L * MiB)).reply();

                assertS3Error(reply, 403, "SignatureDoesNotMatch");
                assertThat(client.closedByServer()).isTrue();
            }
            assertThat(route.served).hasValue(0);
        }

        @Test
        void an_unknown_key_is_s3s_invalid_access_key_id() throws Exception {
            start();
            String head = new S3Wire().put("/bucket/key", "UNSIGNED-PAYLOAD", 10).replace("Credential=AKIDEXAMPLE/",
                    "Credential=AKIDUNKNOWN/");
            try (RawHttp client = new RawHttp(server.port())) {
                assertS3Error(client.send(head).reply(), 403, "InvalidAccessKeyId");
            }
        }

        @Test
        void a_body_not_matching_its_declared_sha256_is_refused_and_what_was_read_discarded() throws Exception {
            start();
            byte[] body = bytes(200_000);
            try (RawHttp client = new RawHttp(server.port())) {
                client.send(new S3Wire().put("/bucket/key", sha256(body), body.length));
                body[150_000] ^= 1;

                assertS3Error(client.send(body).reply(), 400, "XAmzContentSHA256Mismatch");
            }
            assertThat(route.discarded).hasValue(1);
            assertThat(route.stored).isEmpty();
        }

        @Test
        void a_chunk_with_a_wrong_signature_is_refused_and_what_was_read_discarded() throws Exception {
            start();
            byte[] body = bytes(200_000);
            S3Wire wire = new S3Wire();
            String head = wire.head("PUT", "/bucket/key", SIGNED_CHUNKS, Map.of("content-encoding", "aws-chunked",
                    "x-amz-decoded-content-length", "200000"), Map.of());
            byte[] chunked = wire.chunked(true, w -> w.chunk(body, 0, 100_000).chunk(body, 100_000, 100_000)
                    .finish(Map.of(), false));
            chunked[150_000] ^= 1;  // inside the second chunk's data
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send(head.replace("\r\n\r\n", "\r\nContent-Length: " + chunked.length
                        + "\r\n\r\n")).send(chunked).reply();

                assertS3Error(reply, 403, "SignatureDoesNotMatch");
            }
            assertThat(route.discarded).hasValue(1);
            assertThat(route.stored).isEmpty();
        }

        @Test
        void a_trailing_checksum_that_is_not_the_bodys_is_bad_digest() throws Exception {
            start();
            byte[] body = bytes(10_000);
            S3Wire wire = new S3Wire();
            String head = wire.head("PUT", "/bucket/key", SIGNED_TRAILER, Map.of("content-encoding", "aws-chunked",
                    "x-amz-decoded-content-length", "10000", "x-amz-trailer", "x-amz-checksum-crc32"), Map.of());
            byte[] chunked = wire.chunked(true, w -> w.chunk(body, 0, 10_000)
                    .finish(Map.of("x-amz-checksum-crc32", S3Wire.crc32(bytes(9))), true));
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send(head.replace("\r\n\r\n", "\r\nContent-Length: " + chunked.length
                        + "\r\n\r\n")).send(chunked).reply();

                assertS3Error(reply, 400, "BadDigest");
            }
            assertThat(route.stored).isEmpty();
        }

        @Test
        void broken_framing_is_refused_as_an_invalid_request() throws Exception {
            start();
            S3Wire wire = new S3Wire();
            String head = wire.head("PUT", "/bucket/key", UNSIGNED_TRAILER, Map.of("content-encoding", "aws-chunked",
                    "x-amz-decoded-content-length", "10"), Map.of("Content-Length", "21"));
            try (RawHttp client = new RawHttp(server.port())) {
                assertS3Error(client.send(head).send("9\r\naaaaaaaaaa\r\n0\r\n\r\n").reply(), 400, "InvalidRequest");
            }
            assertThat(route.discarded).hasValue(1);
        }

        @Test
        void a_body_cut_short_is_incomplete_and_what_was_read_discarded() throws Exception {
            start();
            try (RawHttp client = new RawHttp(server.port())) {
                client.send(new S3Wire().put("/bucket/key", "UNSIGNED-PAYLOAD", 100_000)).send(bytes(60_000))
                        .endSending();

                assertS3Error(client.reply(), 400, "IncompleteBody");
            }
            assertThat(route.discarded).hasValue(1);
        }

        @Test
        void a_body_that_stalls_is_a_request_timeout_and_what_was_read_discarded() throws Exception {
            start();
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send(new S3Wire().put("/bucket/key", "UNSIGNED-PAYLOAD", 100_000))
                        .send(bytes(1000)).reply();

                assertS3Error(reply, 400, "RequestTimeout");
            }
            assertThat(route.discarded).hasValue(1);
        }

        @Test
        void a_declared_length_past_the_routes_maximum_is_refused_before_the_body() throws Exception {
            start();
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send(new S3Wire().put("/bucket/key", "UNSIGNED-PAYLOAD", ROUTE_MAX + 1))
                        .reply();

                assertS3Error(reply, 400, "EntityTooLarge");
            }
            assertThat(route.served).hasValue(0);
        }

        @Test
        void requests_signed_for_another_service_still_reach_the_dispatcher() throws Exception {
            start();
            String head = new S3Wire().put("/things/t1", "UNSIGNED-PAYLOAD", 0).replace("/s3/aws4_request",
                    "/iot/aws4_request").replace("PUT /things/t1", "GET /things/t1");
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = client.send(head).reply();

                assertThat(reply.status()).isEqualTo(403);
                assertThat(reply.errorType()).isEqualTo("InvalidSignatureException");
            }
            assertThat(route.served).hasValue(0);
        }
    }

    @Nested
    class LargeBodies {
        /** 30 s for a body to stall: the test pauses its sending while it looks at the heap. */
        private static final HttpLimits PATIENT = LIMITS.withBodyTimeout(Duration.ofSeconds(30));
        private static final int SIZE = 64 * MiB;
        private static final int CHUNK = 64 * 1024;

        @Test
        void a_64_mib_upload_streams_through_a_1_mib_budget_without_gathering_on_the_heap() throws Exception {
            start(PATIENT, dir.resolve("none"));
            long before = heapAfterGc();
            CountDownLatch halfRead = route.whenRead(SIZE / 2);
            S3Wire wire = new S3Wire();
            String head = wire.head("PUT", "/bucket/large", SIGNED_TRAILER, Map.of("content-encoding", "aws-chunked",
                    "x-amz-decoded-content-length", Integer.toString(SIZE), "x-amz-trailer", "x-amz-checksum-crc32"),
                    Map.of("Transfer-Encoding", "chunked"));
            S3Wire.Bytes content = new S3Wire.Bytes(42);
            MessageDigest sent = digest("SHA-256");
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            long during;
            try (RawHttp client = new RawHttp(server.port())) {
                client.send(head);
                OutputStream out = new BufferedOutputStream(new S3Wire.HttpChunked(client.output()), 256 * 1024);
                ReferenceS3Signer.ChunkWriter chunks = wire.signedChunks(out);
                for (int at = 0; at < SIZE; at += CHUNK) {
                    if (at == SIZE / 2 + CHUNK) {
                        out.flush();
                        assertThat(halfRead.await(30, TimeUnit.SECONDS)).isTrue();
                        during = heapAfterGc();
                        assertThat(during - before).as("heap held while half of 64 MiB was streamed")
                                .isLessThan(16L * MiB);
                        assertThat(server.bodyBudgetLeft()).isEqualTo(LIMITS.bodyBudgetBytes());
                    }
                    byte[] block = content.next(CHUNK);
                    sent.update(block);
                    crc.update(block);
                    chunks.chunk(block, 0, CHUNK);
                }
                long value = crc.getValue();
                chunks.finish(Map.of("x-amz-checksum-crc32", java.util.Base64.getEncoder().encodeToString(
                        ByteBuffer.allocate(4).putInt((int) value).array())), true);
                out.close();

                assertThat(client.reply().status()).isEqualTo(200);
            }
            HashingRoute.Stored stored = route.stored.poll(10, TimeUnit.SECONDS);
            assertThat(stored.length()).isEqualTo(SIZE);
            assertThat(stored.sha256()).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        }

        @Test
        void a_64_mib_download_streams_from_the_file_without_gathering_on_the_heap() throws Exception {
            Path file = dir.resolve("image.bin");
            MessageDigest written = digest("SHA-256");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                S3Wire.Bytes content = new S3Wire.Bytes(7);
                for (int at = 0; at < SIZE; at += MiB) {
                    byte[] block = content.next(MiB);
                    written.update(block);
                    channel.write(ByteBuffer.wrap(block));
                }
            }
            start(PATIENT, file);
            long before = heapAfterGc();
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply head = client.send(new S3Wire().head("GET", "/bucket/image.bin", "UNSIGNED-PAYLOAD",
                        Map.of(), Map.of())).replyHead();
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.headers().get("content-length")).isEqualTo(Integer.toString(SIZE));
                InputStream in = client.input();
                MessageDigest received = digest("SHA-256");
                received.update(in.readNBytes(SIZE / 2));

                assertThat(heapAfterGc() - before).as("heap held while half of 64 MiB was served")
                        .isLessThan(48L * MiB);  // the test's own 32 MiB read is on the heap too
                long total = SIZE / 2;
                while (total < SIZE) {
                    byte[] block = in.readNBytes((int) Math.min(MiB, SIZE - total));
                    assertThat(block).isNotEmpty();
                    received.update(block);
                    total += block.length;
                }
                assertThat(received.digest()).isEqualTo(written.digest());
            }
        }
    }

    @Nested
    class Ranges {
        private Path file;
        private final byte[] content = bytes(100_000);

        private RawHttp.Reply get(RawHttp client, String method, Map<String, String> headers) {
            return client.send(new S3Wire().head(method, "/bucket/file", "UNSIGNED-PAYLOAD", headers, Map.of()))
                    .reply();
        }

        private void startWithFile() throws Exception {
            file = dir.resolve("file.bin");
            java.nio.file.Files.write(file, content);
            start(LIMITS, file);
        }

        @Test
        void a_range_is_served_as_exactly_its_slice_with_206() throws Exception {
            startWithFile();
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = get(client, "GET", Map.of("range", "bytes=1000-2999"));

                assertThat(reply.status()).isEqualTo(206);
                assertThat(reply.headers().get("content-range")).isEqualTo("bytes 1000-2999/100000");
                assertThat(reply.headers().get("content-length")).isEqualTo("2000");
            }
        }

        @Test
        void the_bytes_of_a_range_are_the_files() throws Exception {
            startWithFile();
            try (RawHttp client = new RawHttp(server.port())) {
                client.send(new S3Wire().head("GET", "/bucket/file", "UNSIGNED-PAYLOAD",
                        Map.of("range", "bytes=-5000"), Map.of()));
                RawHttp.Reply head = client.replyHead();

                assertThat(head.status()).isEqualTo(206);
                assertThat(head.headers().get("content-range")).isEqualTo("bytes 95000-99999/100000");
                assertThat(client.input().readNBytes(5000)).isEqualTo(Arrays.copyOfRange(content, 95_000, 100_000));
            }
        }

        @Test
        void a_range_past_the_end_is_416_naming_the_size() throws Exception {
            startWithFile();
            try (RawHttp client = new RawHttp(server.port())) {
                RawHttp.Reply reply = get(client, "GET", Map.of("range", "bytes=100000-"));

                assertThat(reply.status()).isEqualTo(416);
                assertThat(reply.headers().get("content-range")).isEqualTo("bytes */100000");
                assertThat(reply.body()).contains("<Code>InvalidRange</Code>");
            }
        }

        @Test
        void head_answers_the_length_without_a_body() throws Exception {
            startWithFile();
            try (RawHttp client = new RawHttp(server.port())) {
                client.send(new S3Wire().head("HEAD", "/bucket/file", "UNSIGNED-PAYLOAD", Map.of(), Map.of()));
                RawHttp.Reply head = client.replyHead();

                assertThat(head.status()).isEqualTo(200);
                assertThat(head.headers().get("content-length")).isEqualTo("100000");
                // had a body followed, the next response's head would be read from it
                assertThat(get(client, "GET", Map.of("range", "bytes=0-9")).status()).isEqualTo(206);
            }
        }
    }
}
