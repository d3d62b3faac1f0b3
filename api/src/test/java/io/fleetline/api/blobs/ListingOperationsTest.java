package io.fleetline.api.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ListObjectsV2, ListObjects and ListObjectVersions on the wire: prefix, delimiter, paging, encoding. */
class ListingOperationsTest extends S3Fixture {

    @BeforeEach
    void objects() {
        createBucket(BUCKET);
        for (String key : new String[] {"a.txt", "dir/one", "dir/two", "dir/sub/three", "z.txt"}) {
            put("/" + BUCKET + "/" + key, key);
        }
    }

    @Test
    void list_v2_rolls_keys_up_into_common_prefixes_by_delimiter() {
        Reply top = get("/" + BUCKET + "?list-type=2&delimiter=%2F");
        Reply dir = get("/" + BUCKET + "?list-type=2&delimiter=%2F&prefix=dir%2F");

        assertThat(top.status()).isEqualTo(200);
        assertThat(top.xml()).contains("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        assertThat(top.one("Name")).isEqualTo(BUCKET);
        assertThat(top.all("Key")).containsExactly("a.txt", "z.txt");
        assertThat(top.all("Prefix")).containsExactly("", "dir/");
        assertThat(top.one("KeyCount")).isEqualTo("3");
        assertThat(top.one("Delimiter")).isEqualTo("/");
        assertThat(top.one("IsTruncated")).isEqualTo("false");
        assertThat(dir.all("Key")).containsExactly("dir/one", "dir/two");
        assertThat(dir.all("Prefix")).containsExactly("dir/", "dir/sub/");
    }

    @Test
    void list_v2_describes_each_object_and_names_the_owner_only_when_asked() {
        Reply plain = get("/" + BUCKET + "?list-type=2&prefix=a");
        Reply owned = get("/" + BUCKET + "?list-type=2&prefix=a&fetch-owner=true");

        assertThat(plain.one("ETag")).isEqualTo(quotedMd5("a.txt".getBytes()));
        assertThat(plain.one("Size")).isEqualTo("5");
        assertThat(plain.one("LastModified")).isEqualTo("2026-06-01T12:00:00.000Z");
        assertThat(plain.one("StorageClass")).isEqualTo("STANDARD");
        assertThat(plain.all("ID")).isEmpty();
        assertThat(owned.one("ID")).isEqualTo(ACCOUNT);
    }

    @Test
    void list_v2_pages_by_max_keys_with_continuation_tokens_and_starts_after_a_key() {
        Reply first = get("/" + BUCKET + "?list-type=2&max-keys=2");
        Reply second = get("/" + BUCKET + "?list-type=2&max-keys=2&continuation-token="
                + first.one("NextContinuationToken"));
        Reply after = get("/" + BUCKET + "?list-type=2&start-after=dir%2Ftwo");

        assertThat(first.all("Key")).containsExactly("a.txt", "dir/one");
        assertThat(first.one("IsTruncated")).isEqualTo("true");
        assertThat(first.one("MaxKeys")).isEqualTo("2");
        assertThat(second.all("Key")).containsExactly("dir/sub/three", "dir/two");
        assertThat(second.one("ContinuationToken")).isEqualTo(first.one("NextContinuationToken"));
        assertThat(after.all("Key")).containsExactly("z.txt");
        assertThat(after.one("StartAfter")).isEqualTo("dir/two");
    }

    @Test
    void a_continuation_token_fleetline_did_not_give_or_an_unknown_encoding_is_InvalidArgument() {
        Reply token = get("/" + BUCKET + "?list-type=2&continuation-token=bogus");
        Reply encoding = get("/" + BUCKET + "?list-type=2&encoding-type=base64");

        assertThat(token.status()).isEqualTo(400);
        assertThat(token.code()).isEqualTo("InvalidArgument");
        assertThat(encoding.status()).isEqualTo(400);
        assertThat(encoding.code()).isEqualTo("InvalidArgument");
    }

    @Test
    void encoding_type_url_percent_encodes_keys_and_prefixes_as_the_cli_asks() {
        put("/" + BUCKET + "/with%20space+plus", "x");

        Reply listed = get("/" + BUCKET + "?list-type=2&prefix=with&encoding-type=url");

        assertThat(listed.all("Key")).containsExactly("with+space%2Bplus");
        assertThat(listed.one("EncodingType")).isEqualTo("url");
    }

    @Test
    void list_v1_pages_by_marker_and_names_the_owner() {
        Reply first = get("/" + BUCKET + "?max-keys=2");
        Reply second = get("/" + BUCKET + "?max-keys=10&marker=" + first.one("NextMarker").replace("/", "%2F"));
        Reply rolled = get("/" + BUCKET + "?delimiter=%2F&max-keys=2");

        assertThat(first.all("Key")).containsExactly("a.txt", "dir/one");
        assertThat(first.one("IsTruncated")).isEqualTo("true");
        assertThat(first.one("Marker")).isEmpty();
        assertThat(first.all("ID")).containsOnly(ACCOUNT);
        assertThat(second.all("Key")).containsExactly("dir/sub/three", "dir/two", "z.txt");
        assertThat(second.one("IsTruncated")).isEqualTo("false");
        assertThat(rolled.all("Key")).containsExactly("a.txt");
        assertThat(rolled.one("NextMarker")).isEqualTo("dir/");
    }

    @Test
    void a_listing_of_a_missing_bucket_is_NoSuchBucket_and_max_keys_zero_lists_nothing() {
        Reply missing = get("/no-such-bucket?list-type=2");
        Reply none = get("/" + BUCKET + "?list-type=2&max-keys=0");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("NoSuchBucket");
        assertThat(none.all("Key")).isEmpty();
        assertThat(none.one("KeyCount")).isEqualTo("0");
    }

    @Test
    void list_object_versions_pages_by_key_and_version_id_markers() {
        request("PUT", "/" + BUCKET + "?versioning").body(BucketOperationsTest.versioning("Enabled")).send();
        String v1 = put("/" + BUCKET + "/a.txt", "again").header("x-amz-version-id");

        Reply first = get("/" + BUCKET + "?versions&max-keys=2");
        Reply second = get("/" + BUCKET + "?versions&max-keys=2&key-marker=" + first.one("NextKeyMarker")
                + "&version-id-marker=" + first.one("NextVersionIdMarker"));

        assertThat(first.all("Key")).containsExactly("a.txt", "a.txt");
        assertThat(first.all("VersionId")).containsExactly(v1, "null");
        assertThat(first.all("IsLatest")).containsExactly("true", "false");
        assertThat(first.one("IsTruncated")).isEqualTo("true");
        assertThat(first.one("NextKeyMarker")).isEqualTo("a.txt");
        assertThat(second.all("Key")).containsExactly("dir/one", "dir/sub/three");
        assertThat(second.one("KeyMarker")).isEqualTo("a.txt");
    }
}
