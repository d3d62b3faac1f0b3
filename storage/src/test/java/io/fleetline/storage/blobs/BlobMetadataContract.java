package io.fleetline.storage.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fleetline.blobs.BlobMetadataStore;
import io.fleetline.blobs.KeyBounds;
import io.fleetline.blobs.bucket.Bucket;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.content.ContentId;
import io.fleetline.blobs.multipart.MultipartUpload;
import io.fleetline.blobs.multipart.Part;
import io.fleetline.blobs.object.ETag;
import io.fleetline.blobs.object.ObjectAttributes;
import io.fleetline.blobs.object.ObjectData;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.VersionId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metadata store itself: byte order of keys, latest versions, listing bounds, uploads, parts, references. */
abstract class BlobMetadataContract extends BlobsFixture {
    static final BucketName B = BucketName.of("contract");
    static final Instant T = Instant.parse("2026-06-01T12:00:00Z");
    BlobMetadataStore store;

    @BeforeEach
    void bucket() {
        store = new JdbcBlobMetadataStore(database);
        store.transact(tx -> {
            tx.insertBucket(new Bucket(B, "eu-west-1", T, VersioningStatus.ENABLED));
            return null;
        });
    }

    static ContentId content(int n) {
        return ContentId.of(String.format("%064x", n));
    }

    static ObjectData data(int n) {
        return new ObjectData(content(n), n, ETag.ofMd5Hex(String.format("%032x", n)), String.format("%064x", n),
                new ObjectAttributes("text/plain", Map.of("n", Integer.toString(n))));
    }

    void insert(String key, String versionId, long sequence, Optional<ObjectData> data) {
        store.transact(tx -> {
            tx.insertVersion(B, new ObjectVersion(ObjectKey.of(key), VersionId.of(versionId), sequence, true, T, data));
            return null;
        });
    }

    static String id(int n) {
        return String.format("%032d", n);
    }

    List<String> current(KeyBounds bounds) {
        return store.read(tx -> tx.listCurrent(B, bounds, 100)).stream().map(v -> v.key().value()).toList();
    }

    ObjectVersion latest(String key) {
        return store.read(tx -> tx.latestVersion(B, ObjectKey.of(key))).orElseThrow();
    }

    ObjectVersion version(String key, String versionId) {
        return store.read(tx -> tx.findVersion(B, ObjectKey.of(key), VersionId.of(versionId))).orElseThrow();
    }

    List<ObjectVersion> versions(KeyBounds bounds, long belowSequence, int limit) {
        return store.read(tx -> tx.listVersions(B, bounds, belowSequence, limit));
    }

    List<MultipartUpload> uploads(KeyBounds bounds, String after) {
        return store.read(tx -> tx.listUploads(B, bounds, after, 10));
    }

    List<Part> parts(String uploadId, int after) {
        return store.read(tx -> tx.listParts(uploadId, after, 10));
    }

    @Test
    void keys_list_in_utf8_byte_order_whatever_the_database_collation() {
        List<String> keys = List.of("😀", "｡", "é", "B", "a", "a/b", "nul\u0000byte", "A", "_");
        for (int i = 0; i < keys.size(); i++) {
            insert(keys.get(i), "null", 1, Optional.of(data(i)));
        }

        assertThat(current(KeyBounds.all())).containsExactly("A", "B", "_", "a", "a/b", "nul\u0000byte", "é", "｡", "😀");
        assertThat(latest("nul\u0000byte").body())
                .as("a NUL in a key is kept").isEqualTo(data(6));
    }

    @Test
    void a_prefix_lists_its_own_keys_with_underscore_and_percent_taken_literally() {
        List<String> keys = List.of("a_b", "a_b/1", "a%b/1", "axb/1", "a_c", "a_");
        for (int i = 0; i < keys.size(); i++) {
            insert(keys.get(i), "null", 1, Optional.of(data(i)));
        }

        assertThat(current(KeyBounds.prefix("a_b"))).containsExactly("a_b", "a_b/1");
        assertThat(current(KeyBounds.prefix("a%"))).containsExactly("a%b/1");
        assertThat(current(KeyBounds.prefix("a_b").startingAt(KeyBounds.after("a_b".getBytes()))))
                .containsExactly("a_b/1");
    }

    @Test
    void the_highest_sequence_is_the_latest_and_deleting_it_makes_the_next_one_latest() {
        insert("fw.bin", id(1), 1, Optional.of(data(1)));
        insert("fw.bin", id(2), 2, Optional.of(data(2)));
        insert("fw.bin", id(3), 3, Optional.of(data(3)));
        ObjectKey key = ObjectKey.of("fw.bin");

        assertThat(latest("fw.bin").versionId().value()).isEqualTo(id(3));
        assertThat(version("fw.bin", id(2)).latest()).isFalse();

        store.transact(tx -> {
            tx.deleteVersion(B, key, VersionId.of(id(3)));
            return null;
        });
        ObjectVersion latest = version("fw.bin", id(2));
        assertThat(latest.latest()).isTrue();
        List<ObjectVersion> current = store.read(tx -> tx.listCurrent(B, KeyBounds.all(), 10));
        assertThat(current).containsExactly(latest);
    }

    @Test
    void a_delete_marker_is_a_version_but_no_current_object() {
        insert("doc", id(1), 1, Optional.of(data(1)));
        insert("doc", id(2), 2, Optional.empty());

        assertThat(current(KeyBounds.all())).isEmpty();
        boolean holds = store.read(tx -> tx.holdsVersions(B));
        assertThat(holds).isTrue();
        assertThat(latest("doc").deleteMarker()).isTrue();
        assertThat(versions(KeyBounds.all(), Long.MAX_VALUE, 10))
                .extracting(v -> v.versionId().value(), ObjectVersion::latest, ObjectVersion::deleteMarker)
                .containsExactly(tuple(id(2), true, true),
                        tuple(id(1), false, false));
    }

    @Test
    void versions_list_by_key_then_newest_first_and_resume_below_a_sequence() {
        insert("a", id(1), 1, Optional.of(data(1)));
        insert("a", id(2), 2, Optional.of(data(2)));
        insert("a", id(3), 3, Optional.of(data(3)));
        insert("b", id(4), 1, Optional.of(data(4)));

        assertThat(versions(KeyBounds.all(), Long.MAX_VALUE, 10))
                .extracting(v -> v.versionId().value()).containsExactly(id(3), id(2), id(1), id(4));
        assertThat(versions(new KeyBounds("a".getBytes(), Optional.empty()), 3, 2))
                .extracting(v -> v.versionId().value()).containsExactly(id(2), id(1));
        assertThat(versions(new KeyBounds("a".getBytes(), Optional.empty()), 1, 10))
                .extracting(v -> v.versionId().value()).containsExactly(id(4));
    }

    @Test
    void uploads_list_by_key_then_id_and_a_part_uploaded_again_replaces_the_first() {
        for (String[] upload : new String[][] {{"b", "0002"}, {"a", "0003"}, {"b", "0001"}}) {
            store.transact(tx -> {
                tx.insertUpload(new MultipartUpload(upload[1], B, ObjectKey.of(upload[0]), T, ObjectAttributes.NONE));
                return null;
            });
        }
        assertThat(uploads(KeyBounds.all(), ""))
                .extracting(MultipartUpload::uploadId).containsExactly("0003", "0001", "0002");
        assertThat(uploads(new KeyBounds("b".getBytes(), Optional.empty()), "0001"))
                .extracting(MultipartUpload::uploadId).containsExactly("0002");

        store.transact(tx -> {
            tx.putPart("0001", new Part(2, 10, ETag.ofMd5Hex(String.format("%032x", 2)), content(2), T));
            tx.putPart("0001", new Part(1, 10, ETag.ofMd5Hex(String.format("%032x", 1)), content(1), T));
            tx.putPart("0001", new Part(1, 20, ETag.ofMd5Hex(String.format("%032x", 3)), content(3), T));
            return null;
        });
        assertThat(parts("0001", 0)).extracting(Part::number, Part::content)
                .containsExactly(tuple(1, content(3)),
                        tuple(2, content(2)));
        assertThat(parts("0001", 1)).extracting(Part::number).containsExactly(2);

        store.transact(tx -> {
            tx.deleteUpload("0001");
            return null;
        });
        Optional<MultipartUpload> gone = store.read(tx -> tx.findUpload("0001"));
        assertThat(gone).isEmpty();
        assertThat(parts("0001", 0)).isEmpty();
    }

    @Test
    void a_content_is_referenced_while_a_version_or_a_part_names_it() {
        insert("doc", id(1), 1, Optional.of(data(1)));
        store.transact(tx -> {
            tx.insertUpload(new MultipartUpload("0001", B, ObjectKey.of("big"), T, ObjectAttributes.NONE));
            tx.putPart("0001", new Part(1, 10, ETag.ofMd5Hex(String.format("%032x", 2)), content(2), T));
            return null;
        });

        Set<ContentId> referenced = store.read(tx -> tx.referenced(List.of(content(1), content(2), content(3))));
        assertThat(referenced)
                .containsExactlyInAnyOrder(content(1), content(2));
    }

    @Test
    void buckets_list_by_name_in_code_point_order() {
        store.transact(tx -> {
            for (String name : List.of("abc", "a0bc", "a.bc", "a-bc")) {
                tx.insertBucket(new Bucket(BucketName.of(name), "eu-west-1", T, VersioningStatus.UNVERSIONED));
            }
            return null;
        });

        List<Bucket> buckets = store.read(tx -> tx.listBuckets());
        assertThat(buckets).extracting(bucket -> bucket.name().value())
                .containsExactly("a-bc", "a.bc", "a0bc", "abc", "contract");
    }
}
