package io.fleetline.ota.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.blobs.Blob;
import io.fleetline.blobs.BlobInfo;
import io.fleetline.blobs.BlobPage;
import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.RangeRequest;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stream files on an external store, through {@link BlobStore}: current objects, one ranged read a block. */
class CurrentObjectsTest {
    private final Store store = new Store();
    private final StreamObjects objects = StreamObjects.over(store);

    @Test
    void heads_the_current_object_and_reads_blocks_by_range() {
        byte[] image = FakeObjects.bytes(10_000);
        store.put("firmware", "app.bin", image, "\"e1\"");

        StreamObjects.ObjectFacts facts = objects.head(FileSource.of("firmware", "app.bin"));
        try (StreamObjects.OpenObject open = objects.open(FileSource.of("firmware", "app.bin"), facts.etag())) {
            assertThat(open.read(8192, 1808)).isEqualTo(Arrays.copyOfRange(image, 8192, 10_000));
        }

        assertThat(facts).isEqualTo(new StreamObjects.ObjectFacts(10_000, "\"e1\""));
        assertThat(store.ranges).containsExactly("bytes=8192-9999");
    }

    @Test
    void a_version_cannot_be_named_and_a_missing_object_is_not_found() {
        store.put("firmware", "app.bin", new byte[10], "\"e1\"");

        StreamsTest.assertCode(() -> objects.head(FileSource.of("firmware", "app.bin", "v1")),
                ErrorCode.INVALID_REQUEST);
        StreamsTest.assertCode(() -> objects.head(FileSource.of("firmware", "nope")), ErrorCode.RESOURCE_NOT_FOUND);
        StreamsTest.assertCode(() -> objects.head(FileSource.of("x", "app.bin")), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void an_object_replaced_since_is_an_etag_mismatch() {
        store.put("firmware", "app.bin", new byte[10_000], "\"e1\"");
        StreamObjects.OpenObject open = objects.open(FileSource.of("firmware", "app.bin"), "\"e1\"");
        store.put("firmware", "app.bin", new byte[10_000], "\"e2\"");

        assertThatThrownBy(() -> open.read(0, 4096)).isInstanceOf(DeviceRejection.class)
                .satisfies(e -> assertThat(((DeviceRejection) e).code()).isEqualTo(RejectionCode.ETAG_MISMATCH));
        store.put("firmware", "app.bin", new byte[100], "\"e3\"");
        assertThatThrownBy(() -> open.read(4096, 4096)).isInstanceOf(DeviceRejection.class)
                .satisfies(e -> assertThat(((DeviceRejection) e).code()).isEqualTo(RejectionCode.ETAG_MISMATCH));
    }

    /** The part of a store streams use: head and ranged get. */
    private static final class Store implements BlobStore {
        private final Map<String, byte[]> bytes = new HashMap<>();
        private final Map<String, String> etags = new HashMap<>();
        final List<String> ranges = new ArrayList<>();

        void put(String bucket, String key, byte[] content, String etag) {
            bytes.put(bucket + "/" + key, content);
            etags.put(bucket + "/" + key, etag);
        }

        private Optional<BlobInfo> info(BucketName bucket, ObjectKey key) {
            String name = bucket.value() + "/" + key.value();
            return Optional.ofNullable(bytes.get(name)).map(b -> new BlobInfo(key, b.length, etags.get(name),
                    Instant.EPOCH, "binary/octet-stream", Map.of()));
        }

        @Override
        public Optional<BlobInfo> head(BucketName bucket, ObjectKey key) {
            return info(bucket, key);
        }

        @Override
        public Blob get(BucketName bucket, ObjectKey key, Optional<RangeRequest> range) {
            BlobInfo info = info(bucket, key).orElseThrow();
            var resolved = range.orElseThrow().resolve(info.size());
            ranges.add(range.get().header());
            byte[] content = bytes.get(bucket.value() + "/" + key.value());
            return new Blob(info, Optional.of(resolved), new ByteArrayInputStream(content, (int) resolved.first(),
                    (int) resolved.length()));
        }

        @Override
        public void createBucket(BucketName bucket) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteBucket(BucketName bucket) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<BucketName> listBuckets() {
            throw new UnsupportedOperationException();
        }

        @Override
        public BlobInfo put(BucketName bucket, ObjectKey key, InputStream body, long length,
                            Optional<String> contentType, Map<String, String> metadata) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(BucketName bucket, ObjectKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BlobPage list(BucketName bucket, String prefix, Optional<String> delimiter, Optional<String> token,
                             int maxKeys) {
            throw new UnsupportedOperationException();
        }
    }
}
