package io.fleetline.blobs;

import static io.fleetline.blobs.Failures.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.RangeRequest;
import io.fleetline.core.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} does, the embedded one and an external S3-compatible one alike. A suite extends this
 * and says how to open its store; each test works in buckets of its own (random names), so a shared external store
 * serves as well as a fresh one.
 */
public abstract class BlobStoreContract {
    protected BlobStore store;
    protected BucketName bucket;

    /** The store under test, ready to use. */
    protected abstract BlobStore openStore();

    @BeforeEach
    void openStoreAndBucket() {
        store = openStore();
        bucket = newBucketName();
        store.createBucket(bucket);
    }

    protected static BucketName newBucketName() {
        return BucketName.of("contract-" + UUID.randomUUID().toString().substring(0, 18));
    }

    protected BlobInfo put(String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return store.put(bucket, ObjectKey.of(key), new ByteArrayInputStream(bytes), bytes.length, Optional.empty(),
                Map.of());
    }

    protected String read(String key, Optional<RangeRequest> range) {
        try (Blob blob = store.get(bucket, ObjectKey.of(key), range)) {
            return new String(blob.readAll(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void creating_a_bucket_again_is_no_error_and_an_empty_bucket_can_be_deleted() {
        store.createBucket(bucket);
        assertThat(store.listBuckets()).contains(bucket);

        store.deleteBucket(bucket);
        assertThat(store.listBuckets()).doesNotContain(bucket);
        assertFails(() -> store.deleteBucket(bucket), ErrorCode.NO_SUCH_BUCKET);
    }

    @Test
    void a_bucket_holding_objects_cannot_be_deleted() {
        put("firmware.bin", "image");

        assertFails(() -> store.deleteBucket(bucket), ErrorCode.BUCKET_NOT_EMPTY);
        store.delete(bucket, ObjectKey.of("firmware.bin"));
    }

    @Test
    void an_object_reads_back_with_what_was_stored_about_it() throws Exception {
        byte[] bytes = "firmware v2.1.0".getBytes(StandardCharsets.UTF_8);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));

        BlobInfo stored = store.put(bucket, ObjectKey.of("devices/hub/fw.bin"), new ByteArrayInputStream(bytes),
                bytes.length, Optional.of("application/octet-stream"), Map.of("Version", "2.1.0"));

        assertThat(stored.etag()).isEqualTo("\"" + md5 + "\"");
        BlobInfo head = store.head(bucket, ObjectKey.of("devices/hub/fw.bin")).orElseThrow();
        assertThat(head.size()).isEqualTo(bytes.length);
        assertThat(head.etag()).isEqualTo(stored.etag());
        assertThat(head.contentType()).isEqualTo("application/octet-stream");
        assertThat(head.metadata()).isEqualTo(Map.of("version", "2.1.0"));
        try (Blob blob = store.get(bucket, ObjectKey.of("devices/hub/fw.bin"), Optional.empty())) {
            assertThat(blob.length()).isEqualTo(bytes.length);
            assertThat(blob.readAll()).isEqualTo(bytes);
        }
    }

    @Test
    void a_range_reads_those_bytes_only_and_one_past_the_end_is_invalid_range() {
        put("doc.json", "0123456789");

        assertThat(read("doc.json", RangeRequest.parse("bytes=2-5"))).isEqualTo("2345");
        assertThat(read("doc.json", RangeRequest.parse("bytes=7-"))).isEqualTo("789");
        assertThat(read("doc.json", RangeRequest.parse("bytes=-3"))).isEqualTo("789");
        try (Blob blob = store.get(bucket, ObjectKey.of("doc.json"), RangeRequest.parse("bytes=2-5"))) {
            assertThat(blob.range().orElseThrow().contentRange()).isEqualTo("bytes 2-5/10");
        }
        assertFails(() -> store.get(bucket, ObjectKey.of("doc.json"), RangeRequest.parse("bytes=10-")),
                ErrorCode.INVALID_RANGE);
    }

    @Test
    void a_missing_key_is_no_such_key_and_a_missing_bucket_no_such_bucket() {
        assertFails(() -> store.get(bucket, ObjectKey.of("absent"), Optional.empty()), ErrorCode.NO_SUCH_KEY);
        assertThat(store.head(bucket, ObjectKey.of("absent"))).isEmpty();
        store.delete(bucket, ObjectKey.of("absent"));

        BucketName missing = newBucketName();
        assertFails(() -> store.get(missing, ObjectKey.of("k"), Optional.empty()), ErrorCode.NO_SUCH_BUCKET);
        assertFails(() -> store.head(missing, ObjectKey.of("k")), ErrorCode.NO_SUCH_BUCKET);
        assertFails(() -> store.list(missing, "", Optional.empty(), Optional.empty(), 10), ErrorCode.NO_SUCH_BUCKET);
        assertFails(() -> store.put(missing, ObjectKey.of("k"), new ByteArrayInputStream(new byte[1]), 1,
                Optional.empty(), Map.of()), ErrorCode.NO_SUCH_BUCKET);
    }

    @Test
    void a_put_replaces_the_current_object_and_a_delete_removes_it() {
        put("jobs/doc.json", "{\"v\":1}");
        put("jobs/doc.json", "{\"v\":2}");

        assertThat(read("jobs/doc.json", Optional.empty())).isEqualTo("{\"v\":2}");
        store.delete(bucket, ObjectKey.of("jobs/doc.json"));
        assertThat(store.head(bucket, ObjectKey.of("jobs/doc.json"))).isEmpty();
        assertThat(store.list(bucket, "", Optional.empty(), Optional.empty(), 10).objects()).isEmpty();
    }

    @Test
    void keys_that_look_like_paths_are_only_keys() {
        put("../../etc/passwd", "not a file");
        put("a//b/./c", "neither");

        assertThat(read("../../etc/passwd", Optional.empty())).isEqualTo("not a file");
        assertThat(store.list(bucket, "", Optional.empty(), Optional.empty(), 10).objects())
                .extracting(summary -> summary.key().value()).containsExactly("../../etc/passwd", "a//b/./c");
    }

    @Test
    void a_listing_pages_in_utf8_byte_order_and_rolls_keys_up_by_delimiter() {
        List<String> keys = List.of("a", "b/1", "b/2", "c", "é", "｡", "😀");
        keys.forEach(key -> put(key, key));

        List<String> listed = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            BlobPage page = store.list(bucket, "", Optional.empty(), token, 2);
            assertThat(page.objects().size()).isLessThanOrEqualTo(2);
            page.objects().forEach(summary -> listed.add(summary.key().value()));
            token = page.nextToken();
        } while (token.isPresent());
        assertThat(listed).isEqualTo(keys);

        BlobPage rolled = store.list(bucket, "", Optional.of("/"), Optional.empty(), 10);
        assertThat(rolled.objects()).extracting(summary -> summary.key().value())
                .containsExactly("a", "c", "é", "｡", "😀");
        assertThat(rolled.commonPrefixes()).containsExactly("b/");
        assertThat(store.list(bucket, "b/", Optional.of("/"), Optional.empty(), 10).objects())
                .extracting(summary -> summary.key().value()).containsExactly("b/1", "b/2");
        assertThat(rolled.objects().get(0).etag()).startsWith("\"");
    }
}
