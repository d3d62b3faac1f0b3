package io.fleetline.blobs.content;

import static io.fleetline.blobs.Failures.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileContentStoreTest {
    @TempDir
    Path root;

    static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    /** A body whose connection drops after {@code size} bytes. */
    static InputStream brokenOffAfter(int size) {
        return new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (sent >= size) {
                    throw new IOException("connection reset");
                }
                int n = Math.min(length, size - sent);
                Arrays.fill(buffer, offset, offset + n, (byte) 42);
                sent += n;
                return n;
            }
        };
    }

    private long filesUnder(String dir) throws IOException {
        try (var files = Files.walk(root.resolve(dir))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void writes_bytes_in_a_place_named_by_their_sha256_and_reads_any_range_back() throws Exception {
        FileContentStore store = FileContentStore.open(root);
        byte[] bytes = bytes(200_000, 7);

        Content content;
        try (StoredContent stored = store.write(new ByteArrayInputStream(bytes), ContentCheck.NONE)) {
            content = stored.content();
        }

        assertThat(content.id().value()).isEqualTo(hex("SHA-256", bytes));
        assertThat(content.md5Hex()).isEqualTo(hex("MD5", bytes));
        assertThat(content.size()).isEqualTo(bytes.length);
        assertThat(store.pathOf(content.id())).hasBinaryContent(bytes)
                .startsWith(root.resolve("sha256").resolve(content.id().value().substring(0, 2)));
        try (ContentReader reader = store.open(content.id()).orElseThrow()) {
            assertThat(reader.size()).isEqualTo(bytes.length);
            assertThat(reader.stream(1000, 5).readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 1005));
        }
        assertThat(filesUnder("tmp")).isZero();
        assertThat(store.contents()).containsExactly(content.id());
    }

    @Test
    void the_same_bytes_written_twice_are_stored_once() {
        FileContentStore store = FileContentStore.open(root);
        try (StoredContent first = store.write(new ByteArrayInputStream(bytes(1000, 1)), ContentCheck.NONE);
             StoredContent second = store.write(new ByteArrayInputStream(bytes(1000, 1)), ContentCheck.NONE)) {
            assertThat(second.content()).isEqualTo(first.content());
        }
        assertThat(store.contents()).hasSize(1);
    }

    @Test
    void a_body_that_breaks_off_is_incomplete_and_leaves_no_file() throws Exception {
        FileContentStore store = FileContentStore.open(root);
        InputStream breaksOff = brokenOffAfter(100_000);

        assertFails(() -> store.write(breaksOff, ContentCheck.NONE), ErrorCode.INCOMPLETE_BODY)
                .hasMessageContaining("broke off");
        assertThat(filesUnder("tmp")).isZero();
        assertThat(store.contents()).isEmpty();
    }

    @Test
    void bytes_the_check_refuses_never_take_their_place() throws Exception {
        FileContentStore store = FileContentStore.open(root);
        assertFails(() -> store.write(new ByteArrayInputStream(bytes(5000, 3)), (size, md5, sha256) -> {
            throw new FleetlineException(ErrorCode.BAD_DIGEST, "refused");
        }), ErrorCode.BAD_DIGEST);
        assertThat(filesUnder("tmp")).isZero();
        assertThat(store.contents()).isEmpty();
    }

    @Test
    void a_store_past_its_free_space_reserve_refuses_writes_and_still_serves_reads() throws Exception {
        Content kept;
        try (StoredContent stored = FileContentStore.open(root).write(new ByteArrayInputStream(bytes(100, 1)),
                ContentCheck.NONE)) {
            kept = stored.content();
        }
        // the same directory, with a reserve no disk can keep: the "disk" is full
        FileContentStore full = FileContentStore.open(root, Long.MAX_VALUE / 2);

        assertFails(() -> full.write(new ByteArrayInputStream(bytes(100, 2)), ContentCheck.NONE),
                ErrorCode.S3_SERVICE_UNAVAILABLE).hasMessageContaining("out of space")
                .hasMessageContaining("nothing was stored");
        assertThat(filesUnder("tmp")).isZero();
        assertThat(full.contents()).containsExactly(kept.id());
        try (ContentReader reader = full.open(kept.id()).orElseThrow()) {
            assertThat(reader.stream(0, 100).readAllBytes()).isEqualTo(bytes(100, 1));
        }
    }

    @Test
    void a_disk_that_fails_under_a_write_gives_service_unavailable_and_leaves_no_file() throws Exception {
        FileContentStore store = FileContentStore.open(root);
        byte[] bytes = bytes(3000, 9);
        // where the content would go is taken by a file: the move into place fails as a failing disk would
        Files.writeString(root.resolve("sha256").resolve(hex("SHA-256", bytes).substring(0, 2)), "in the way");

        assertFails(() -> store.write(new ByteArrayInputStream(bytes), ContentCheck.NONE),
                ErrorCode.S3_SERVICE_UNAVAILABLE).hasMessage("The object store could not write the bytes; nothing was "
                        + "stored. Retry later.");
        assertThat(filesUnder("tmp")).isZero();
        assertThat(store.contents()).isEmpty();
    }

    @Test
    void abandoned_temporary_files_are_removed_but_not_one_being_written() throws Exception {
        FileContentStore store = FileContentStore.open(root);
        Files.write(root.resolve("tmp").resolve("left-by-a-crash.tmp"), bytes(10, 1));
        AtomicInteger removedMidWrite = new AtomicInteger(-1);
        InputStream body = new InputStream() {
            private int sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException("read in blocks");
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (sent == 50_000) {
                    removedMidWrite.set(store.removeAbandonedTemporaries());
                }
                int n = Math.min(Math.min(length, 10_000), 100_000 - sent);
                sent += n;
                return n == 0 ? -1 : n;
            }
        };

        try (StoredContent stored = store.write(body, ContentCheck.NONE)) {
            assertThat(stored.content().size()).isEqualTo(100_000);
        }
        assertThat(removedMidWrite.get()).as("the crash's file only").isEqualTo(1);
        assertThat(filesUnder("tmp")).isZero();
    }

    @Test
    void a_pinned_or_referenced_content_is_not_deleted() {
        FileContentStore store = FileContentStore.open(root);
        StoredContent stored = store.write(new ByteArrayInputStream(bytes(10, 1)), ContentCheck.NONE);
        ContentId id = stored.content().id();
        ContentPin copy = store.pin(id);

        assertThat(store.deleteUnlessUsed(id, referenced -> true)).as("pinned by its write").isFalse();
        stored.close();
        assertThat(store.deleteUnlessUsed(id, referenced -> true)).as("pinned by a copy").isFalse();
        copy.close();
        assertThat(store.pathOf(id)).as("referenced when the last pin went").exists();
        assertThat(store.deleteUnlessUsed(id, referenced -> true)).as("referenced").isFalse();
        assertThat(store.pathOf(id)).exists();

        assertThat(store.deleteUnlessUsed(id, referenced -> false)).isTrue();
        assertThat(store.pathOf(id)).doesNotExist();
        assertThat(store.open(id)).isEmpty();
    }

    @Test
    void a_write_that_needs_no_md5_stores_the_same_bytes_under_the_same_id_without_one() {
        FileContentStore store = FileContentStore.open(root);
        byte[] bytes = bytes(100_000, 3);
        StoredContent with = store.write(new ByteArrayInputStream(bytes), ContentCheck.NONE);
        with.close();

        StoredContent without = store.write(new ByteArrayInputStream(bytes),
                ContentCheck.withoutMd5((size, md5, sha256) -> assertThat(md5).isNull()));
        without.close();

        assertThat(without.content().id()).isEqualTo(with.content().id());
        assertThat(without.content().size()).isEqualTo(100_000);
        assertThat(with.content().md5Hex()).hasSize(32);
        assertThat(without.content().md5Hex()).isNull();
    }

    @Test
    void a_content_released_while_its_write_pins_it_is_deleted_when_the_write_lets_go() {
        FileContentStore store = FileContentStore.open(root);
        StoredContent stored = store.write(new ByteArrayInputStream(bytes(10, 2)), ContentCheck.NONE);
        ContentId id = stored.content().id();

        assertThat(store.deleteUnlessUsed(id, referenced -> false)).isFalse();
        assertThat(store.pathOf(id)).exists();
        stored.close();

        assertThat(store.pathOf(id)).doesNotExist();
    }
}
