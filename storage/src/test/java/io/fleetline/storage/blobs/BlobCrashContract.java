package io.fleetline.storage.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.blobs.BlobMetadataStore;
import io.fleetline.blobs.BlobMetadataTx;
import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.content.ContentCheck;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.blobs.content.StoredContent;
import io.fleetline.blobs.listing.ListQuery;
import io.fleetline.blobs.multipart.CompletedPart;
import io.fleetline.blobs.multipart.MultipartUpload;
import io.fleetline.blobs.multipart.Part;
import io.fleetline.blobs.object.ExpectedDigests;
import io.fleetline.blobs.object.ObjectAttributes;
import io.fleetline.blobs.object.ObjectHead;
import io.fleetline.blobs.object.ObjectUpload;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.ReadOptions;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.storage.Database;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What crashes, broken connections, races and a full disk leave: never a partial object, never an orphan after a
 * restart. A crash is what it leaves on disk: bytes in place or half-written whose metadata never committed.
 */
abstract class BlobCrashContract extends BlobsFixture {
    static final int MIB = 1024 * 1024;

    @BeforeEach
    void bucket() {
        createBucket(BUCKET);
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
                    throw new IOException("connection reset by peer");
                }
                int n = Math.min(length, size - sent);
                sent += n;
                return n;
            }
        };
    }

    @Test
    void bytes_written_whose_metadata_never_committed_are_swept_at_restart_and_never_visible() throws Exception {
        put(BUCKET, "kept.bin", "kept");
        // a kill -9 after the bytes were synced and renamed, before the commit; and one in the middle of a write
        StoredContent orphan = contents.write(new ByteArrayInputStream(bytes(4096, 5)), ContentCheck.NONE);
        assertThat(files("sha256")).hasSize(2);
        orphan.close();
        Files.write(blobDir.resolve("tmp").resolve("3f1c2a.tmp"), bytes(1000, 6));

        restart();

        assertThat(files("tmp")).isEmpty();
        assertThat(files("sha256")).hasSize(1);
        assertThat(text(BUCKET, "kept.bin")).isEqualTo("kept");
        assertThat(blobs.listings().listObjectsV2(BUCKET, ListQuery.all(), Optional.empty(), Optional.empty())
                .objects()).extracting(version -> version.key().value()).containsExactly("kept.bin");
    }

    @Test
    void a_put_whose_connection_drops_halfway_leaves_nothing_visible_and_no_file() {
        put(BUCKET, "fw.bin", "the old one");

        assertFails(() -> blobs.objects().put(BUCKET, "fw.bin", ObjectUpload.of(brokenOffAfter(3 * MIB), 8 * MIB)),
                ErrorCode.INCOMPLETE_BODY);

        assertThat(text(BUCKET, "fw.bin")).isEqualTo("the old one");
        assertThat(files("tmp")).isEmpty();
        assertThat(files("sha256")).hasSize(1);
    }

    @Test
    void of_two_concurrent_puts_of_one_key_one_wins_whole() throws Exception {
        byte[] left = bytes(2 * MIB, 1);
        byte[] right = bytes(2 * MIB, 2);

        racePuts("fw.bin", left, right);

        ObjectHead head = blobs.objects().head(BUCKET, "fw.bin", ReadOptions.LATEST);
        byte[] winner = read(BUCKET, "fw.bin", ReadOptions.LATEST);
        assertThat(winner).satisfiesAnyOf(bytes -> assertThat(bytes).isEqualTo(left),
                bytes -> assertThat(bytes).isEqualTo(right));
        assertThat(head.version().body().etag().value()).isEqualTo("\"" + hex("MD5", winner) + "\"");
        assertThat(head.version().body().sha256Hex()).isEqualTo(hex("SHA-256", winner));
        assertThat(files("sha256")).as("the loser's bytes are swept").hasSize(1);
        assertThat(blobs.listings().listVersions(BUCKET, ListQuery.all(), Optional.empty(), Optional.empty())
                .versions()).hasSize(1);
    }

    @Test
    void of_two_concurrent_puts_into_a_versioned_bucket_both_are_versions_and_one_is_current() throws Exception {
        enableVersioning(BUCKET);
        byte[] left = bytes(MIB, 3);
        byte[] right = bytes(MIB, 4);

        racePuts("fw.bin", left, right);

        List<ObjectVersion> versions = blobs.listings().listVersions(BUCKET, ListQuery.all(), Optional.empty(),
                Optional.empty()).versions();
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).latest()).isTrue();
        assertThat(versions.get(1).latest()).isFalse();
        assertThat(read(BUCKET, "fw.bin", ReadOptions.LATEST))
                .isEqualTo(read(BUCKET, "fw.bin", ReadOptions.version(versions.get(0).versionId())));
        assertThat(List.of(hex("SHA-256", left), hex("SHA-256", right))).containsExactlyInAnyOrder(
                versions.get(0).body().sha256Hex(), versions.get(1).body().sha256Hex());
    }

    /** Two puts of one key whose bodies are both being written at the same moment, then both commit. */
    private void racePuts(String key, byte[] left, byte[] right) throws Exception {
        CyclicBarrier bothWriting = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (byte[] body : List.of(left, right)) {
                puts.add(pool.submit(() -> blobs.objects().put(BUCKET, key,
                        ObjectUpload.of(meetingHalfway(body, bothWriting), body.length))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The body, which waits halfway for the other put's body to be halfway too. */
    private static InputStream meetingHalfway(byte[] body, CyclicBarrier barrier) {
        return new ByteArrayInputStream(body) {
            private boolean met;

            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                if (!met && pos >= body.length / 2) {
                    met = true;
                    try {
                        barrier.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return super.read(buffer, offset, Math.min(length, 64 * 1024));
            }
        };
    }

    @Test
    void a_delete_that_commits_between_a_puts_write_and_its_commit_never_takes_the_puts_bytes() {
        byte[] same = bytes(MIB, 8);
        put(BUCKET, "old.bin", same);
        // another request deletes the only other object with the same bytes (and sweeps) at the worst moment: after
        // the put has its bytes in place, before its transaction commits
        Runnable deleteOld = () -> blobs.objects().delete(BUCKET, "old.bin", Optional.empty());
        Blobs racing = Blobs.open(new BeforeFirstCommit(new JdbcBlobMetadataStore(database), deleteOld), contents,
                SCOPE, clock);

        racing.objects().put(BUCKET, "new.bin", ObjectUpload.of(new ByteArrayInputStream(same), same.length));

        assertFails(() -> blobs.objects().head(BUCKET, "old.bin", ReadOptions.LATEST), ErrorCode.NO_SUCH_KEY);
        assertThat(read(BUCKET, "new.bin", ReadOptions.LATEST)).isEqualTo(same);
        assertThat(files("sha256")).hasSize(1);
    }

    /** A metadata store where something else happens just before the first write transaction. */
    private static final class BeforeFirstCommit implements BlobMetadataStore {
        private final BlobMetadataStore store;
        private Runnable before;

        BeforeFirstCommit(BlobMetadataStore store, Runnable before) {
            this.store = store;
            this.before = before;
        }

        @Override
        public <T> T transact(Function<BlobMetadataTx, T> work) {
            if (before != null) {
                Runnable once = before;
                before = null;
                once.run();
            }
            return store.transact(work);
        }

        @Override
        public <T> T read(Function<BlobMetadataTx, T> work) {
            return store.read(work);
        }
    }

    @Test
    void a_full_disk_is_service_unavailable_stores_nothing_and_reads_go_on() {
        put(BUCKET, "kept.bin", "kept");
        database.close();
        database = Database.open(url);
        openBlobs(Long.MAX_VALUE / 2);

        assertFails(() -> put(BUCKET, "fw.bin", bytes(MIB, 1)), ErrorCode.S3_SERVICE_UNAVAILABLE)
                .hasMessageContaining("nothing was stored");
        MultipartUpload upload = blobs.uploads().create(BUCKET, "big.bin", ObjectAttributes.NONE);
        assertFails(() -> blobs.uploads().uploadPart(BUCKET, "big.bin", upload.uploadId(), 1,
                new ByteArrayInputStream(bytes(100, 1)), 100, ExpectedDigests.NONE), ErrorCode.S3_SERVICE_UNAVAILABLE);

        assertFails(() -> blobs.objects().head(BUCKET, "fw.bin", ReadOptions.LATEST), ErrorCode.NO_SUCH_KEY);
        assertThat(blobs.uploads().listParts(BUCKET, "big.bin", upload.uploadId(), 10, 0).parts()).isEmpty();
        assertThat(text(BUCKET, "kept.bin")).isEqualTo("kept");
        assertThat(files("tmp")).isEmpty();
        assertThat(files("sha256")).hasSize(1);
    }

    @Test
    void a_crash_while_completing_leaves_the_upload_and_its_parts_and_completing_again_works() throws Exception {
        MultipartUpload upload = blobs.uploads().create(BUCKET, "big.bin", ObjectAttributes.NONE);
        byte[] first = bytes(5 * MIB, 1);
        byte[] last = bytes(1000, 2);
        Part one = blobs.uploads().uploadPart(BUCKET, "big.bin", upload.uploadId(), 1,
                new ByteArrayInputStream(first), first.length, ExpectedDigests.NONE);
        Part two = blobs.uploads().uploadPart(BUCKET, "big.bin", upload.uploadId(), 2,
                new ByteArrayInputStream(last), last.length, ExpectedDigests.NONE);
        // the joined bytes were written, then the process died before the completing transaction
        byte[] whole = MultipartContract.joined(first, last);
        contents.write(new ByteArrayInputStream(whole), ContentCheck.NONE).close();
        Files.write(blobDir.resolve("tmp").resolve("joining.tmp"), bytes(MIB, 3));

        restart();

        assertFails(() -> blobs.objects().head(BUCKET, "big.bin", ReadOptions.LATEST), ErrorCode.NO_SUCH_KEY);
        assertThat(blobs.uploads().listParts(BUCKET, "big.bin", upload.uploadId(), 10, 0).parts())
                .containsExactly(one, two);
        assertThat(files("sha256")).as("the parts, not the joined bytes").hasSize(2);
        assertThat(files("tmp")).isEmpty();
        blobs.uploads().complete(BUCKET, "big.bin", upload.uploadId(), List.of(
                new CompletedPart(1, one.etag().value()), new CompletedPart(2, two.etag().value())));
        assertThat(read(BUCKET, "big.bin", ReadOptions.LATEST)).isEqualTo(whole);
    }

    @Test
    void a_content_store_opened_anew_keeps_every_committed_object() {
        put(BUCKET, "a", "one");
        put(BUCKET, "b", "two");
        blobs.objects().delete(BUCKET, "a", Optional.empty());

        restart();
        contents = FileContentStore.open(blobDir);

        assertThat(text(BUCKET, "b")).isEqualTo("two");
        assertThat(files("sha256")).hasSize(1);
    }
}
