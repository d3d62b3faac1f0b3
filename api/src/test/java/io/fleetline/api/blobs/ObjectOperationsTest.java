package io.fleetline.api.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject, GetObjectTagging on the wire. */
class ObjectOperationsTest extends S3Fixture {
    private static final String OBJECT = "/" + BUCKET + "/devices/fw.bin";
    private static final byte[] FIRMWARE = "firmware image v1.2.3".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void bucket() {
        createBucket(BUCKET);
    }

    @Test
    void a_put_object_is_read_back_with_its_etag_content_type_user_metadata_and_last_modified() {
        Reply put = request("PUT", OBJECT).header("Content-Type", "application/octet-stream")
                .header("x-amz-meta-Build", "1234").header("Content-MD5", base64(digest("MD5", FIRMWARE)))
                .body(FIRMWARE).send();

        Reply got = get(OBJECT);

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.header("ETag")).isEqualTo(quotedMd5(FIRMWARE));
        assertThat(put.header("x-amz-version-id")).isNull();
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.bytes()).isEqualTo(FIRMWARE);
        assertThat(got.header("ETag")).isEqualTo(quotedMd5(FIRMWARE));
        assertThat(got.header("Content-Length")).isEqualTo(Integer.toString(FIRMWARE.length));
        assertThat(got.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(got.header("x-amz-meta-build")).isEqualTo("1234");
        assertThat(got.header("Last-Modified")).isEqualTo("Mon, 01 Jun 2026 12:00:00 GMT");
        assertThat(got.header("accept-ranges")).isEqualTo("bytes");
    }

    @Test
    void an_object_is_sent_as_a_region_of_its_content_file() {
        put(OBJECT, "0123456789");

        Reply ranged = request("GET", OBJECT).header("Range", "bytes=2-5").send();

        assertThat(ranged.response().payload()).get().isInstanceOf(io.fleetline.api.s3.ResponsePayload.FileRange.class);
        assertThat(ranged.text()).isEqualTo("2345");
    }

    @Test
    void an_objects_tags_are_an_empty_tagging_document_as_s3_writes_it() {
        put(OBJECT, "x");

        Reply tags = request("GET", OBJECT + "?tagging").send();

        assertThat(tags.status()).isEqualTo(200);
        assertThat(tags.xml()).contains("<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
                .contains("<TagSet").doesNotContain("<Tag>");
    }

    @Test
    void a_put_without_a_content_type_is_stored_as_binary_octet_stream() {
        put(OBJECT, "x");

        assertThat(request("HEAD", OBJECT).send().header("Content-Type")).isEqualTo("binary/octet-stream");
    }

    @Test
    void a_body_whose_content_md5_differs_is_BadDigest_and_nothing_is_stored() {
        Reply bad = request("PUT", OBJECT).header("Content-MD5", base64(digest("MD5", "other".getBytes())))
                .body(FIRMWARE).send();

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("BadDigest");
        assertThat(get(OBJECT).code()).isEqualTo("NoSuchKey");
    }

    @Test
    void a_content_md5_that_is_no_md5_is_InvalidDigest() {
        Reply bad = request("PUT", OBJECT).header("Content-MD5", "not-base64!").body(FIRMWARE).send();

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("InvalidDigest");
    }

    @Test
    void a_sha256_checksum_that_differs_is_BadDigest() {
        Reply bad = request("PUT", OBJECT).header("x-amz-checksum-sha256", base64(digest("SHA-256", "x".getBytes())))
                .body(FIRMWARE).send();
        Reply good = request("PUT", OBJECT).header("x-amz-checksum-sha256", base64(digest("SHA-256", FIRMWARE)))
                .body(FIRMWARE).send();

        assertThat(bad.code()).isEqualTo("BadDigest");
        assertThat(good.status()).isEqualTo(200);
    }

    @Test
    void a_crc32_header_as_the_cli_v1_sends_it_is_verified_and_echoed() {
        Reply good = request("PUT", OBJECT).header("x-amz-checksum-crc32", crc32(FIRMWARE))
                .header("x-amz-sdk-checksum-algorithm", "CRC32").body(FIRMWARE).send();
        Reply bad = request("PUT", "/" + BUCKET + "/other").header("x-amz-checksum-crc32", crc32("x".getBytes()))
                .body(FIRMWARE).send();

        assertThat(good.status()).isEqualTo(200);
        assertThat(good.header("x-amz-checksum-crc32")).isEqualTo(crc32(FIRMWARE));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("BadDigest");
        assertThat(get("/" + BUCKET + "/other").code()).isEqualTo("NoSuchKey");
    }

    @Test
    void crc32c_and_sha1_headers_are_verified_too() {
        Reply crc32c = request("PUT", OBJECT).header("x-amz-checksum-crc32c", crc32c("x".getBytes()))
                .body(FIRMWARE).send();
        Reply sha1 = request("PUT", OBJECT).header("x-amz-checksum-sha1", base64(digest("SHA-1", "x".getBytes())))
                .body(FIRMWARE).send();
        Reply malformed = request("PUT", OBJECT).header("x-amz-checksum-crc32", "AAAA").body(FIRMWARE).send();

        assertThat(crc32c.code()).isEqualTo("BadDigest");
        assertThat(sha1.code()).isEqualTo("BadDigest");
        assertThat(malformed.code()).isEqualTo("InvalidDigest");
    }

    @Test
    void the_trailing_checksum_of_an_aws_chunked_body_is_verified_before_anything_is_stored() {
        Reply good = request("PUT", OBJECT).header("x-amz-decoded-content-length", Integer.toString(FIRMWARE.length))
                .header("Content-Encoding", "aws-chunked").header("x-amz-sdk-checksum-algorithm", "CRC32")
                .trailers(Map.of("x-amz-checksum-crc32", crc32(FIRMWARE))).withoutLength().body(FIRMWARE).send();
        Reply bad = request("PUT", "/" + BUCKET + "/corrupt")
                .header("x-amz-decoded-content-length", Integer.toString(FIRMWARE.length))
                .header("Content-Encoding", "aws-chunked")
                .trailers(Map.of("x-amz-checksum-crc32c", crc32c("x".getBytes()))).withoutLength().body(FIRMWARE)
                .send();

        assertThat(good.status()).isEqualTo(200);
        assertThat(good.header("x-amz-checksum-crc32")).isEqualTo(crc32(FIRMWARE));
        assertThat(get(OBJECT).bytes()).isEqualTo(FIRMWARE);
        assertThat(get(OBJECT).header("Content-Encoding")).isNull();
        assertThat(bad.code()).isEqualTo("BadDigest");
        assertThat(get("/" + BUCKET + "/corrupt").code()).isEqualTo("NoSuchKey");
    }

    @Test
    void a_trailing_sha256_the_sdk_announces_is_verified() {
        Reply bad = request("PUT", OBJECT).header("x-amz-decoded-content-length", Integer.toString(FIRMWARE.length))
                .header("Content-Encoding", "aws-chunked").header("x-amz-sdk-checksum-algorithm", "SHA256")
                .trailers(Map.of("x-amz-checksum-sha256", base64(digest("SHA-256", "x".getBytes())))).withoutLength()
                .body(FIRMWARE).send();
        Reply good = request("PUT", OBJECT).header("x-amz-decoded-content-length", Integer.toString(FIRMWARE.length))
                .header("Content-Encoding", "aws-chunked").header("x-amz-sdk-checksum-algorithm", "SHA256")
                .trailers(Map.of("x-amz-checksum-sha256", base64(digest("SHA-256", FIRMWARE)))).withoutLength()
                .body(FIRMWARE).send();

        assertThat(bad.code()).isEqualTo("BadDigest");
        assertThat(good.status()).isEqualTo(200);
        assertThat(good.header("x-amz-checksum-sha256")).isEqualTo(base64(digest("SHA-256", FIRMWARE)));
    }

    @Test
    void a_put_without_any_length_is_MissingContentLength() {
        Reply refused = request("PUT", OBJECT).withoutLength().body(FIRMWARE).send();

        assertThat(refused.status()).isEqualTo(411);
        assertThat(refused.code()).isEqualTo("MissingContentLength");
    }

    @Test
    void a_range_is_answered_206_with_content_range_and_an_unsatisfiable_one_416_with_the_size() {
        put(OBJECT, "0123456789");

        Reply middle = request("GET", OBJECT).header("Range", "bytes=2-4").send();
        Reply suffix = request("GET", OBJECT).header("Range", "bytes=-3").send();
        Reply past = request("GET", OBJECT).header("Range", "bytes=10-").send();
        Reply several = request("GET", OBJECT).header("Range", "bytes=0-1,4-5").send();

        assertThat(middle.status()).isEqualTo(206);
        assertThat(middle.header("Content-Range")).isEqualTo("bytes 2-4/10");
        assertThat(middle.header("Content-Length")).isEqualTo("3");
        assertThat(middle.text()).isEqualTo("234");
        assertThat(suffix.text()).isEqualTo("789");
        assertThat(past.status()).isEqualTo(416);
        assertThat(past.code()).isEqualTo("InvalidRange");
        assertThat(past.header("Content-Range")).isEqualTo("bytes */10");
        assertThat(past.one("ActualObjectSize")).isEqualTo("10");
        assertThat(several.status()).isEqualTo(200);
        assertThat(several.text()).isEqualTo("0123456789");
    }

    @Test
    void a_head_with_a_range_is_206_without_a_body() {
        put(OBJECT, "0123456789");

        Reply head = request("HEAD", OBJECT).header("Range", "bytes=0-0").send();

        assertThat(head.status()).isEqualTo(206);
        assertThat(head.header("Content-Range")).isEqualTo("bytes 0-0/10");
        assertThat(head.response().payload()).isEmpty();
    }

    @Test
    void if_none_match_of_the_etag_is_304_with_the_etag_and_no_body() {
        String etag = put(OBJECT, "payload").header("ETag");

        Reply unchanged = request("GET", OBJECT).header("If-None-Match", etag).send();
        Reply changed = request("GET", OBJECT).header("If-None-Match", "\"0123456789abcdef0123456789abcdef\"").send();

        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.header("ETag")).isEqualTo(etag);
        assertThat(unchanged.header("Last-Modified")).isEqualTo("Mon, 01 Jun 2026 12:00:00 GMT");
        assertThat(unchanged.response().body()).isEmpty();
        assertThat(unchanged.response().payload()).isEmpty();
        assertThat(changed.status()).isEqualTo(200);
    }

    @Test
    void if_modified_since_a_later_date_is_304_and_if_unmodified_since_an_earlier_one_412() {
        put(OBJECT, "payload");
        clock.advance(Duration.ofHours(1));

        Reply notModified = request("GET", OBJECT).header("If-Modified-Since", "Mon, 01 Jun 2026 12:30:00 GMT").send();
        Reply modified = request("GET", OBJECT).header("If-Modified-Since", "Mon, 01 Jun 2026 11:00:00 GMT").send();
        Reply failed = request("GET", OBJECT).header("If-Unmodified-Since", "Mon, 01 Jun 2026 11:00:00 GMT").send();

        assertThat(notModified.status()).isEqualTo(304);
        assertThat(modified.status()).isEqualTo(200);
        assertThat(failed.status()).isEqualTo(412);
        assertThat(failed.code()).isEqualTo("PreconditionFailed");
        assertThat(failed.one("Condition")).isEqualTo("If-Unmodified-Since");
    }

    @Test
    void if_match_of_another_etag_is_PreconditionFailed() {
        put(OBJECT, "payload");

        Reply failed = request("GET", OBJECT).header("If-Match", "\"0123456789abcdef0123456789abcdef\"").send();

        assertThat(failed.status()).isEqualTo(412);
        assertThat(failed.code()).isEqualTo("PreconditionFailed");
        assertThat(failed.one("Condition")).isEqualTo("If-Match");
    }

    @Test
    void response_overrides_replace_the_headers_of_the_answer() {
        put(OBJECT, "payload");

        Reply got = get(OBJECT + "?response-content-type=text%2Fplain&response-content-disposition=attachment"
                + "&response-cache-control=no-cache&response-expires=Tue%2C%2002%20Jun%202026%2000%3A00%3A00%20GMT");

        assertThat(got.header("Content-Type")).isEqualTo("text/plain");
        assertThat(got.header("Content-Disposition")).isEqualTo("attachment");
        assertThat(got.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(got.header("Expires")).isEqualTo("Tue, 02 Jun 2026 00:00:00 GMT");
    }

    @Test
    void head_object_answers_the_headers_without_a_body_and_a_missing_key_a_bodiless_404() {
        put(OBJECT, "payload");

        Reply head = request("HEAD", OBJECT).send();
        Reply missing = request("HEAD", "/" + BUCKET + "/nothing").send();

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("7");
        assertThat(head.header("ETag")).isEqualTo(quotedMd5("payload".getBytes()));
        assertThat(head.response().payload()).isEmpty();
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.response().body()).isEmpty();
    }

    @Test
    void a_missing_key_is_NoSuchKey_and_a_missing_bucket_NoSuchBucket() {
        Reply key = get("/" + BUCKET + "/nothing");
        Reply bucket = get("/no-such-bucket/fw.bin");

        assertThat(key.status()).isEqualTo(404);
        assertThat(key.code()).isEqualTo("NoSuchKey");
        assertThat(key.one("Key")).isEqualTo("nothing");
        assertThat(key.one("Resource")).isEqualTo("/" + BUCKET + "/nothing");
        assertThat(bucket.status()).isEqualTo(404);
        assertThat(bucket.code()).isEqualTo("NoSuchBucket");
    }

    @Test
    void a_key_longer_than_1024_bytes_is_KeyTooLongError() {
        Reply refused = put("/" + BUCKET + "/" + "k".repeat(1025), "x");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("KeyTooLongError");
    }

    @Test
    void a_key_that_looks_like_a_path_out_of_the_store_is_stored_and_listed_as_data() throws Exception {
        Reply put = put("/" + BUCKET + "/../../etc/passwd", "not a password file");

        Reply got = get("/" + BUCKET + "/../../etc/passwd");
        Reply listed = get("/" + BUCKET + "?list-type=2");

        assertThat(put.status()).isEqualTo(200);
        assertThat(got.text()).isEqualTo("not a password file");
        assertThat(listed.all("Key")).containsExactly("../../etc/passwd");
        assertThat(Files.exists(dir.resolve("etc"))).isFalse();
        assertThat(Files.exists(dir.resolve("blobs").resolve("..").resolve("etc"))).isFalse();
    }

    @Test
    void a_versioned_bucket_keeps_every_version_and_a_delete_adds_a_delete_marker() {
        request("PUT", "/" + BUCKET + "?versioning").body(BucketOperationsTest.versioning("Enabled")).send();
        String first = put(OBJECT, "one").header("x-amz-version-id");
        String second = put(OBJECT, "two").header("x-amz-version-id");

        Reply old = get(OBJECT + "?versionId=" + first);
        Reply deleted = request("DELETE", OBJECT).send();
        Reply gone = get(OBJECT);
        Reply marker = get(OBJECT + "?versionId=" + deleted.header("x-amz-version-id"));
        Reply unknown = get(OBJECT + "?versionId=" + "A".repeat(32));
        Reply versions = get("/" + BUCKET + "?versions");

        assertThat(first).hasSize(32).isNotEqualTo(second);
        assertThat(old.text()).isEqualTo("one");
        assertThat(old.header("x-amz-version-id")).isEqualTo(first);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.header("x-amz-delete-marker")).isEqualTo("true");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.code()).isEqualTo("NoSuchKey");
        assertThat(gone.header("x-amz-delete-marker")).isEqualTo("true");
        assertThat(marker.status()).isEqualTo(405);
        assertThat(marker.code()).isEqualTo("MethodNotAllowed");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("NoSuchVersion");
        assertThat(versions.xml()).contains("<ListVersionsResult");
        assertThat(versions.all("VersionId")).containsExactly(second, first, deleted.header("x-amz-version-id"));
        assertThat(versions.all("IsLatest")).containsExactly("false", "false", "true");
        assertThat(versions.xml()).containsPattern("<DeleteMarker><Owner><ID>" + ACCOUNT + "</ID></Owner><Key>devices/fw.bin</Key>");
    }

    @Test
    void the_null_version_is_reported_as_null_once_the_bucket_was_versioned() {
        put(OBJECT, "before");
        Reply unversioned = request("HEAD", OBJECT).send();
        request("PUT", "/" + BUCKET + "?versioning").body(BucketOperationsTest.versioning("Suspended")).send();

        Reply suspended = get(OBJECT);
        Reply overwritten = put(OBJECT, "after");

        assertThat(unversioned.header("x-amz-version-id")).isNull();
        assertThat(suspended.header("x-amz-version-id")).isEqualTo("null");
        assertThat(overwritten.header("x-amz-version-id")).isEqualTo("null");
    }

    @Test
    void deleting_a_version_by_id_removes_it_for_good() {
        request("PUT", "/" + BUCKET + "?versioning").body(BucketOperationsTest.versioning("Enabled")).send();
        String first = put(OBJECT, "one").header("x-amz-version-id");
        put(OBJECT, "two");

        Reply deleted = request("DELETE", OBJECT + "?versionId=" + first).send();

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.header("x-amz-version-id")).isEqualTo(first);
        assertThat(deleted.header("x-amz-delete-marker")).isNull();
        assertThat(get(OBJECT + "?versionId=" + first).code()).isEqualTo("NoSuchVersion");
        assertThat(get(OBJECT).text()).isEqualTo("two");
    }

    @Test
    void delete_objects_deletes_each_and_reports_errors_per_object_and_quiet_leaves_out_the_deleted() {
        put("/" + BUCKET + "/a", "a");
        put("/" + BUCKET + "/b", "b");

        Reply verbose = request("POST", "/" + BUCKET + "?delete").body("<Delete><Object><Key>a</Key></Object>"
                + "<Object><Key>missing</Key></Object><Object><Key>b</Key><VersionId>bad id</VersionId></Object>"
                + "</Delete>").send();
        Reply quiet = request("POST", "/" + BUCKET + "?delete").body("<Delete><Quiet>true</Quiet>"
                + "<Object><Key>b</Key></Object></Delete>").send();

        assertThat(verbose.status()).isEqualTo(200);
        assertThat(verbose.xml()).contains("<DeleteResult").contains("<Deleted><Key>a</Key></Deleted>")
                .contains("<Deleted><Key>missing</Key></Deleted>");
        assertThat(verbose.xml()).contains("<Error><Key>b</Key><VersionId>bad id</VersionId><Code>InvalidArgument"
                + "</Code>");
        assertThat(quiet.xml()).doesNotContain("<Deleted>");
        assertThat(get("/" + BUCKET + "?list-type=2").all("Key")).isEmpty();
    }

    @Test
    void delete_objects_of_a_body_that_is_not_its_xml_is_MalformedXML() {
        Reply malformed = request("POST", "/" + BUCKET + "?delete").body("<Delete><Object>").send();
        Reply empty = request("POST", "/" + BUCKET + "?delete").body("<Delete></Delete>").send();

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo("MalformedXML");
        assertThat(empty.code()).isEqualTo("MalformedXML");
    }

    @Test
    void a_copy_keeps_the_source_metadata_or_replaces_it_by_directive() {
        request("PUT", OBJECT).header("Content-Type", "text/plain").header("x-amz-meta-origin", "factory")
                .body("image").send();

        Reply kept = request("PUT", "/" + BUCKET + "/copy").header("x-amz-copy-source", BUCKET + "/devices/fw.bin")
                .send();
        Reply replaced = request("PUT", "/" + BUCKET + "/replaced")
                .header("x-amz-copy-source", "/" + BUCKET + "/devices%2Ffw.bin")
                .header("x-amz-metadata-directive", "REPLACE").header("Content-Type", "application/json")
                .header("x-amz-meta-stage", "canary").send();

        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.xml()).contains("<CopyObjectResult");
        assertThat(kept.one("ETag")).isEqualTo(quotedMd5("image".getBytes()));
        assertThat(kept.one("LastModified")).isEqualTo("2026-06-01T12:00:00.000Z");
        Reply copy = get("/" + BUCKET + "/copy");
        assertThat(copy.text()).isEqualTo("image");
        assertThat(copy.header("Content-Type")).isEqualTo("text/plain");
        assertThat(copy.header("x-amz-meta-origin")).isEqualTo("factory");
        Reply other = request("HEAD", "/" + BUCKET + "/replaced").send();
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(other.header("Content-Type")).isEqualTo("application/json");
        assertThat(other.header("x-amz-meta-stage")).isEqualTo("canary");
        assertThat(other.header("x-amz-meta-origin")).isNull();
    }

    @Test
    void a_copy_of_a_source_version_names_it_and_source_conditions_fail_with_412() {
        request("PUT", "/" + BUCKET + "?versioning").body(BucketOperationsTest.versioning("Enabled")).send();
        String first = put(OBJECT, "one").header("x-amz-version-id");
        put(OBJECT, "two");

        Reply copied = request("PUT", "/" + BUCKET + "/copy")
                .header("x-amz-copy-source", BUCKET + "/devices/fw.bin?versionId=" + first).send();
        Reply failed = request("PUT", "/" + BUCKET + "/copy2").header("x-amz-copy-source", BUCKET + "/devices/fw.bin")
                .header("x-amz-copy-source-if-match", "\"0123456789abcdef0123456789abcdef\"").send();

        assertThat(copied.header("x-amz-copy-source-version-id")).isEqualTo(first);
        assertThat(copied.header("x-amz-version-id")).hasSize(32);
        assertThat(get("/" + BUCKET + "/copy").text()).isEqualTo("one");
        assertThat(failed.status()).isEqualTo(412);
        assertThat(failed.code()).isEqualTo("PreconditionFailed");
    }

    @Test
    void copying_an_object_onto_itself_unchanged_is_InvalidRequest_and_a_missing_source_NoSuchKey() {
        put(OBJECT, "image");

        Reply onto = request("PUT", OBJECT).header("x-amz-copy-source", BUCKET + "/devices/fw.bin").send();
        Reply missing = request("PUT", OBJECT).header("x-amz-copy-source", BUCKET + "/nothing").send();

        assertThat(onto.status()).isEqualTo(400);
        assertThat(onto.code()).isEqualTo("InvalidRequest");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("NoSuchKey");
    }

    @Test
    void object_tagging_is_an_empty_tag_set_of_an_object_that_exists() {
        put(OBJECT, "image");

        Reply tags = get(OBJECT + "?tagging");
        Reply missing = get("/" + BUCKET + "/nothing?tagging");

        assertThat(tags.status()).isEqualTo(200);
        assertThat(tags.xml()).contains("<TagSet");
        assertThat(tags.xml()).doesNotContain("<Tag>");
        assertThat(missing.code()).isEqualTo("NoSuchKey");
    }

    @Test
    void what_the_store_would_not_keep_is_refused_as_NotImplemented_and_nothing_is_stored() {
        Reply customerKey = request("PUT", OBJECT).header("x-amz-server-side-encryption-customer-algorithm", "AES256")
                .body("x").send();
        Reply kms = request("PUT", OBJECT).header("x-amz-server-side-encryption", "aws:kms").body("x").send();
        Reply tags = request("PUT", OBJECT).header("x-amz-tagging", "stage=canary").body("x").send();
        Reply conditional = request("PUT", OBJECT).header("If-None-Match", "*").body("x").send();
        Reply sseS3 = request("PUT", "/" + BUCKET + "/kept").header("x-amz-server-side-encryption", "AES256")
                .body("x").send();

        assertThat(customerKey.status()).isEqualTo(501);
        assertThat(customerKey.code()).isEqualTo("NotImplemented");
        assertThat(kms.code()).isEqualTo("NotImplemented");
        assertThat(tags.code()).isEqualTo("NotImplemented");
        assertThat(conditional.code()).isEqualTo("NotImplemented");
        assertThat(get(OBJECT).code()).isEqualTo("NoSuchKey");
        assertThat(sseS3.status()).isEqualTo(200);
    }

    static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return base64(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static String crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return base64(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
