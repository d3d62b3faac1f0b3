package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The embedded object store under faults, through the real S3 API: uploads whose connection drops part-way, two
 * uploads of one key racing, a body whose {@code Content-MD5} does not match. Each leaves either a whole object or
 * nothing, and no temporary file behind in the data dir's {@code blobs/tmp}. One server for the class; the tests run
 * one after another, each in a bucket of its own, and compare the content files before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectStoreFaultsIT {
    private static final HexFormat HEX = HexFormat.of();
    private static final int MiB = 1024 * 1024;
    TestServer server;
    S3Client s3;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(Store.SQLITE, dir);
        s3 = Sdk.s3(server);
    }

    @AfterAll
    void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        return HEX.formatHex(digest("SHA-256", bytes));
    }

    static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path blobs() {
        return server.dataDir().resolve("blobs");
    }

    /** The names of the files in {@code dir} and below, as paths relative to it. */
    static Set<String> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the content store keeps the bytes whose SHA-256 is {@code sha256}. */
    static String contentFile(String sha256) {
        return sha256.substring(0, 2) + "/" + sha256;
    }

    /**
     * Waits up to ten seconds for {@code condition}, looking every few milliseconds: for what the server does after
     * a client went away, which no answer announces.
     */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static S3Exception s3Error(Runnable call) {
        try {
            call.run();
        } catch (S3Exception e) {
            return e;
        }
        throw new AssertionError("no S3 error");
    }

    /**
     * A presigned PUT sent by hand: the head declares {@code length} bytes, half of them follow, and once the server
     * is writing them to a temporary file the connection ends, by a reset or by the client closing its side.
     */
    private void putHalfAndDrop(URI url, byte[] body, boolean reset) throws IOException {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\n"
                    + "Host: " + url.getHost() + ":" + url.getPort() + "\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            Path tmp = server.dataDir().resolve("blobs/tmp");
            await("the server writes the upload to a temporary file", () -> {
                try (Stream<Path> temps = Files.list(tmp)) {
                    return temps.anyMatch(t -> t.toFile().length() >= MiB);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (reset) {
                socket.setSoLinger(true, 0);
            } else {
                socket.shutdownOutput();
            }
        }
    }

    @Test
    void a_put_whose_connection_drops_halfway_stores_nothing_and_leaves_no_temporary_file() throws Exception {
        s3.createBucket(r -> r.bucket("faults-dropped"));
        byte[] previous = random(2 * MiB, 1);
        s3.putObject(r -> r.bucket("faults-dropped").key("fw.bin"), RequestBody.fromBytes(previous));
        Set<String> contentsBefore = files(blobs().resolve("sha256"));
        byte[] next = random(8 * MiB, 2);

        try (S3Presigner presigner = Sdk.presigner(server)) {
            for (String key : List.of("fw.bin", "new.bin")) {
                URI url = presigner.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                        .putObjectRequest(p -> p.bucket("faults-dropped").key(key))).url().toURI();
                putHalfAndDrop(url, next, key.equals("fw.bin"));
            }
        }
        await("the server dropped the temporary files", () -> files(blobs().resolve("tmp")).isEmpty());

        assertThat(s3.getObjectAsBytes(r -> r.bucket("faults-dropped").key("fw.bin")).asByteArray())
                .as("the previous version is still current, whole").isEqualTo(previous);
        assertThat(s3.headObject(r -> r.bucket("faults-dropped").key("fw.bin")).contentLength())
                .isEqualTo(previous.length);
        S3Exception absent = s3Error(() -> s3.headObject(r -> r.bucket("faults-dropped").key("new.bin")));
        assertThat(absent.statusCode()).isEqualTo(404);
        assertThat(s3.listObjectsV2(r -> r.bucket("faults-dropped")).contents()).extracting(o -> o.key())
                .containsExactly("fw.bin");
        assertThat(files(blobs().resolve("sha256"))).as("no content was kept").isEqualTo(contentsBefore);
    }

    @Test
    void two_concurrent_puts_of_one_key_leave_exactly_one_body_whole_with_its_own_etag_and_metadata()
            throws Exception {
        s3.createBucket(r -> r.bucket("faults-racing"));
        int size = 20 * MiB;
        byte[] first = random(size, 3);
        byte[] second = random(size, 4);
        Set<String> contentsBefore = files(blobs().resolve("sha256"));
        // both bodies are half sent before either goes on: the two uploads are in the server together
        CyclicBarrier halfway = new CyclicBarrier(2);
        java.util.concurrent.ExecutorService writers = Executors.newFixedThreadPool(2);
        try (S3Client other = Sdk.s3(server)) {
            CompletableFuture<String> one = CompletableFuture.supplyAsync(() -> put(s3, first, "one", halfway), writers);
            CompletableFuture<String> two = CompletableFuture.supplyAsync(() -> put(other, second, "two", halfway),
                    writers);
            CompletableFuture.allOf(one, two).get(120, TimeUnit.SECONDS);
            assertThat(one.get()).isEqualTo("\"" + HEX.formatHex(digest("MD5", first)) + "\"");
            assertThat(two.get()).isEqualTo("\"" + HEX.formatHex(digest("MD5", second)) + "\"");
        } finally {
            writers.shutdownNow();
        }

        byte[] got = s3.getObjectAsBytes(r -> r.bucket("faults-racing").key("image.bin")).asByteArray();
        String winner = sha256(got).equals(sha256(first)) ? "one" : "two";
        byte[] body = winner.equals("one") ? first : second;
        assertThat(got).as("one of the two bodies, whole").isEqualTo(body);
        HeadObjectResponse head = s3.headObject(r -> r.bucket("faults-racing").key("image.bin"));
        assertThat(head.contentLength()).isEqualTo(size);
        assertThat(head.eTag()).isEqualTo("\"" + HEX.formatHex(digest("MD5", body)) + "\"");
        assertThat(head.metadata()).isEqualTo(Map.of("writer", winner, "sha256", sha256(body)));
        byte[] loser = winner.equals("one") ? second : first;
        assertThat(files(blobs().resolve("sha256"))).as("the other body was swept")
                .containsAll(contentsBefore).contains(contentFile(sha256(body)))
                .doesNotContain(contentFile(sha256(loser))).hasSize(contentsBefore.size() + 1);
        assertThat(files(blobs().resolve("tmp"))).isEmpty();
    }

    /** PutObject of {@code body} as image.bin, its stream waiting at {@code halfway} once half of it was read. */
    private static String put(S3Client client, byte[] body, String writer, CyclicBarrier halfway) {
        ContentStreamProvider halting = new ContentStreamProvider() {
            private volatile boolean met;

            @Override
            public java.io.InputStream newStream() {
                return new java.io.ByteArrayInputStream(body) {
                    @Override
                    public synchronized int read(byte[] into, int offset, int length) {
                        int half = body.length / 2;
                        if (pos < half) {
                            return super.read(into, offset, Math.min(length, half - pos));
                        }
                        if (!met) {
                            met = true;
                            try {
                                halfway.await(60, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                throw new IllegalStateException("the other upload never got halfway", e);
                            }
                        }
                        return super.read(into, offset, length);
                    }
                };
            }
        };
        return client.putObject(r -> r.bucket("faults-racing").key("image.bin")
                        .metadata(Map.of("writer", writer, "sha256", sha256(body))),
                RequestBody.fromContentProvider(halting, body.length, "application/octet-stream")).eTag();
    }

    @Test
    void a_put_with_a_wrong_content_md5_is_bad_digest_and_stores_nothing() {
        s3.createBucket(r -> r.bucket("faults-digest"));
        byte[] previous = random(MiB, 5);
        s3.putObject(r -> r.bucket("faults-digest").key("fw.bin"), RequestBody.fromBytes(previous));
        Set<String> contentsBefore = files(blobs().resolve("sha256"));
        byte[] body = random(3 * MiB, 6);
        String otherMd5 = Base64.getEncoder().encodeToString(digest("MD5", random(3 * MiB, 7)));

        for (String key : List.of("fw.bin", "new.bin")) {
            S3Exception refused = s3Error(() -> s3.putObject(r -> r.bucket("faults-digest").key(key)
                    .contentMD5(otherMd5), RequestBody.fromBytes(body)));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
        }

        assertThat(s3.getObjectAsBytes(r -> r.bucket("faults-digest").key("fw.bin")).asByteArray())
                .isEqualTo(previous);
        assertThat(s3Error(() -> s3.headObject(r -> r.bucket("faults-digest").key("new.bin"))).statusCode())
                .isEqualTo(404);
        assertThat(files(blobs().resolve("sha256"))).as("no content was kept").isEqualTo(contentsBefore);
        assertThat(files(blobs().resolve("tmp"))).isEmpty();
        String rightMd5 = Base64.getEncoder().encodeToString(digest("MD5", body));
        s3.putObject(r -> r.bucket("faults-digest").key("new.bin").contentMD5(rightMd5), RequestBody.fromBytes(body));
        assertThat(s3.getObjectAsBytes(r -> r.bucket("faults-digest").key("new.bin")).asByteArray()).isEqualTo(body);
    }
}
