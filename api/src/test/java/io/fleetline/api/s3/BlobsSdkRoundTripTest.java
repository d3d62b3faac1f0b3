package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.api.blobs.BlobsApi;
import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.time.ManualClock;
import io.fleetline.storage.Database;
import io.fleetline.storage.blobs.JdbcBlobMetadataStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The real AWS SDK for Java v2, default settings (CRC32 trailers on aws-chunked uploads, checksum mode on downloads),
 * against the codec and the object store's real handlers ({@code api.blobs}) over SQLite: what the SDK sends binds,
 * and what the handlers answer parses into the SDK's models.
 */
class BlobsSdkRoundTripTest {
    @TempDir
    Path dir;
    private Database database;
    private S3TestServer server;
    private S3Client s3;

    @BeforeEach
    void start() throws Exception {
        database = Database.open("jdbc:sqlite:" + dir.resolve("account.db").toAbsolutePath());
        Blobs blobs = Blobs.open(new JdbcBlobMetadataStore(database), FileContentStore.open(dir.resolve("blobs")),
                new AccountScope("us-east-1", "123456789012"), new ManualClock(Instant.parse("2026-06-01T12:00:00Z")));
        server = new S3TestServer(BlobsApi.handlers(S3TestServer.S3, blobs));
        s3 = S3Client.builder().endpointOverride(URI.create(server.endpoint("127.0.0.1"))).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(ApacheHttpClient.builder().build())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    @AfterEach
    void stop() {
        s3.close();
        server.close();
        database.close();
    }

    @Test
    void objects_are_put_read_listed_copied_and_deleted_with_the_sdk() {
        s3.createBucket(b -> b.bucket("firmware"));
        String key = "devices/sensor hub/fw+v2.1.bin";
        var put = s3.putObject(b -> b.bucket("firmware").key(key).contentType("application/octet-stream")
                .metadata(Map.of("version", "2.1.0")), RequestBody.fromString("hello firmware"));

        var got = s3.getObjectAsBytes(b -> b.bucket("firmware").key(key));
        var ranged = s3.getObjectAsBytes(b -> b.bucket("firmware").key(key).range("bytes=6-13"));
        var head = s3.headObject(b -> b.bucket("firmware").key(key));
        var copy = s3.copyObject(b -> b.sourceBucket("firmware").sourceKey(key).destinationBucket("firmware")
                .destinationKey("copy.bin"));
        var listed = s3.listObjectsV2(b -> b.bucket("firmware").encodingType(EncodingType.URL));
        var buckets = s3.listBuckets();

        assertThat(put.eTag()).isEqualTo("\"" + md5Hex("hello firmware") + "\"");
        assertThat(put.checksumCRC32()).isNotNull();
        assertThat(got.asUtf8String()).isEqualTo("hello firmware");
        assertThat(got.response().metadata()).isEqualTo(Map.of("version", "2.1.0"));
        assertThat(got.response().contentType()).isEqualTo("application/octet-stream");
        assertThat(ranged.asUtf8String()).isEqualTo("firmware");
        assertThat(ranged.response().contentRange()).isEqualTo("bytes 6-13/14");
        assertThat(head.contentLength()).isEqualTo(14);
        assertThat(head.lastModified()).isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
        assertThat(copy.copyObjectResult().eTag()).isEqualTo(put.eTag());
        assertThat(listed.contents()).extracting(S3Object::key).containsExactly("copy.bin", key);
        assertThat(listed.contents().get(1).size()).isEqualTo(14);
        assertThat(buckets.buckets()).singleElement().satisfies(b -> assertThat(b.name()).isEqualTo("firmware"));
        assertThat(buckets.owner().id()).isEqualTo("123456789012");
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket("firmware").key("missing")))
                .isInstanceOf(NoSuchKeyException.class);

        var deleted = s3.deleteObjects(b -> b.bucket("firmware").delete(d -> d.objects(
                ObjectIdentifier.builder().key(key).build(), ObjectIdentifier.builder().key("copy.bin").build())));
        assertThat(deleted.deleted()).hasSize(2);
        assertThat(deleted.errors()).isEmpty();
        s3.deleteBucket(b -> b.bucket("firmware"));
        assertThat(s3.listBuckets().buckets()).isEmpty();
    }

    @Test
    void a_multipart_upload_and_versions_round_trip_with_the_sdk() {
        s3.createBucket(b -> b.bucket("firmware"));
        s3.putBucketVersioning(b -> b.bucket("firmware").versioningConfiguration(v -> v.status("Enabled")));
        byte[] first = new byte[5 * 1024 * 1024];
        Arrays.fill(first, (byte) 'a');
        byte[] last = "tail".getBytes(StandardCharsets.UTF_8);

        String uploadId = s3.createMultipartUpload(b -> b.bucket("firmware").key("image.bin")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket("firmware").key("image.bin").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(first)).eTag();
        String e2 = s3.uploadPart(b -> b.bucket("firmware").key("image.bin").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(last)).eTag();
        var parts = s3.listParts(b -> b.bucket("firmware").key("image.bin").uploadId(uploadId));
        var uploads = s3.listMultipartUploads(b -> b.bucket("firmware"));
        var completed = s3.completeMultipartUpload(b -> b.bucket("firmware").key("image.bin").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build())));
        var deleted = s3.deleteObject(b -> b.bucket("firmware").key("image.bin"));
        var versions = s3.listObjectVersions(b -> b.bucket("firmware"));

        assertThat(parts.parts()).hasSize(2);
        assertThat(uploads.uploads()).singleElement().satisfies(u -> assertThat(u.uploadId()).isEqualTo(uploadId));
        assertThat(completed.eTag()).endsWith("-2\"");
        assertThat(completed.versionId()).hasSize(32);
        assertThat(s3.getBucketVersioning(b -> b.bucket("firmware")).status())
                .isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(deleted.deleteMarker()).isTrue();
        assertThat(versions.versions()).singleElement()
                .satisfies(v -> assertThat(v.versionId()).isEqualTo(completed.versionId()));
        assertThat(versions.deleteMarkers()).singleElement().satisfies(m -> assertThat(m.isLatest()).isTrue());
        var old = s3.getObjectAsBytes(b -> b.bucket("firmware").key("image.bin").versionId(completed.versionId()));
        assertThat(old.asByteArray()).hasSize(first.length + last.length);
        assertThat(old.response().eTag()).isEqualTo(completed.eTag());
        assertThatThrownBy(() -> s3.deleteBucket(b -> b.bucket("firmware")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
                });
        assertThat(List.of(e1, e2)).doesNotHaveDuplicates();
    }

    private static String md5Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
