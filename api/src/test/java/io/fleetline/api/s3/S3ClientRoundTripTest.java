package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.s3.EchoHandlers.Seen;
import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The real AWS SDK for Java v2 {@code S3Client}, with its default settings (checksums, {@code aws-chunked} uploads),
 * against a Jetty that serves with the codec alone and handlers that echo what they were called with: every operation
 * of the subset parses on both sides, path-style and virtual-hosted.
 */
class S3ClientRoundTripTest {
    private static final EchoHandlers ECHO = new EchoHandlers();
    private static S3TestServer server;

    /** How the client addresses a bucket: in the path of {@code 127.0.0.1}, or as {@code bucket.localhost}. */
    enum Addressing {
        PATH_STYLE, VIRTUAL_HOSTED;

        S3Client client() {
            return S3Client.builder()
                    .endpointOverride(URI.create(server.endpoint(this == PATH_STYLE ? "127.0.0.1" : "localhost")))
                    .forcePathStyle(this == PATH_STYLE)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                    // bucket.localhost resolves to loopback here whatever the machine's resolver says
                    .httpClient(ApacheHttpClient.builder()
                            .dnsResolver(host -> new InetAddress[] {InetAddress.getLoopbackAddress()}).build())
                    .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                    .build();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new S3TestServer(ECHO.handlers());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Addressing.class)
    void buckets_are_created_listed_located_versioned_and_deleted(Addressing addressing) {
        try (S3Client s3 = addressing.client()) {
            assertThat(s3.createBucket(b -> b.bucket("firmware")
                    .createBucketConfiguration(c -> c.locationConstraint("eu-west-1"))).location()).isEqualTo("/firmware");
            assertThat(ECHO.last("CreateBucket").input().path("CreateBucketConfiguration").path("LocationConstraint")
                    .asText()).isEqualTo("eu-west-1");

            assertThat(s3.headBucket(b -> b.bucket("firmware")).bucketRegion()).isEqualTo("us-east-1");
            var buckets = s3.listBuckets();
            assertThat(buckets.buckets()).singleElement().satisfies(bucket -> {
                assertThat(bucket.name()).isEqualTo("firmware");
                assertThat(bucket.creationDate()).isEqualTo(EchoHandlers.MODIFIED);
            });
            assertThat(buckets.owner().displayName()).isEqualTo("fleetline");
            assertThat(s3.getBucketLocation(b -> b.bucket("firmware")).locationConstraint())
                    .isEqualTo(BucketLocationConstraint.EU_WEST_1);

            s3.putBucketVersioning(b -> b.bucket("firmware").versioningConfiguration(v -> v.status("Enabled")));
            assertThat(ECHO.last("PutBucketVersioning").input().path("VersioningConfiguration").path("Status").asText())
                    .isEqualTo("Enabled");
            assertThat(s3.getBucketVersioning(b -> b.bucket("firmware")).status())
                    .isEqualTo(BucketVersioningStatus.ENABLED);

            s3.deleteBucket(b -> b.bucket("firmware"));
            assertThat(ECHO.last("DeleteBucket").input().path("Bucket").asText()).isEqualTo("firmware");
        }
    }

    @ParameterizedTest
    @EnumSource(Addressing.class)
    void an_upload_reaches_the_handler_with_its_key_metadata_checksum_and_bytes(Addressing addressing) {
        String key = "devices/sensor hub/fw+v2.1%0.bin/ü";
        try (S3Client s3 = addressing.client()) {
            var put = s3.putObject(b -> b.bucket("firmware").key(key).contentType("application/octet-stream")
                    .metadata(Map.of("version", "2.1.0", "checksum", "e3b0")), RequestBody.fromString("hello"));

            assertThat(put.eTag()).isEqualTo("\"etag-of-5-bytes\"");
            assertThat(put.versionId()).isEqualTo("v-0");
        }
        Seen seen = ECHO.last("PutObject");
        assertThat(seen.input().path("Bucket").asText()).isEqualTo("firmware");
        assertThat(seen.input().path("Key").asText()).isEqualTo(key);
        assertThat(seen.input().path("Metadata")).isEqualTo(json(Map.of("version", "2.1.0", "checksum", "e3b0")));
        assertThat(seen.input().path("ContentType").asText()).isEqualTo("application/octet-stream");
        // sent aws-chunked: the object's length, not the encoded body's, and no aws-chunked content coding
        assertThat(seen.input().path("ContentLength").asLong()).isEqualTo(5);
        assertThat(seen.input().has("ContentEncoding")).isFalse();
        assertThat(seen.input().path("ChecksumAlgorithm").asText()).isEqualTo("CRC32");
        assertThat(seen.text()).isEqualTo("hello");
        assertThat(seen.trailers()).containsEntry("x-amz-checksum-crc32", "NhCmhg==");
    }

    @ParameterizedTest
    @EnumSource(Addressing.class)
    void a_download_streams_the_handlers_bytes_with_its_headers(Addressing addressing) {
        try (S3Client s3 = addressing.client()) {
            ResponseBytes<GetObjectResponse> whole = s3.getObjectAsBytes(b -> b.bucket("firmware").key("fw.bin")
                    .ifModifiedSince(Instant.parse("2024-01-01T00:00:00Z")).versionId("v-7"));
            assertThat(whole.asByteArray()).isEqualTo(EchoHandlers.CONTENT);
            GetObjectResponse response = whole.response();
            assertThat(response.eTag()).isEqualTo("\"abc\"");
            assertThat(response.lastModified()).isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
            assertThat(response.metadata()).isEqualTo(Map.of("version", "2.1.0", "checksum", "e3b0"));
            assertThat(response.contentType()).isEqualTo("application/octet-stream");
            assertThat(response.versionId()).isEqualTo("v-7");
            assertThat(response.acceptRanges()).isEqualTo("bytes");
            Seen seen = ECHO.last("GetObject");
            assertThat(seen.input().path("VersionId").asText()).isEqualTo("v-7");
            assertThat(seen.input().path("IfModifiedSince").decimalValue())
                    .isEqualByComparingTo(Long.toString(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond()));

            ResponseBytes<GetObjectResponse> part = s3.getObjectAsBytes(b -> b.bucket("firmware").key("fw.bin")
                    .range("bytes=7-11"));
            assertThat(part.asUtf8String()).isEqualTo("fleet");
            assertThat(part.response().contentRange()).isEqualTo("bytes 7-11/12");
            assertThat(part.response().contentLength()).isEqualTo(5);

            var head = s3.headObject(b -> b.bucket("firmware").key("fw.bin"));
            assertThat(head.contentLength()).isEqualTo(EchoHandlers.CONTENT.length);
            assertThat(head.eTag()).isEqualTo("\"abc\"");
            assertThat(head.metadata()).containsEntry("version", "2.1.0");
            assertThat(head.lastModified()).isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
        }
    }

    @ParameterizedTest
    @EnumSource(Addressing.class)
    void deletes_and_copies_answer_what_the_handler_says(Addressing addressing) {
        try (S3Client s3 = addressing.client()) {
            var deleted = s3.deleteObject(b -> b.bucket("firmware").key("fw.bin").versionId("v-1"));
            assertThat(deleted.deleteMarker()).isTrue();
            assertThat(deleted.versionId()).isEqualTo("marker-1");
            assertThat(ECHO.last("DeleteObject").input().path("VersionId").asText()).isEqualTo("v-1");

            var batch = s3.deleteObjects(b -> b.bucket("firmware").delete(d -> d.quiet(false).objects(
                    ObjectIdentifier.builder().key("a & b.bin").build(),
                    ObjectIdentifier.builder().key("c.bin").versionId("v-3").build(),
                    ObjectIdentifier.builder().key("locked.bin").build())));
            assertThat(batch.deleted()).extracting(d -> d.key() + "@" + d.versionId())
                    .containsExactly("a & b.bin@null", "c.bin@v-3");
            assertThat(batch.errors()).singleElement().satisfies(error -> {
                assertThat(error.key()).isEqualTo("locked.bin");
                assertThat(error.code()).isEqualTo("AccessDenied");
            });
            assertThat(ECHO.last("DeleteObjects").input().path("Delete").path("Quiet").asBoolean(true)).isFalse();

            var copy = s3.copyObject(b -> b.sourceBucket("src").sourceKey("dir/a b+ü.bin").sourceVersionId("src-1")
                    .destinationBucket("firmware").destinationKey("copy.bin").metadataDirective("REPLACE")
                    .metadata(Map.of("stage", "beta")));
            assertThat(copy.copyObjectResult().eTag()).isEqualTo("\"copied\"");
            assertThat(copy.copyObjectResult().lastModified()).isEqualTo(EchoHandlers.MODIFIED);
            assertThat(copy.versionId()).isEqualTo("copy-1");
            assertThat(copy.copySourceVersionId()).isEqualTo("src-1");
            Seen seen = ECHO.last("CopyObject");
            assertThat(CopySource.parse(seen.input().path("CopySource").asText()))
                    .isEqualTo(new CopySource("src", "dir/a b+ü.bin", Optional.of("src-1")));
            assertThat(seen.input().path("MetadataDirective").asText()).isEqualTo("REPLACE");
            assertThat(seen.input().path("Metadata")).isEqualTo(json(Map.of("stage", "beta")));
        }
    }

    @ParameterizedTest
    @EnumSource(Addressing.class)
    void listings_carry_keys_prefixes_and_tokens_both_ways(Addressing addressing) {
        try (S3Client s3 = addressing.client()) {
            ListObjectsV2Response v2 = s3.listObjectsV2(b -> b.bucket("firmware").prefix("images/").delimiter("/")
                    .continuationToken("page/2+x").startAfter("images/a").maxKeys(2));
            assertThat(v2.contents()).extracting(S3Object::key)
                    .containsExactly("images/sensor hub/v2+1.bin", "images/firmware-ü.bin");
            assertThat(v2.contents().get(0).size()).isEqualTo(1234);
            assertThat(v2.contents().get(0).lastModified()).isEqualTo(EchoHandlers.MODIFIED);
            assertThat(v2.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("images/images & more/");
            assertThat(v2.nextContinuationToken()).isEqualTo("next/page+1");
            assertThat(v2.isTruncated()).isTrue();
            assertThat(v2.keyCount()).isEqualTo(2);
            Seen seen = ECHO.last("ListObjectsV2");
            assertThat(seen.input().path("ContinuationToken").asText()).isEqualTo("page/2+x");
            assertThat(seen.input().path("StartAfter").asText()).isEqualTo("images/a");
            assertThat(seen.input().path("MaxKeys").asInt()).isEqualTo(2);

            var encoded = s3.listObjectsV2(b -> b.bucket("firmware").prefix("a b/").encodingType(EncodingType.URL));
            assertThat(encoded.contents()).extracting(S3Object::key)
                    .containsExactly("a b/sensor hub/v2+1.bin", "a b/firmware-ü.bin");
            assertThat(encoded.prefix()).isEqualTo("a b/");

            var v1 = s3.listObjects(b -> b.bucket("firmware").prefix("p/").marker("p/0"));
            assertThat(v1.contents()).extracting(S3Object::key).containsExactly("p/sensor hub/v2+1.bin", "p/firmware-ü.bin");
            assertThat(v1.nextMarker()).isEqualTo("p/sensor hub/v2+1.bin");
            assertThat(ECHO.last("ListObjects").input().path("Marker").asText()).isEqualTo("p/0");

            var versions = s3.listObjectVersions(b -> b.bucket("firmware"));
            assertThat(versions.versions()).singleElement().satisfies(v -> {
                assertThat(v.versionId()).isEqualTo("v2");
                assertThat(v.isLatest()).isFalse();
            });
            assertThat(versions.deleteMarkers()).singleElement().satisfies(m -> {
                assertThat(m.versionId()).isEqualTo("dm3");
                assertThat(m.isLatest()).isTrue();
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Addressing.class)
    void a_multipart_upload_goes_through_every_step(Addressing addressing) {
        try (S3Client s3 = addressing.client()) {
            var created = s3.createMultipartUpload(b -> b.bucket("firmware").key("big.bin")
                    .metadata(Map.of("version", "3")));
            assertThat(created.uploadId()).isEqualTo("upload-1");
            assertThat(created.key()).isEqualTo("big.bin");
            assertThat(ECHO.last("CreateMultipartUpload").input().path("Metadata").path("version").asText())
                    .isEqualTo("3");

            var part = s3.uploadPart(b -> b.bucket("firmware").key("big.bin").uploadId("upload-1").partNumber(3),
                    RequestBody.fromString("part three"));
            assertThat(part.eTag()).isEqualTo("\"etag-of-10-bytes\"");
            Seen uploaded = ECHO.last("UploadPart");
            assertThat(uploaded.input().path("PartNumber").asInt()).isEqualTo(3);
            assertThat(uploaded.input().path("UploadId").asText()).isEqualTo("upload-1");
            assertThat(uploaded.text()).isEqualTo("part three");

            var copied = s3.uploadPartCopy(b -> b.sourceBucket("src").sourceKey("old.bin")
                    .destinationBucket("firmware").destinationKey("big.bin").uploadId("upload-1").partNumber(4)
                    .copySourceRange("bytes=0-99"));
            assertThat(copied.copyPartResult().eTag()).isEqualTo("\"part-copied\"");
            assertThat(ECHO.last("UploadPartCopy").input().path("CopySourceRange").asText()).isEqualTo("bytes=0-99");

            var parts = s3.listParts(b -> b.bucket("firmware").key("big.bin").uploadId("upload-1"));
            assertThat(parts.parts()).extracting(p -> p.partNumber() + ":" + p.eTag()).containsExactly("1:\"p1\"", "2:\"p2\"");
            assertThat(parts.nextPartNumberMarker()).isEqualTo(2);
            assertThat(s3.listMultipartUploads(b -> b.bucket("firmware")).uploads())
                    .singleElement().satisfies(u -> assertThat(u.initiated()).isEqualTo(EchoHandlers.MODIFIED));

            var done = s3.completeMultipartUpload(b -> b.bucket("firmware").key("big.bin").uploadId("upload-1")
                    .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(3).eTag("\"etag-of-10-bytes\"").build(),
                            CompletedPart.builder().partNumber(4).eTag("\"part-copied\"").build())));
            assertThat(done.eTag()).isEqualTo("\"whole-2\"");
            assertThat(done.versionId()).isEqualTo("v-whole");
            JsonNode completed = ECHO.last("CompleteMultipartUpload").input().path("MultipartUpload").path("Parts");
            assertThat(completed).hasSize(2);
            assertThat(completed.get(1).path("PartNumber").asInt()).isEqualTo(4);
            assertThat(completed.get(1).path("ETag").asText()).isEqualTo("\"part-copied\"");

            s3.abortMultipartUpload(b -> b.bucket("firmware").key("big.bin").uploadId("upload-2"));
            assertThat(ECHO.last("AbortMultipartUpload").input().path("UploadId").asText()).isEqualTo("upload-2");
        }
    }

    @ParameterizedTest
    @EnumSource(Addressing.class)
    void an_error_the_handler_throws_is_the_sdks_modeled_exception_with_its_message(Addressing addressing) {
        try (S3Client s3 = addressing.client()) {
            assertThatThrownBy(() -> s3.getObject(b -> b.bucket("firmware").key("missing")))
                    .isInstanceOfSatisfying(NoSuchKeyException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The specified key does not exist.");
                        assertThat(e.requestId()).isNotBlank();
                    });
            // HEAD answers carry no body: the SDK knows the error from the status alone
            assertThatThrownBy(() -> s3.headObject(b -> b.bucket("firmware").key("missing")))
                    .isInstanceOfSatisfying(NoSuchKeyException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
            assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("missing-bucket")))
                    .isInstanceOfSatisfying(NoSuchBucketException.class, e ->
                            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The specified bucket does not exist"));
            // an operation outside the subset is S3's NotImplemented, not a 5xx the SDK would retry
            assertThatThrownBy(() -> s3.getBucketTagging(b -> b.bucket("firmware")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(501);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
                    });
        }
    }

    private static JsonNode json(Map<String, String> map) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        map.forEach(node::put);
        return node;
    }
}
