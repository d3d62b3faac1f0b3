package io.fleetline.storage.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.blobs.object.ObjectRead;
import io.fleetline.blobs.object.ObjectUpload;
import io.fleetline.blobs.object.ObjectWrite;
import io.fleetline.blobs.object.ReadOptions;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.time.ManualClock;
import io.fleetline.storage.Database;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh database and a real content store in a temporary directory, with the object store's services on them and
 * a manual clock. Each concrete suite names the database; {@link #restart()} is what a server restart keeps.
 */
abstract class BlobsFixture {
    static final AccountScope SCOPE = new AccountScope("eu-west-1", "123456789012");
    static final String BUCKET = "my-iot-firmware";

    final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T12:00:00Z"));
    @TempDir
    Path dir;
    String url;
    Database database;
    Path blobDir;
    FileContentStore contents;
    Blobs blobs;

    /** A JDBC URL of a database no other test uses (SQLite files go in {@code dir}). */
    abstract String newDatabaseUrl(Path dir);

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        url = newDatabaseUrl(dir);
        blobDir = dir.resolve("blobs");
        database = Database.open(url);
        openBlobs(FileContentStore.DEFAULT_MIN_FREE_BYTES);
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase(url);
    }

    void openBlobs(long minFreeBytes) {
        contents = FileContentStore.open(blobDir, minFreeBytes);
        blobs = Blobs.open(new JdbcBlobMetadataStore(database), contents, SCOPE, clock);
    }

    /** What a server restart keeps: the database and the content directory; opening sweeps what is left over. */
    void restart() {
        database.close();
        database = Database.open(url);
        openBlobs(FileContentStore.DEFAULT_MIN_FREE_BYTES);
    }

    void createBucket(String name) {
        blobs.buckets().create(name, Optional.empty());
    }

    void enableVersioning(String name) {
        blobs.buckets().putVersioning(name, VersioningStatus.ENABLED);
    }

    ObjectWrite put(String bucket, String key, byte[] bytes) {
        return blobs.objects().put(bucket, key, ObjectUpload.of(new ByteArrayInputStream(bytes), bytes.length));
    }

    ObjectWrite put(String bucket, String key, String text) {
        return put(bucket, key, text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] read(String bucket, String key, ReadOptions options) {
        try (ObjectRead read = blobs.objects().get(bucket, key, options)) {
            return read.stream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text(String bucket, String key) {
        return new String(read(bucket, key, ReadOptions.LATEST), StandardCharsets.UTF_8);
    }

    static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed * 7 + i / 251);
        }
        return bytes;
    }

    static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files of the content store: contents in place, and temporary files. */
    List<Path> files(String subdirectory) {
        try (var walk = Files.walk(blobDir.resolve(subdirectory))) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ThrowingCallable call, ErrorCode code) {
        return assertThatThrownBy(call).isInstanceOf(FleetlineException.class)
                .satisfies(e -> assertThat(((FleetlineException) e).code()).as(e.getMessage()).isEqualTo(code));
    }
}
