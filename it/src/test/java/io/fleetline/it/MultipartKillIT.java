package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.testkit.ServerProcess;
import io.fleetline.testkit.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code kill -9} of a server process during a 200 MiB multipart upload, on each database: killed in the middle of a
 * part, the restarted server lists exactly the parts it acknowledged, shows no object, keeps no byte of the cut part,
 * and the upload goes on and completes; killed right after it acknowledged CompleteMultipartUpload, the restarted
 * server has the whole object, its SHA-256 the one uploaded, and only its bytes left in the content store.
 */
abstract class MultipartKillIT {
    private static final HexFormat HEX = HexFormat.of();
    private static final int MiB = 1024 * 1024;
    private static final int PART = 25 * MiB;
    private static final int PARTS = 8;
    private static final int ACKNOWLEDGED = 5;
    private static final String BUCKET = "crash-multipart";
    private static final String KEY = "images/gateway/rootfs-200mb.img";

    @TempDir
    Path dir;

    abstract Store store();

    /** Part {@code number}'s bytes, the same at every call. */
    private static byte[] part(int number) {
        return ObjectStoreFaultsIT.random(PART, 1_000 + number);
    }

    @Test
    void kill_9_mid_part_keeps_exactly_the_acknowledged_parts_and_a_completion_acknowledged_before_kill_9_is_whole()
            throws Exception {
        Path data = dir.resolve("data");
        String url = store().newUrl(dir);
        String[] flags = {"--data-dir", data.toString(), "--http-port", "0", "--mqtt-port", "-1", "--mqtt-ws-port",
                "-1", "--device-https-port", "-1", "--db-url", url};
        Path tmp = data.resolve("blobs/tmp");
        Path contents = data.resolve("blobs/sha256");
        MessageDigest whole = MessageDigest.getInstance("SHA-256");
        List<CompletedPart> acknowledged = new ArrayList<>();
        Set<String> partContents = new java.util.HashSet<>();
        String uploadId;
        try {
            try (ServerProcess server = ServerProcess.serve(flags); S3Client s3 = s3(data)) {
                s3.createBucket(r -> r.bucket(BUCKET));
                uploadId = s3.createMultipartUpload(r -> r.bucket(BUCKET).key(KEY)
                        .contentType("application/octet-stream").metadata(Map.of("build", "4711"))).uploadId();
                for (int number = 1; number <= ACKNOWLEDGED; number++) {
                    byte[] bytes = part(number);
                    acknowledged.add(upload(s3, uploadId, number, RequestBody.fromBytes(bytes)));
                    whole.update(bytes);
                    partContents.add(ObjectStoreFaultsIT.contentFile(ObjectStoreFaultsIT.sha256(bytes)));
                }

                // part 6 stops sending after 12 MiB; once the server has written part of it to disk, kill -9
                CountDownLatch killed = new CountDownLatch(1);
                byte[] cut = part(ACKNOWLEDGED + 1);
                CompletableFuture<CompletedPart> cutOff = new CompletableFuture<>();
                Thread.ofPlatform().name("part-6").start(() -> {
                    try {
                        cutOff.complete(upload(s3, uploadId, ACKNOWLEDGED + 1, RequestBody.fromContentProvider(
                                stalling(cut, 12 * MiB, killed), cut.length, "application/octet-stream")));
                    } catch (RuntimeException e) {
                        cutOff.completeExceptionally(e);
                    }
                });
                ObjectStoreFaultsIT.await("part 6 is being written to a temporary file", () ->
                        files(tmp).values().stream().anyMatch(size -> size >= 8 * MiB));
                server.kill();
                assertThat(server.waitForExit()).as("killed by SIGKILL").isEqualTo(137);
                killed.countDown();
                assertThatThrownBy(() -> cutOff.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            }

            CompletedPart[] all = new CompletedPart[PARTS];
            String etag;
            try (ServerProcess server = ServerProcess.serve(flags); S3Client s3 = s3(data)) {
                List<Part> listed = s3.listParts(r -> r.bucket(BUCKET).key(KEY).uploadId(uploadId)).parts();
                assertThat(listed).extracting(p -> p.partNumber() + ":" + p.size() + ":" + p.eTag())
                        .containsExactlyElementsOf(acknowledged.stream()
                                .map(p -> p.partNumber() + ":" + PART + ":" + p.eTag()).toList());
                assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads()).extracting(u -> u.uploadId())
                        .containsExactly(uploadId);
                assertThatThrownBy(() -> s3.headObject(r -> r.bucket(BUCKET).key(KEY)))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
                assertThat(files(tmp)).as("the cut part's temporary file was swept at start").isEmpty();
                assertThat(files(contents).keySet()).as("the acknowledged parts' bytes, nothing else")
                        .isEqualTo(partContents);

                acknowledged.toArray(all);
                for (int number = ACKNOWLEDGED + 1; number <= PARTS; number++) {
                    byte[] bytes = part(number);
                    all[number - 1] = upload(s3, uploadId, number, RequestBody.fromBytes(bytes));
                    whole.update(bytes);
                }
                etag = s3.completeMultipartUpload(r -> r.bucket(BUCKET).key(KEY).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(all))).eTag();
                server.kill();  // right after the acknowledgement: nothing else was asked
                assertThat(server.waitForExit()).isEqualTo(137);
            }
            assertThat(etag).endsWith("-" + PARTS + "\"");

            String expected = HEX.formatHex(whole.digest());
            try (ServerProcess server = ServerProcess.serve(flags); S3Client s3 = s3(data)) {
                HeadObjectResponse head = s3.headObject(r -> r.bucket(BUCKET).key(KEY));
                assertThat(head.contentLength()).isEqualTo((long) PART * PARTS);
                assertThat(head.eTag()).isEqualTo(etag);
                assertThat(head.metadata()).isEqualTo(Map.of("build", "4711"));
                MessageDigest read = MessageDigest.getInstance("SHA-256");
                try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(BUCKET).key(KEY))) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        read.update(buffer, 0, n);
                    }
                }
                assertThat(HEX.formatHex(read.digest())).as("the whole object, byte for byte").isEqualTo(expected);
                assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads()).isEmpty();
                assertThatThrownBy(() -> s3.listParts(r -> r.bucket(BUCKET).key(KEY).uploadId(uploadId)))
                        .isInstanceOf(NoSuchUploadException.class);
                assertThat(files(contents).keySet()).as("the parts' bytes were swept, the object's kept")
                        .containsExactly(ObjectStoreFaultsIT.contentFile(expected));
                assertThat(files(tmp)).isEmpty();
                server.terminate();
                assertThat(server.waitForExit()).isIn(0, 143);
            }
        } finally {
            store().drop(url);
        }
    }

    private static CompletedPart upload(S3Client s3, String uploadId, int number, RequestBody body) {
        String etag = s3.uploadPart(r -> r.bucket(BUCKET).key(KEY).uploadId(uploadId).partNumber(number), body)
                .eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    /** {@code bytes} as a stream that stops after {@code after} bytes until {@code released}. */
    private static ContentStreamProvider stalling(byte[] bytes, int after, CountDownLatch released) {
        return () -> new java.io.ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] into, int offset, int length) {
                if (pos < after) {
                    return super.read(into, offset, Math.min(length, after - pos));
                }
                try {
                    released.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.read(into, offset, length);
            }
        };
    }

    /** The regular files under {@code dir} with their sizes. */
    private static Map<String, Long> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Map.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).collect(Collectors.toMap(p -> dir.relativize(p).toString(),
                    p -> p.toFile().length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The S3 client for the server in {@code data}: its endpoint.json and credentials file, no retries. */
    private static S3Client s3(Path data) {
        JsonNode endpoint = ServerProcess.endpoint(data);
        ProfileFile credentials = ProfileFile.builder().content(data.resolve("credentials"))
                .type(ProfileFile.Type.CREDENTIALS).build();
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint.path("http").asText()))
                .region(Region.of(endpoint.path("region").asText()))
                .credentialsProvider(ProfileCredentialsProvider.builder().profileFile(credentials).build())
                .forcePathStyle(true)
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
