package io.fleetline.storage.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fleetline.blobs.listing.ListQuery;
import io.fleetline.blobs.listing.ObjectListing;
import io.fleetline.blobs.listing.VersionListing;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.VersionId;
import io.fleetline.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ListObjectsV2, ListObjects and ListObjectVersions: order, prefixes, delimiters and paging. */
abstract class ListingContract extends BlobsFixture {
    static final List<String> KEYS = List.of("devices/hub/fw-1.bin", "devices/hub/fw-2.bin", "devices/cam/fw.bin",
            "images/big.bin", "jobs/ota.json", "readme", "é.txt", "😀");

    @BeforeEach
    void objects() {
        createBucket(BUCKET);
        KEYS.forEach(key -> put(BUCKET, key, key));
    }

    private static ListQuery query(String prefix, String delimiter, int maxKeys) {
        return new ListQuery(prefix, Optional.ofNullable(delimiter), maxKeys);
    }

    private ObjectListing v2(ListQuery query, Optional<String> token, Optional<String> startAfter) {
        return blobs.listings().listObjectsV2(BUCKET, query, token, startAfter);
    }

    private static List<String> keys(ObjectListing listing) {
        return listing.objects().stream().map(version -> version.key().value()).toList();
    }

    @Test
    void a_recursive_listing_is_every_current_object_in_utf8_order() {
        ObjectListing all = v2(ListQuery.all(), Optional.empty(), Optional.empty());

        assertThat(keys(all)).containsExactly("devices/cam/fw.bin", "devices/hub/fw-1.bin", "devices/hub/fw-2.bin",
                "images/big.bin", "jobs/ota.json", "readme", "é.txt", "😀");
        assertThat(all.truncated()).isFalse();
        assertThat(all.nextContinuationToken()).isEmpty();
        assertThat(all.objects().get(0).size()).isEqualTo("devices/cam/fw.bin".length());
    }

    @Test
    void a_delimiter_rolls_keys_up_into_common_prefixes_under_the_prefix() {
        ObjectListing top = v2(query("", "/", 1000), Optional.empty(), Optional.empty());
        assertThat(top.commonPrefixes()).containsExactly("devices/", "images/", "jobs/");
        assertThat(keys(top)).containsExactly("readme", "é.txt", "😀");
        assertThat(top.keyCount()).isEqualTo(6);

        ObjectListing devices = v2(query("devices/", "/", 1000), Optional.empty(), Optional.empty());
        assertThat(devices.commonPrefixes()).containsExactly("devices/cam/", "devices/hub/");
        assertThat(keys(devices)).isEmpty();
        assertThat(keys(v2(query("devices/hub/", "/", 1000), Optional.empty(), Optional.empty())))
                .containsExactly("devices/hub/fw-1.bin", "devices/hub/fw-2.bin");
        assertThat(keys(v2(query("devices/hub/fw-", "", 1000), Optional.empty(), Optional.empty())))
                .as("an empty delimiter is none").hasSize(2);
    }

    @Test
    void pages_of_max_keys_follow_each_other_by_token_and_count_prefixes_as_entries() {
        List<String> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        int pages = 0;
        do {
            ObjectListing page = v2(query("", "/", 2), token, Optional.empty());
            assertThat(page.keyCount()).isLessThanOrEqualTo(2);
            seen.addAll(page.commonPrefixes());
            seen.addAll(keys(page));
            token = page.nextContinuationToken();
            assertThat(page.truncated()).isEqualTo(token.isPresent());
            pages++;
        } while (token.isPresent());

        assertThat(seen).containsExactly("devices/", "images/", "jobs/", "readme", "é.txt", "😀");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void objects_added_between_pages_neither_shift_nor_repeat_what_was_listed() {
        ObjectListing first = v2(query("", null, 3), Optional.empty(), Optional.empty());
        put(BUCKET, "a-new-first-key", "x");
        put(BUCKET, "zzz", "x");

        ObjectListing rest = v2(query("", null, 1000), first.nextContinuationToken(), Optional.empty());
        assertThat(keys(first)).containsExactly("devices/cam/fw.bin", "devices/hub/fw-1.bin", "devices/hub/fw-2.bin");
        assertThat(keys(rest)).containsExactly("images/big.bin", "jobs/ota.json", "readme", "zzz", "é.txt", "😀");
    }

    @Test
    void start_after_and_the_v1_marker_list_the_keys_after_them() {
        assertThat(keys(v2(ListQuery.all(), Optional.empty(), Optional.of("jobs/ota.json"))))
                .containsExactly("readme", "é.txt", "😀");
        ObjectListing v1 = blobs.listings().listObjects(BUCKET, query("", "/", 2), Optional.of("devices/"));
        assertThat(v1.commonPrefixes()).as("the marker's own prefix is not listed again").containsExactly("images/",
                "jobs/");
        assertThat(v1.nextMarker()).contains("jobs/");
        assertThat(v1.nextContinuationToken()).isEmpty();
    }

    @Test
    void max_keys_is_at_most_1000_and_never_negative_and_a_bad_token_is_invalid_argument() {
        assertThat(query("", null, 5000).maxKeys()).isEqualTo(1000);
        ObjectListing none = v2(query("", null, 0), Optional.empty(), Optional.empty());
        assertThat(none.keyCount()).isZero();
        assertFails(() -> query("", null, -1), ErrorCode.INVALID_ARGUMENT);
        assertFails(() -> v2(ListQuery.all(), Optional.of("not a token"), Optional.empty()), ErrorCode.INVALID_ARGUMENT)
                .hasMessage("The continuation token provided is incorrect");
        assertFails(() -> v2(ListQuery.all(), Optional.of("Zm9vOmJhcg"), Optional.empty()), ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void version_pages_resume_at_the_key_and_version_markers() {
        enableVersioning(BUCKET);
        List<VersionId> hub = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hub.add(put(BUCKET, "devices/hub/fw-1.bin", "again " + i).version().versionId());
        }

        VersionListing first = blobs.listings().listVersions(BUCKET, query("devices/", null, 3), Optional.empty(),
                Optional.empty());
        assertThat(first.versions()).extracting(version -> version.key().value()).containsExactly(
                "devices/cam/fw.bin", "devices/hub/fw-1.bin", "devices/hub/fw-1.bin");
        assertThat(first.nextKeyMarker()).contains("devices/hub/fw-1.bin");
        assertThat(first.nextVersionIdMarker()).contains(hub.get(1));

        VersionListing second = blobs.listings().listVersions(BUCKET, query("devices/", null, 3),
                first.nextKeyMarker(), first.nextVersionIdMarker().map(VersionId::value));
        assertThat(second.versions()).extracting(ObjectVersion::versionId, ObjectVersion::latest)
                .containsExactly(tuple(hub.get(0), false),
                        tuple(VersionId.NULL, false),
                        tuple(VersionId.NULL, true));
        assertThat(second.versions().get(2).key().value()).isEqualTo("devices/hub/fw-2.bin");
        assertThat(second.truncated()).isFalse();

        assertFails(() -> blobs.listings().listVersions(BUCKET, ListQuery.all(), Optional.empty(),
                Optional.of(hub.get(0).value())), ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void versions_roll_up_by_delimiter_too() {
        VersionListing top = blobs.listings().listVersions(BUCKET, query("", "/", 1000), Optional.empty(),
                Optional.empty());
        assertThat(top.commonPrefixes()).containsExactly("devices/", "images/", "jobs/");
        assertThat(top.versions()).extracting(version -> version.key().value()).containsExactly("readme", "é.txt", "😀");
    }

    @Test
    void a_missing_bucket_is_no_such_bucket() {
        assertFails(() -> blobs.listings().listObjects("absent-bucket", ListQuery.all(), Optional.empty()),
                ErrorCode.NO_SUCH_BUCKET);
    }
}
