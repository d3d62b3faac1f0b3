package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 API on the API port driven by the AWS SDK for Java v2's {@code S3Client} as users configure it for a local
 * endpoint (path-style, default checksum settings: CRC32 trailers on uploads, checksum validation on downloads), every
 * operation of the subset, and the {@code S3Presigner}'s URLs fetched with a plain HTTP client; on each database. One
 * server per class; each test works in buckets of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3SdkIT {
    private static final HexFormat HEX = HexFormat.of();
    @TempDir
    static Path dir;
    TestServer server;
    S3Client s3;

    abstract Store store();

    @BeforeAll
    void start() {
        server = TestServer.start(store(), dir);
        s3 = Sdk.s3(server);
    }

    @AfterAll
    void stop() {
        s3.close();
        server.close();
    }

    private void put(String bucket, String key, String text) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(text));
    }

    private String get(String bucket, String key) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
    }

    private static String md5(byte[] bytes) throws Exception {
        return HEX.formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static S3Exception s3Error(Runnable call) {
        try {
            call.run();
        } catch (S3Exception e) {
            return e;
        }
        throw new AssertionError("no S3 error");
    }

    @Test
    void buckets_are_created_listed_and_deleted_only_once_empty() {
        s3.createBucket(r -> r.bucket("fleet-buckets"));
        s3.headBucket(r -> r.bucket("fleet-buckets"));
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("fleet-buckets");
        s3.createBucket(r -> r.bucket("fleet-buckets"));  // us-east-1 answers success for a bucket one owns
        put("fleet-buckets", "firmware.bin", "v1");

        S3Exception notEmpty = s3Error(() -> s3.deleteBucket(r -> r.bucket("fleet-buckets")));
        assertThat(notEmpty.statusCode()).isEqualTo(409);
        assertThat(notEmpty.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
        s3.deleteObject(r -> r.bucket("fleet-buckets").key("firmware.bin"));
        s3.deleteBucket(r -> r.bucket("fleet-buckets"));

        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket("fleet-buckets")))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).doesNotContain("fleet-buckets");
        assertThatThrownBy(() -> s3.listObjectsV2(r -> r.bucket("fleet-buckets")))
                .isInstanceOfSatisfying(NoSuchBucketException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
                });
    }

    @Test
    void put_get_and_head_keep_the_bytes_metadata_content_type_and_etag() throws Exception {
        s3.createBucket(r -> r.bucket("fleet-objects"));
        byte[] firmware = new byte[300_000];
        new Random(7).nextBytes(firmware);
        String etag = s3.putObject(r -> r.bucket("fleet-objects").key("devices/sensor-hub/firmware v2.1.0.bin")
                .contentType("application/octet-stream").metadata(Map.of("version", "2.1.0", "md5", "abc123def456")),
                RequestBody.fromBytes(firmware)).eTag();
        assertThat(etag).isEqualTo("\"" + md5(firmware) + "\"");

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket("fleet-objects")
                .key("devices/sensor-hub/firmware v2.1.0.bin"));
        assertThat(got.asByteArray()).isEqualTo(firmware);
        assertThat(got.response().metadata()).isEqualTo(Map.of("version", "2.1.0", "md5", "abc123def456"));
        assertThat(got.response().contentType()).isEqualTo("application/octet-stream");
        assertThat(got.response().eTag()).isEqualTo(etag);

        HeadObjectResponse head = s3.headObject(r -> r.bucket("fleet-objects")
                .key("devices/sensor-hub/firmware v2.1.0.bin"));
        assertThat(head.contentLength()).isEqualTo(firmware.length);
        assertThat(head.eTag()).isEqualTo(etag);
        assertThat(head.metadata()).containsEntry("version", "2.1.0");
        assertThat(head.lastModified()).isNotNull();

        put("fleet-objects", "devices/sensor-hub/firmware v2.1.0.bin", "replaced");
        assertThat(get("fleet-objects", "devices/sensor-hub/firmware v2.1.0.bin")).isEqualTo("replaced");
        assertThatThrownBy(() -> s3.getObject(r -> r.bucket("fleet-objects").key("no/such/key")))
                .isInstanceOfSatisfying(NoSuchKeyException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
                });
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket("fleet-objects").key("no/such/key")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> s3.putObject(r -> r.bucket("no-such-bucket").key("k"), RequestBody.fromString("x")))
                .isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void ranges_and_conditions_are_answered_as_s3_answers_them() {
        s3.createBucket(r -> r.bucket("fleet-ranges"));
        put("fleet-ranges", "digits", "0123456789");
        String etag = s3.headObject(r -> r.bucket("fleet-ranges").key("digits")).eTag();

        ResponseBytes<GetObjectResponse> slice = s3.getObjectAsBytes(r -> r.bucket("fleet-ranges").key("digits")
                .range("bytes=2-5"));
        assertThat(slice.asUtf8String()).isEqualTo("2345");
        assertThat(slice.response().contentRange()).isEqualTo("bytes 2-5/10");
        assertThat(s3.getObjectAsBytes(r -> r.bucket("fleet-ranges").key("digits").range("bytes=-3")).asUtf8String())
                .isEqualTo("789");
        assertThat(s3.getObjectAsBytes(r -> r.bucket("fleet-ranges").key("digits").range("bytes=7-")).asUtf8String())
                .isEqualTo("789");
        S3Exception unsatisfiable = s3Error(() -> s3.getObject(r -> r.bucket("fleet-ranges").key("digits")
                .range("bytes=20-30")));
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(unsatisfiable.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");

        assertThat(get("fleet-ranges", "digits")).isEqualTo("0123456789");
        assertThat(s3.getObjectAsBytes(r -> r.bucket("fleet-ranges").key("digits").ifMatch(etag)).asUtf8String())
                .isEqualTo("0123456789");
        S3Exception failed = s3Error(() -> s3.getObject(r -> r.bucket("fleet-ranges").key("digits")
                .ifMatch("\"0000\"")));
        assertThat(failed.statusCode()).isEqualTo(412);
        assertThat(failed.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
        assertThat(s3Error(() -> s3.getObject(r -> r.bucket("fleet-ranges").key("digits").ifNoneMatch(etag)))
                .statusCode()).isEqualTo(304);
        assertThat(s3Error(() -> s3.headObject(r -> r.bucket("fleet-ranges").key("digits")
                .ifModifiedSince(java.time.Instant.now().plus(Duration.ofHours(1))))).statusCode()).isEqualTo(304);
    }

    @Test
    void versioning_keeps_every_version_and_deletes_add_markers_until_a_version_is_deleted_by_id() {
        s3.createBucket(r -> r.bucket("fleet-versions"));
        s3.putBucketVersioning(r -> r.bucket("fleet-versions").versioningConfiguration(v -> v
                .status(BucketVersioningStatus.ENABLED)));
        assertThat(s3.getBucketVersioning(r -> r.bucket("fleet-versions")).status())
                .isEqualTo(BucketVersioningStatus.ENABLED);
        String v1 = s3.putObject(r -> r.bucket("fleet-versions").key("fw.bin"), RequestBody.fromString("one"))
                .versionId();
        String v2 = s3.putObject(r -> r.bucket("fleet-versions").key("fw.bin"), RequestBody.fromString("two"))
                .versionId();
        assertThat(v1).isNotEqualTo(v2).isNotEqualTo("null");
        assertThat(get("fleet-versions", "fw.bin")).isEqualTo("two");
        assertThat(s3.getObjectAsBytes(r -> r.bucket("fleet-versions").key("fw.bin").versionId(v1)).asUtf8String())
                .isEqualTo("one");

        var deleted = s3.deleteObject(r -> r.bucket("fleet-versions").key("fw.bin"));
        assertThat(deleted.deleteMarker()).isTrue();
        String marker = deleted.versionId();
        assertThatThrownBy(() -> s3.getObject(r -> r.bucket("fleet-versions").key("fw.bin")))
                .isInstanceOf(NoSuchKeyException.class);
        assertThat(s3.listObjectsV2(r -> r.bucket("fleet-versions")).contents()).isEmpty();
        var versions = s3.listObjectVersions(r -> r.bucket("fleet-versions"));
        assertThat(versions.versions()).extracting(ObjectVersion::versionId).containsExactly(v2, v1);
        assertThat(versions.versions()).extracting(ObjectVersion::isLatest).containsExactly(false, false);
        assertThat(versions.deleteMarkers()).extracting(DeleteMarkerEntry::versionId).containsExactly(marker);
        assertThat(versions.deleteMarkers().get(0).isLatest()).isTrue();

        S3Exception markerRead = s3Error(() -> s3.getObject(r -> r.bucket("fleet-versions").key("fw.bin")
                .versionId(marker)));
        assertThat(markerRead.statusCode()).isEqualTo(405);
        assertThat(markerRead.awsErrorDetails().errorCode()).isEqualTo("MethodNotAllowed");

        s3.deleteObject(r -> r.bucket("fleet-versions").key("fw.bin").versionId(marker));
        assertThat(get("fleet-versions", "fw.bin")).as("the marker gone, v2 is current again").isEqualTo("two");
        s3.deleteObject(r -> r.bucket("fleet-versions").key("fw.bin").versionId(v2));
        assertThat(get("fleet-versions", "fw.bin")).isEqualTo("one");
        assertThat(s3.listObjectVersions(r -> r.bucket("fleet-versions")).versions())
                .extracting(ObjectVersion::versionId).containsExactly(v1);

        s3.putBucketVersioning(r -> r.bucket("fleet-versions").versioningConfiguration(v -> v
                .status(BucketVersioningStatus.SUSPENDED)));
        assertThat(s3.putObject(r -> r.bucket("fleet-versions").key("fw.bin"), RequestBody.fromString("three"))
                .versionId()).isIn(null, "null");
        assertThat(s3.listObjectVersions(r -> r.bucket("fleet-versions")).versions())
                .extracting(ObjectVersion::versionId).containsExactly("null", v1);
    }

    @Test
    void delete_objects_deletes_many_keys_and_versions_in_one_request() {
        s3.createBucket(r -> r.bucket("fleet-batch"));
        for (String key : List.of("a", "b", "c", "keep")) {
            put("fleet-batch", key, key);
        }
        var answer = s3.deleteObjects(r -> r.bucket("fleet-batch").delete(d -> d.objects(
                ObjectIdentifier.builder().key("a").build(), ObjectIdentifier.builder().key("b").build(),
                ObjectIdentifier.builder().key("c").build(), ObjectIdentifier.builder().key("never-was").build())));
        assertThat(answer.deleted()).extracting(d -> d.key()).containsExactlyInAnyOrder("a", "b", "c", "never-was");
        assertThat(answer.errors()).isEmpty();
        assertThat(s3.listObjectsV2(r -> r.bucket("fleet-batch")).contents()).extracting(S3Object::key)
                .containsExactly("keep");

        s3.putBucketVersioning(r -> r.bucket("fleet-batch").versioningConfiguration(v -> v
                .status(BucketVersioningStatus.ENABLED)));
        String version = s3.putObject(r -> r.bucket("fleet-batch").key("keep"), RequestBody.fromString("v2"))
                .versionId();
        var quiet = s3.deleteObjects(r -> r.bucket("fleet-batch").delete(d -> d.quiet(true).objects(
                ObjectIdentifier.builder().key("keep").versionId(version).build())));
        assertThat(quiet.deleted()).isEmpty();
        assertThat(get("fleet-batch", "keep")).isEqualTo("keep");
    }

    @Test
    void copy_object_copies_bytes_with_their_metadata_or_replaces_it_across_buckets() {
        s3.createBucket(r -> r.bucket("fleet-copy-from"));
        s3.createBucket(r -> r.bucket("fleet-copy-to"));
        s3.putObject(r -> r.bucket("fleet-copy-from").key("fw/v1.bin").contentType("application/x-firmware")
                .metadata(Map.of("version", "1")), RequestBody.fromString("image one"));

        var copied = s3.copyObject(r -> r.sourceBucket("fleet-copy-from").sourceKey("fw/v1.bin")
                .destinationBucket("fleet-copy-to").destinationKey("released/v1.bin"));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo(s3.headObject(r -> r.bucket("fleet-copy-from")
                .key("fw/v1.bin")).eTag());
        HeadObjectResponse same = s3.headObject(r -> r.bucket("fleet-copy-to").key("released/v1.bin"));
        assertThat(same.metadata()).isEqualTo(Map.of("version", "1"));
        assertThat(same.contentType()).isEqualTo("application/x-firmware");
        assertThat(get("fleet-copy-to", "released/v1.bin")).isEqualTo("image one");

        s3.copyObject(r -> r.sourceBucket("fleet-copy-from").sourceKey("fw/v1.bin")
                .destinationBucket("fleet-copy-from").destinationKey("fw/v1.bin")
                .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("version", "1", "signed", "yes")));
        assertThat(s3.headObject(r -> r.bucket("fleet-copy-from").key("fw/v1.bin")).metadata())
                .isEqualTo(Map.of("version", "1", "signed", "yes"));
        S3Exception onto = s3Error(() -> s3.copyObject(r -> r.sourceBucket("fleet-copy-from").sourceKey("fw/v1.bin")
                .destinationBucket("fleet-copy-from").destinationKey("fw/v1.bin")));
        assertThat(onto.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
        assertThatThrownBy(() -> s3.copyObject(r -> r.sourceBucket("fleet-copy-from").sourceKey("missing")
                .destinationBucket("fleet-copy-to").destinationKey("x"))).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void listings_take_prefix_delimiter_and_pages_in_each_version_of_the_api() {
        s3.createBucket(r -> r.bucket("fleet-listing"));
        List<String> keys = List.of("devices/a/1.bin", "devices/a/2.bin", "devices/b/1.bin", "devices/c.bin",
                "jobs/doc.json", "readme", "ünïcode key");
        keys.forEach(key -> put("fleet-listing", key, key));

        var rolled = s3.listObjectsV2(r -> r.bucket("fleet-listing").prefix("devices/").delimiter("/"));
        assertThat(rolled.contents()).extracting(S3Object::key).containsExactly("devices/c.bin");
        assertThat(rolled.commonPrefixes()).extracting(CommonPrefix::prefix)
                .containsExactly("devices/a/", "devices/b/");
        assertThat(s3.listObjectsV2(r -> r.bucket("fleet-listing").delimiter("/")).commonPrefixes())
                .extracting(CommonPrefix::prefix).containsExactly("devices/", "jobs/");

        List<String> paged = new ArrayList<>();
        int pages = 0;
        for (var page : s3.listObjectsV2Paginator(r -> r.bucket("fleet-listing").maxKeys(2))) {
            page.contents().forEach(o -> paged.add(o.key()));
            pages++;
        }
        assertThat(paged).containsExactlyElementsOf(keys);
        assertThat(pages).isEqualTo(4);
        var afterStart = s3.listObjectsV2(r -> r.bucket("fleet-listing").startAfter("jobs/doc.json"));
        assertThat(afterStart.contents()).extracting(S3Object::key).containsExactly("readme", "ünïcode key");
        assertThatThrownBy(() -> s3.listObjectsV2(r -> r.bucket("fleet-listing").continuationToken("not a token")))
                .isInstanceOfSatisfying(S3Exception.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument"));

        // ListObjects (v1) without a delimiter names no NextMarker: the client goes on after the last key
        List<String> v1 = new ArrayList<>();
        String marker = null;
        for (boolean more = true; more; ) {
            String after = marker;
            var page = s3.listObjects(r -> r.bucket("fleet-listing").prefix("devices/").maxKeys(3).marker(after));
            page.contents().forEach(o -> v1.add(o.key()));
            more = page.isTruncated();
            marker = v1.get(v1.size() - 1);
        }
        assertThat(v1).containsExactly("devices/a/1.bin", "devices/a/2.bin", "devices/b/1.bin", "devices/c.bin");
        var first = s3.listObjects(r -> r.bucket("fleet-listing").maxKeys(1).delimiter("/"));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("devices/");
        assertThat(s3.listObjects(r -> r.bucket("fleet-listing").delimiter("/").marker(first.nextMarker()))
                .commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("jobs/");

        List<String> versions = new ArrayList<>();
        for (var page : s3.listObjectVersionsPaginator(r -> r.bucket("fleet-listing").prefix("devices/a/")
                .maxKeys(1))) {
            page.versions().forEach(v -> versions.add(v.key() + "@" + v.versionId()));
        }
        assertThat(versions).containsExactly("devices/a/1.bin@null", "devices/a/2.bin@null");
    }

    @Test
    void multipart_uploads_join_uploaded_and_copied_parts_and_aborted_ones_leave_nothing() throws Exception {
        s3.createBucket(r -> r.bucket("fleet-multipart"));
        byte[] first = new byte[5 * 1024 * 1024];
        new Random(11).nextBytes(first);
        put("fleet-multipart", "source.bin", "0123456789abcdef");

        String upload = s3.createMultipartUpload(r -> r.bucket("fleet-multipart").key("image.bin")
                .contentType("application/x-firmware").metadata(Map.of("version", "3"))).uploadId();
        assertThat(s3.listMultipartUploads(r -> r.bucket("fleet-multipart")).uploads())
                .extracting(u -> u.key() + "/" + u.uploadId()).containsExactly("image.bin/" + upload);
        String part1 = s3.uploadPart(r -> r.bucket("fleet-multipart").key("image.bin").uploadId(upload).partNumber(1),
                RequestBody.fromBytes(first)).eTag();
        String part2 = s3.uploadPartCopy(r -> r.sourceBucket("fleet-multipart").sourceKey("source.bin")
                .copySourceRange("bytes=4-9").destinationBucket("fleet-multipart").destinationKey("image.bin")
                .uploadId(upload).partNumber(2)).copyPartResult().eTag();
        var parts = s3.listParts(r -> r.bucket("fleet-multipart").key("image.bin").uploadId(upload));
        assertThat(parts.parts()).extracting(p -> p.partNumber() + ":" + p.size() + ":" + p.eTag())
                .containsExactly("1:" + first.length + ":" + part1, "2:6:" + part2);
        assertThat(part1).isEqualTo("\"" + md5(first) + "\"");

        String etag = s3.completeMultipartUpload(r -> r.bucket("fleet-multipart").key("image.bin").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part1).build(),
                        CompletedPart.builder().partNumber(2).eTag(part2).build()))).eTag();
        assertThat(etag).endsWith("-2\"");
        ResponseBytes<GetObjectResponse> whole = s3.getObjectAsBytes(r -> r.bucket("fleet-multipart").key("image.bin"));
        byte[] expected = Arrays.copyOf(first, first.length + 6);
        System.arraycopy("456789".getBytes(StandardCharsets.US_ASCII), 0, expected, first.length, 6);
        assertThat(whole.asByteArray()).isEqualTo(expected);
        assertThat(whole.response().metadata()).isEqualTo(Map.of("version", "3"));
        assertThat(whole.response().eTag()).isEqualTo(etag);
        assertThat(s3.listMultipartUploads(r -> r.bucket("fleet-multipart")).uploads()).isEmpty();

        String aborted = s3.createMultipartUpload(r -> r.bucket("fleet-multipart").key("abandoned.bin")).uploadId();
        s3.uploadPart(r -> r.bucket("fleet-multipart").key("abandoned.bin").uploadId(aborted).partNumber(1),
                RequestBody.fromString("a part"));
        s3.abortMultipartUpload(r -> r.bucket("fleet-multipart").key("abandoned.bin").uploadId(aborted));
        assertThat(s3.listMultipartUploads(r -> r.bucket("fleet-multipart")).uploads()).isEmpty();
        assertThatThrownBy(() -> s3.uploadPart(r -> r.bucket("fleet-multipart").key("abandoned.bin")
                .uploadId(aborted).partNumber(2), RequestBody.fromString("late")))
                .isInstanceOf(NoSuchUploadException.class);
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket("fleet-multipart").key("abandoned.bin")))
                .isInstanceOf(S3Exception.class);
    }

    @Test
    void presigned_get_and_put_urls_work_from_a_plain_http_client_and_refuse_tampering_in_s3_xml() throws Exception {
        s3.createBucket(r -> r.bucket("fleet-presigned"));
        put("fleet-presigned", "fw/v2.bin", "firmware v2");
        try (S3Presigner presigner = Sdk.presigner(server); HttpClient http = HttpClient.newHttpClient()) {
            URI get = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(g -> g.bucket("fleet-presigned").key("fw/v2.bin"))).url().toURI();
            HttpResponse<String> fetched = http.send(HttpRequest.newBuilder(get).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).isEqualTo("firmware v2");
            HttpResponse<String> ranged = http.send(HttpRequest.newBuilder(get).header("Range", "bytes=9-").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ranged.statusCode()).isEqualTo(206);
            assertThat(ranged.body()).isEqualTo("v2");

            URI put = presigner.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(10))
                    .putObjectRequest(p -> p.bucket("fleet-presigned").key("uploaded by url.json"))).url().toURI();
            HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(put)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"version\": \"2.1.0\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
            assertThat(get("fleet-presigned", "uploaded by url.json")).isEqualTo("{\"version\": \"2.1.0\"}");

            URI tampered = URI.create(get.toString().replace("fw/v2.bin", "fw/v3.bin"));
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(tampered).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("content-type")).hasValueSatisfying(type ->
                    assertThat(type).contains("xml"));
            assertThat(refused.body()).contains("<Error>").contains("<Code>SignatureDoesNotMatch</Code>");
        }
    }

    @Test
    void bad_digests_parts_and_part_numbers_are_s3_client_errors_and_store_nothing() {
        s3.createBucket(r -> r.bucket("fleet-hostile"));
        S3Exception badDigest = s3Error(() -> s3.putObject(r -> r.bucket("fleet-hostile").key("fw.bin")
                .contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="), RequestBody.fromString("not empty")));
        assertThat(badDigest.statusCode()).isEqualTo(400);
        assertThat(badDigest.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket("fleet-hostile").key("fw.bin")))
                .as("nothing kept").isInstanceOf(S3Exception.class);

        String upload = s3.createMultipartUpload(r -> r.bucket("fleet-hostile").key("image.bin")).uploadId();
        S3Exception partNumber = s3Error(() -> s3.uploadPart(r -> r.bucket("fleet-hostile").key("image.bin")
                .uploadId(upload).partNumber(10_001), RequestBody.fromString("part")));
        assertThat(partNumber.statusCode()).isEqualTo(400);
        assertThat(partNumber.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
        String part = s3.uploadPart(r -> r.bucket("fleet-hostile").key("image.bin").uploadId(upload).partNumber(1),
                RequestBody.fromString("part")).eTag();
        S3Exception invalidPart = s3Error(() -> s3.completeMultipartUpload(r -> r.bucket("fleet-hostile")
                .key("image.bin").uploadId(upload).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1)
                        .eTag("\"00000000000000000000000000000000\"").build()))));
        assertThat(invalidPart.statusCode()).isEqualTo(400);
        assertThat(invalidPart.awsErrorDetails().errorCode()).isEqualTo("InvalidPart");
        assertThat(s3.completeMultipartUpload(r -> r.bucket("fleet-hostile").key("image.bin").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part).build()))).eTag())
                .as("the upload survives a refused completion").isNotBlank();
    }

    @Test
    void requests_signed_with_a_wrong_secret_or_an_unknown_key_are_refused_with_s3_codes() {
        try (S3Client wrong = Sdk.s3(server, server.accessKeyId(), "not-the-secret", server.region());
             S3Client unknown = Sdk.s3(server, "AKIDUNKNOWN000000000", "secret", server.region())) {
            S3Exception badSignature = s3Error(() -> wrong.listBuckets());
            assertThat(badSignature.statusCode()).isEqualTo(403);
            assertThat(badSignature.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            S3Exception badKey = s3Error(() -> unknown.listBuckets());
            assertThat(badKey.statusCode()).isEqualTo(403);
            assertThat(badKey.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
        }
    }
}
