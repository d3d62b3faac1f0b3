package io.fleetline.api.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload, ListParts and
 * ListMultipartUploads on the wire.
 */
class MultipartOperationsTest extends S3Fixture {
    private static final String OBJECT = "/" + BUCKET + "/images/big.bin";
    private static final int FIVE_MIB = 5 * 1024 * 1024;

    @BeforeEach
    void bucket() {
        createBucket(BUCKET);
    }

    @Test
    void an_upload_of_two_parts_completes_into_one_object_whose_etag_is_the_md5_of_the_part_md5s_and_the_count() {
        byte[] one = bytes(FIVE_MIB, 1);
        byte[] two = bytes(1000, 2);
        Reply created = request("POST", OBJECT + "?uploads").header("Content-Type", "application/x-firmware")
                .header("x-amz-meta-release", "7").send();
        String uploadId = created.one("UploadId");

        Reply part1 = request("PUT", OBJECT + "?partNumber=1&uploadId=" + uploadId)
                .header("Content-MD5", base64(digest("MD5", one))).body(one).send();
        Reply part2 = request("PUT", OBJECT + "?partNumber=2&uploadId=" + uploadId).body(two).send();
        Reply parts = get(OBJECT + "?uploadId=" + uploadId);
        Reply uploads = get("/" + BUCKET + "?uploads");
        Reply completed = request("POST", OBJECT + "?uploadId=" + uploadId).body(completion(
                1, part1.header("ETag"), 2, part2.header("ETag"))).send();

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.xml()).contains("<InitiateMultipartUploadResult");
        assertThat(created.one("Bucket")).isEqualTo(BUCKET);
        assertThat(created.one("Key")).isEqualTo("images/big.bin");
        assertThat(part1.header("ETag")).isEqualTo(quotedMd5(one));
        assertThat(parts.xml()).contains("<ListPartsResult");
        assertThat(parts.all("PartNumber")).containsExactly("1", "2");
        assertThat(parts.all("Size")).containsExactly(Integer.toString(FIVE_MIB), "1000");
        assertThat(parts.all("ID")).containsOnly(ACCOUNT);
        assertThat(uploads.xml()).contains("<ListMultipartUploadsResult");
        assertThat(uploads.one("UploadId")).isEqualTo(uploadId);
        assertThat(uploads.one("Key")).isEqualTo("images/big.bin");
        assertThat(uploads.one("Initiated")).isEqualTo("2026-06-01T12:00:00.000Z");
        String expected = '"' + HexFormat.of().formatHex(digest("MD5", concat(digest("MD5", one), digest("MD5", two))))
                + "-2\"";
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.xml()).contains("<CompleteMultipartUploadResult");
        assertThat(completed.one("ETag")).isEqualTo(expected);
        Reply object = get(OBJECT);
        assertThat(object.bytes()).isEqualTo(concat(one, two));
        assertThat(object.header("ETag")).isEqualTo(expected);
        assertThat(object.header("Content-Type")).isEqualTo("application/x-firmware");
        assertThat(object.header("x-amz-meta-release")).isEqualTo("7");
        assertThat(object.header("x-amz-mp-parts-count")).isNull();
        assertThat(get(OBJECT + "?partNumber=1").bytes()).isEqualTo(concat(one, two));
        assertThat(get(OBJECT + "?partNumber=2").code()).isEqualTo("NotImplemented");
        assertThat(get("/" + BUCKET + "?uploads").all("UploadId")).isEmpty();
    }

    @Test
    void a_part_but_the_last_under_5_mib_is_EntityTooSmall() {
        String uploadId = request("POST", OBJECT + "?uploads").send().one("UploadId");
        String e1 = request("PUT", OBJECT + "?partNumber=1&uploadId=" + uploadId).body("small").send().header("ETag");
        String e2 = request("PUT", OBJECT + "?partNumber=2&uploadId=" + uploadId).body("last").send().header("ETag");

        Reply refused = request("POST", OBJECT + "?uploadId=" + uploadId).body(completion(1, e1, 2, e2)).send();

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("EntityTooSmall");
        assertThat(get(OBJECT).code()).isEqualTo("NoSuchKey");
    }

    @Test
    void a_part_named_with_another_etag_is_InvalidPart_and_parts_out_of_order_InvalidPartOrder() {
        String uploadId = request("POST", OBJECT + "?uploads").send().one("UploadId");
        String e1 = request("PUT", OBJECT + "?partNumber=1&uploadId=" + uploadId).body("one").send().header("ETag");
        String e2 = request("PUT", OBJECT + "?partNumber=2&uploadId=" + uploadId).body("two").send().header("ETag");

        Reply wrongTag = request("POST", OBJECT + "?uploadId=" + uploadId)
                .body(completion(1, "\"0123456789abcdef0123456789abcdef\"")).send();
        Reply unknown = request("POST", OBJECT + "?uploadId=" + uploadId).body(completion(3, e1)).send();
        Reply disordered = request("POST", OBJECT + "?uploadId=" + uploadId).body(completion(2, e2, 1, e1)).send();
        Reply single = request("POST", OBJECT + "?uploadId=" + uploadId).body(completion(1, e1)).send();

        assertThat(wrongTag.status()).isEqualTo(400);
        assertThat(wrongTag.code()).isEqualTo("InvalidPart");
        assertThat(unknown.code()).isEqualTo("InvalidPart");
        assertThat(disordered.status()).isEqualTo(400);
        assertThat(disordered.code()).isEqualTo("InvalidPartOrder");
        assertThat(single.status()).isEqualTo(200);
        assertThat(single.one("ETag")).endsWith("-1\"");
        assertThat(get(OBJECT).text()).isEqualTo("one");
    }

    @Test
    void a_completion_that_is_not_its_xml_is_MalformedXML() {
        String uploadId = request("POST", OBJECT + "?uploads").send().one("UploadId");

        Reply malformed = request("POST", OBJECT + "?uploadId=" + uploadId).body("<CompleteMultipartUpload><Part>")
                .send();
        Reply empty = request("POST", OBJECT + "?uploadId=" + uploadId)
                .body("<CompleteMultipartUpload></CompleteMultipartUpload>").send();

        assertThat(malformed.code()).isEqualTo("MalformedXML");
        assertThat(empty.code()).isEqualTo("MalformedXML");
    }

    @Test
    void an_aborted_upload_is_gone_and_naming_it_again_is_NoSuchUpload() {
        String uploadId = request("POST", OBJECT + "?uploads").send().one("UploadId");
        request("PUT", OBJECT + "?partNumber=1&uploadId=" + uploadId).body("one").send();

        Reply aborted = request("DELETE", OBJECT + "?uploadId=" + uploadId).send();
        Reply again = request("DELETE", OBJECT + "?uploadId=" + uploadId).send();
        Reply part = request("PUT", OBJECT + "?partNumber=2&uploadId=" + uploadId).body("two").send();
        Reply parts = get(OBJECT + "?uploadId=" + uploadId);

        assertThat(aborted.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.code()).isEqualTo("NoSuchUpload");
        assertThat(again.one("UploadId")).isEqualTo(uploadId);
        assertThat(part.code()).isEqualTo("NoSuchUpload");
        assertThat(parts.code()).isEqualTo("NoSuchUpload");
    }

    @Test
    void a_part_number_out_of_range_is_InvalidArgument_and_a_bad_part_digest_BadDigest() {
        String uploadId = request("POST", OBJECT + "?uploads").send().one("UploadId");

        Reply zero = request("PUT", OBJECT + "?partNumber=0&uploadId=" + uploadId).body("x").send();
        Reply corrupt = request("PUT", OBJECT + "?partNumber=1&uploadId=" + uploadId)
                .header("x-amz-checksum-crc32", ObjectOperationsTest.crc32("y".getBytes())).body("x").send();

        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.code()).isEqualTo("InvalidArgument");
        assertThat(corrupt.code()).isEqualTo("BadDigest");
        assertThat(get(OBJECT + "?uploadId=" + uploadId).all("PartNumber")).isEmpty();
    }

    @Test
    void a_part_copied_from_a_range_of_an_object_holds_those_bytes() {
        put("/" + BUCKET + "/source", "0123456789");
        String uploadId = request("POST", OBJECT + "?uploads").send().one("UploadId");

        Reply copied = request("PUT", OBJECT + "?partNumber=1&uploadId=" + uploadId)
                .header("x-amz-copy-source", BUCKET + "/source").header("x-amz-copy-source-range", "bytes=2-5").send();
        Reply outside = request("PUT", OBJECT + "?partNumber=2&uploadId=" + uploadId)
                .header("x-amz-copy-source", BUCKET + "/source").header("x-amz-copy-source-range", "bytes=5-20").send();
        Reply completed = request("POST", OBJECT + "?uploadId=" + uploadId)
                .body(completion(1, copied.one("ETag"))).send();

        assertThat(copied.status()).isEqualTo(200);
        assertThat(copied.xml()).contains("<CopyPartResult");
        assertThat(copied.one("ETag")).isEqualTo(quotedMd5("2345".getBytes()));
        assertThat(completed.status()).isEqualTo(200);
        assertThat(get(OBJECT).text()).isEqualTo("2345");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.code()).isEqualTo("InvalidArgument");
    }

    @Test
    void list_parts_pages_by_max_parts() {
        String uploadId = request("POST", OBJECT + "?uploads").send().one("UploadId");
        for (int n = 1; n <= 3; n++) {
            request("PUT", OBJECT + "?partNumber=" + n + "&uploadId=" + uploadId).body("part" + n).send();
        }

        Reply first = get(OBJECT + "?uploadId=" + uploadId + "&max-parts=2");
        Reply second = get(OBJECT + "?uploadId=" + uploadId + "&max-parts=2&part-number-marker="
                + first.one("NextPartNumberMarker"));

        assertThat(first.all("PartNumber")).containsExactly("1", "2");
        assertThat(first.one("IsTruncated")).isEqualTo("true");
        assertThat(first.one("MaxParts")).isEqualTo("2");
        assertThat(second.all("PartNumber")).containsExactly("3");
        assertThat(second.one("IsTruncated")).isEqualTo("false");
    }

    @Test
    void list_multipart_uploads_rolls_up_by_delimiter_and_pages_by_markers() {
        String a = request("POST", "/" + BUCKET + "/a/one?uploads").send().one("UploadId");
        request("POST", "/" + BUCKET + "/b?uploads").send();
        request("POST", "/" + BUCKET + "/c?uploads").send();

        Reply rolled = get("/" + BUCKET + "?uploads&delimiter=%2F");
        Reply first = get("/" + BUCKET + "?uploads&max-uploads=1");
        Reply second = get("/" + BUCKET + "?uploads&max-uploads=1&key-marker=" + first.one("NextKeyMarker")
                .replace("/", "%2F") + "&upload-id-marker=" + first.one("NextUploadIdMarker"));

        assertThat(rolled.all("Key")).containsExactly("b", "c");
        assertThat(rolled.all("Prefix")).containsExactly("", "a/");
        assertThat(first.one("UploadId")).isEqualTo(a);
        assertThat(first.one("IsTruncated")).isEqualTo("true");
        assertThat(first.one("MaxUploads")).isEqualTo("1");
        assertThat(second.one("Key")).isEqualTo("b");
    }

    static String completion(Object... numbersAndTags) {
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        for (int i = 0; i < numbersAndTags.length; i += 2) {
            xml.append("<Part><PartNumber>").append(numbersAndTags[i]).append("</PartNumber><ETag>")
                    .append(numbersAndTags[i + 1]).append("</ETag></Part>");
        }
        return xml.append("</CompleteMultipartUpload>").toString();
    }

    static byte[] concat(byte[]... arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] array : arrays) {
            out.writeBytes(array);
        }
        return out.toByteArray();
    }
}
