package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The object store on a disk that fills up: the data dir's {@code blobs/} is a small file system of its own (a 128 MiB
 * tmpfs, mounted by the test, so it needs root), the database beside it on the real disk. The content store keeps
 * 64 MiB of its disk free (its default reserve, {@code --blob-min-free-bytes}): once another file leaves less, an
 * upload is refused part-way with S3's {@code ServiceUnavailable} (503), nothing of it is kept, reads go on, and
 * uploads work again as soon as there is room.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectStoreDiskFullIT {
    private static final int MiB = 1024 * 1024;
    /** The reserve the server gives each account's content store, {@code FileContentStore.DEFAULT_MIN_FREE_BYTES}. */
    private static final long RESERVE = 64L * MiB;
    Path blobs;
    boolean mounted;
    TestServer server;
    S3Client s3;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        blobs = Files.createDirectories(dir.resolve("data").resolve("blobs"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=128m,mode=0700", "fleetline-disk-full", blobs.toString());
        Assumptions.assumeTrue(mounted, "mounting a 128 MiB tmpfs needs root (and a container allowed to mount)");
        server = TestServer.start(Store.SQLITE, dir);
        s3 = Sdk.s3(server);
    }

    @AfterAll
    void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
        // a download's memory mappings of content files outlive the server until a GC (see the disabled test below):
        // then the file system is detached at once and goes when they do
        if (mounted && !run("umount", blobs.toString()) && !run("umount", "-l", blobs.toString())) {
            throw new IllegalStateException("cannot unmount " + blobs);
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    /** Fills the file system with a file of its own until {@code left} bytes are usable. */
    private Path fillUntil(long left) throws IOException {
        Path filler = blobs.resolve("another-program's-file");
        long size = Files.getFileStore(blobs).getUsableSpace() - left;
        ByteBuffer chunk = ByteBuffer.allocate(MiB);
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (long written = 0; written < size; ) {
                chunk.clear().limit((int) Math.min(MiB, size - written));
                written += out.write(chunk);
            }
        }
        return filler;
    }

    private static SdkException refused(Runnable call) {
        try {
            call.run();
        } catch (SdkException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void uploads_that_would_eat_the_reserve_are_refused_503_service_unavailable_keep_nothing_and_reads_go_on()
            throws Exception {
        s3.createBucket(r -> r.bucket("disk-full"));
        byte[] current = ObjectStoreFaultsIT.random(MiB, 11);
        s3.putObject(r -> r.bucket("disk-full").key("firmware/current.bin"), RequestBody.fromBytes(current));
        Set<String> contentsBefore = ObjectStoreFaultsIT.files(blobs.resolve("sha256"));
        byte[] image = ObjectStoreFaultsIT.random(20 * MiB, 12);

        // 8 MiB above the reserve: the 20 MiB upload starts, and is refused once it would eat into the reserve; the
        // SDK may learn it as the 503 or, still sending, as the connection the server closed after answering
        Path filler = fillUntil(RESERVE + 8 * MiB);
        SdkException partWay = refused(() -> s3.putObject(r -> r.bucket("disk-full").key("firmware/next.bin"),
                RequestBody.fromBytes(image)));
        if (partWay instanceof S3Exception answered) {
            assertThat(answered.statusCode()).isEqualTo(503);
            assertThat(answered.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
        } else {
            assertThat(partWay).isInstanceOf(SdkClientException.class).hasRootCauseInstanceOf(IOException.class);
        }
        assertThat(ObjectStoreFaultsIT.files(blobs.resolve("tmp"))).as("no temporary file left").isEmpty();
        assertThat(ObjectStoreFaultsIT.files(blobs.resolve("sha256"))).as("no content kept").isEqualTo(contentsBefore);

        // less than the reserve left: an upload is refused before its body is asked for (Expect: 100-continue) with
        // S3's 503 in XML
        fillUntil(RESERVE + MiB / 2);
        SdkException full = refused(() -> s3.putObject(r -> r.bucket("disk-full").key("firmware/notes.txt"),
                RequestBody.fromBytes(ObjectStoreFaultsIT.random(100 * 1024, 13))));
        assertThat(full).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
            assertThat(e.awsErrorDetails().errorMessage()).doesNotContain(blobs.toString());
        });
        assertThat(ObjectStoreFaultsIT.files(blobs.resolve("tmp"))).as("no temporary file left").isEmpty();
        assertThat(ObjectStoreFaultsIT.files(blobs.resolve("sha256"))).as("no content kept").isEqualTo(contentsBefore);

        for (String key : java.util.List.of("firmware/next.bin", "firmware/notes.txt")) {
            assertThat(refused(() -> s3.headObject(r -> r.bucket("disk-full").key(key))))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        }
        assertThat(s3.getObjectAsBytes(r -> r.bucket("disk-full").key("firmware/current.bin")).asByteArray())
                .as("reads are served on a full disk").isEqualTo(current);
        assertThat(s3.listObjectsV2(r -> r.bucket("disk-full")).contents()).extracting(o -> o.key())
                .containsExactly("firmware/current.bin");

        Files.delete(filler);
        s3.putObject(r -> r.bucket("disk-full").key("firmware/next.bin"), RequestBody.fromBytes(image));
        assertThat(s3.getObjectAsBytes(r -> r.bucket("disk-full").key("firmware/next.bin")).asByteArray())
                .as("with room again, the same upload is stored").isEqualTo(image);
    }

    @Test
    void the_space_of_an_object_deleted_right_after_it_was_downloaded_is_free_at_once() throws Exception {
        s3.createBucket(r -> r.bucket("disk-space"));
        // no large arrays in this JVM, which holds the server too: they would set off the collection that hides it
        Path upload = Files.createTempFile("image", ".bin");
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        try (java.io.OutputStream out = Files.newOutputStream(upload)) {
            for (int i = 0; i < 20; i++) {
                byte[] bytes = ObjectStoreFaultsIT.random(MiB, 30 + i);
                out.write(bytes);
                sha256.update(bytes);
            }
        }
        String content = ObjectStoreFaultsIT.contentFile(java.util.HexFormat.of().formatHex(sha256.digest()));
        long before = Files.getFileStore(blobs).getUsableSpace();
        s3.putObject(r -> r.bucket("disk-space").key("old.bin"), RequestBody.fromFile(upload));
        Files.delete(upload);
        assertThat(Files.getFileStore(blobs).getUsableSpace()).isLessThan(before - 19 * MiB);
        assertThat(ObjectStoreFaultsIT.files(blobs.resolve("sha256"))).contains(content);
        try (software.amazon.awssdk.services.s3.presigner.S3Presigner presigner = Sdk.presigner(server);
             java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.URI url = presigner.presignGetObject(r -> r.signatureDuration(java.time.Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("disk-space").key("old.bin"))).url().toURI();
            var got = http.send(java.net.http.HttpRequest.newBuilder(url).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(got.statusCode()).isEqualTo(200);
        }

        s3.deleteObject(r -> r.bucket("disk-space").key("old.bin"));
        assertThat(ObjectStoreFaultsIT.files(blobs.resolve("sha256"))).as("the content file is deleted")
                .doesNotContain(content);
        List<String> mapped;
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            mapped = maps.filter(line -> line.contains(blobs.toString())).toList();
        }
        assertThat(mapped).as("nothing of the store is still mapped").isEmpty();
        assertThat(Files.getFileStore(blobs).getUsableSpace()).as("the space is back")
                .isGreaterThan(before - MiB);
    }
}
