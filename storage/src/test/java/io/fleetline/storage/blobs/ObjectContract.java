package io.fleetline.storage.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.blobs.object.Conditions;
import io.fleetline.blobs.object.CopyOptions;
import io.fleetline.blobs.object.CopyResult;
import io.fleetline.blobs.object.CopySource;
import io.fleetline.blobs.object.DeleteOutcome;
import io.fleetline.blobs.object.ExpectedDigests;
import io.fleetline.blobs.object.MetadataDirective;
import io.fleetline.blobs.object.ObjectAttributes;
import io.fleetline.blobs.object.ObjectHead;
import io.fleetline.blobs.object.ObjectIdentifier;
import io.fleetline.blobs.object.ObjectRead;
import io.fleetline.blobs.object.ObjectUpload;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.ObjectWrite;
import io.fleetline.blobs.object.RangeRequest;
import io.fleetline.blobs.object.ReadOptions;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects and CopyObject in a bucket without versioning. */
abstract class ObjectContract extends BlobsFixture {

    @BeforeEach
    void bucket() {
        createBucket(BUCKET);
    }

    private ObjectWrite putWith(String key, byte[] bytes, ExpectedDigests digests) {
        return blobs.objects().put(BUCKET, key, new ObjectUpload(new ByteArrayInputStream(bytes), bytes.length,
                ObjectAttributes.NONE, digests));
    }

    private static Conditions ifMatch(String etag) {
        return new Conditions(Optional.of(etag), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Conditions ifNoneMatch(String etag) {
        return new Conditions(Optional.empty(), Optional.of(etag), Optional.empty(), Optional.empty());
    }

    @Test
    void a_put_object_reads_back_whole_with_s3s_etag_its_sha256_and_its_metadata() {
        byte[] firmware = bytes(300_000, 1);
        ObjectAttributes attributes = ObjectAttributes.of(Optional.of("application/octet-stream"),
                Map.of("Version", "2.1.0", "checksum", hex("SHA-256", firmware)));

        ObjectWrite written = blobs.objects().put(BUCKET, "devices/sensor-hub/firmware-v2.1.0.bin",
                new ObjectUpload(new ByteArrayInputStream(firmware), firmware.length, attributes, ExpectedDigests.NONE));

        ObjectVersion version = written.version();
        assertThat(written.reportedVersionId()).as("no version id in a bucket never versioned").isEmpty();
        assertThat(version.versionId().isNull()).isTrue();
        assertThat(version.body().etag().value()).isEqualTo("\"" + hex("MD5", firmware) + "\"");
        assertThat(version.body().sha256Hex()).isEqualTo(hex("SHA-256", firmware));
        assertThat(version.lastModified()).isEqualTo(clock.instant());
        assertThat(read(BUCKET, "devices/sensor-hub/firmware-v2.1.0.bin", ReadOptions.LATEST)).isEqualTo(firmware);
        ObjectHead head = blobs.objects().head(BUCKET, "devices/sensor-hub/firmware-v2.1.0.bin", ReadOptions.LATEST);
        assertThat(head.version()).isEqualTo(version);
        assertThat(head.version().body().attributes().userMetadata())
                .isEqualTo(Map.of("version", "2.1.0", "checksum", hex("SHA-256", firmware)));
        assertThat(head.version().body().attributes().contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void an_object_without_a_content_type_is_binary_octet_stream_and_an_empty_one_has_the_empty_md5() {
        ObjectWrite written = put(BUCKET, "empty", new byte[0]);

        assertThat(written.version().body().attributes().contentType()).isEqualTo("binary/octet-stream");
        assertThat(written.version().body().etag().value()).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
        assertThat(read(BUCKET, "empty", ReadOptions.LATEST)).isEmpty();
    }

    @Test
    void a_key_that_looks_like_a_path_stays_a_key_inside_the_store() {
        put(BUCKET, "../../etc/passwd", "root:x:0:0");

        assertThat(text(BUCKET, "../../etc/passwd")).isEqualTo("root:x:0:0");
        assertThat(dir.getParent().resolve("etc")).doesNotExist();
        assertThat(files("sha256")).allSatisfy(file -> assertThat(file.getFileName().toString()).hasSize(64));
    }

    @Test
    void a_wrong_content_md5_or_sha256_is_bad_digest_and_stores_nothing() throws Exception {
        byte[] bytes = "firmware".getBytes(StandardCharsets.UTF_8);
        String wrongMd5 = Base64.getEncoder().encodeToString(new byte[16]);
        String wrongSha = Base64.getEncoder().encodeToString(new byte[32]);

        assertFails(() -> putWith("fw.bin", bytes, ExpectedDigests.of(Optional.of(wrongMd5), Optional.empty())),
                ErrorCode.BAD_DIGEST).hasMessage("The Content-MD5 you specified did not match what we received.");
        assertFails(() -> putWith("fw.bin", bytes, ExpectedDigests.of(Optional.empty(), Optional.of(wrongSha))),
                ErrorCode.BAD_DIGEST);
        assertFails(() -> blobs.objects().head(BUCKET, "fw.bin", ReadOptions.LATEST), ErrorCode.NO_SUCH_KEY);
        assertThat(files("sha256")).isEmpty();
        assertThat(files("tmp")).isEmpty();

        String md5 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex("MD5", bytes)));
        String sha = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex("SHA-256", bytes)));
        putWith("fw.bin", bytes, ExpectedDigests.of(Optional.of(md5), Optional.of(sha)));
        assertThat(text(BUCKET, "fw.bin")).isEqualTo("firmware");
    }

    @Test
    void a_digest_that_is_not_one_is_invalid_digest() {
        assertFails(() -> ExpectedDigests.of(Optional.of("not base64!"), Optional.empty()), ErrorCode.INVALID_DIGEST);
        assertFails(() -> ExpectedDigests.of(Optional.of("AAAA"), Optional.empty()), ErrorCode.INVALID_DIGEST);
        assertFails(() -> ExpectedDigests.NONE.withSha256Hex("abc"), ErrorCode.INVALID_DIGEST);
    }

    @Test
    void a_body_shorter_than_declared_is_incomplete_and_stores_nothing() {
        assertFails(() -> blobs.objects().put(BUCKET, "fw.bin", ObjectUpload.of(new ByteArrayInputStream(new byte[10]),
                20)), ErrorCode.INCOMPLETE_BODY);
        assertThat(files("sha256")).isEmpty();
    }

    @Test
    void a_put_over_5_gib_or_into_a_missing_bucket_is_refused_before_a_byte_is_read() {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read");
            }
        };
        assertFails(() -> blobs.objects().put(BUCKET, "huge", ObjectUpload.of(untouchable, 5L * 1024 * 1024 * 1024 + 1)),
                ErrorCode.ENTITY_TOO_LARGE);
        assertFails(() -> blobs.objects().put("absent-bucket", "k", ObjectUpload.of(untouchable, 1)),
                ErrorCode.NO_SUCH_BUCKET);
    }

    @Test
    void user_metadata_past_2_kb_is_metadata_too_large() {
        assertFails(() -> ObjectAttributes.of(Optional.empty(), Map.of("big", "x".repeat(2046))),
                ErrorCode.METADATA_TOO_LARGE);
        assertThat(ObjectAttributes.of(Optional.empty(), Map.of("big", "x".repeat(2045))).userMetadata()).hasSize(1);
    }

    @Test
    void a_range_reads_its_bytes_and_an_unsatisfiable_one_is_invalid_range() throws Exception {
        byte[] image = bytes(10_000, 2);
        put(BUCKET, "image.bin", image);

        try (ObjectRead read = blobs.objects().get(BUCKET, "image.bin",
                ReadOptions.range(RangeRequest.parse("bytes=9000-").orElseThrow()))) {
            assertThat(read.range().orElseThrow().contentRange()).isEqualTo("bytes 9000-9999/10000");
            assertThat(read.offset()).isEqualTo(9000);
            assertThat(read.length()).isEqualTo(1000);
            assertThat(read.stream().readAllBytes()).isEqualTo(Arrays.copyOfRange(image, 9000, 10_000));
            assertThat(read.path()).hasSize(10_000);
        }
        assertFails(() -> blobs.objects().get(BUCKET, "image.bin",
                ReadOptions.range(RangeRequest.parse("bytes=10000-").orElseThrow())), ErrorCode.INVALID_RANGE)
                .satisfies(e -> assertThat(((FleetlineException) e).extra()).containsEntry("ActualObjectSize", "10000"));
    }

    @Test
    void conditional_reads_answer_precondition_failed_or_not_modified() {
        String etag = put(BUCKET, "doc.json", "{}").version().body().etag().value();
        Instant modified = clock.instant();

        read(BUCKET, "doc.json", new ReadOptions(Optional.empty(), Optional.empty(), ifMatch(etag)));
        assertFails(() -> read(BUCKET, "doc.json", new ReadOptions(Optional.empty(), Optional.empty(),
                ifMatch("\"00000000000000000000000000000000\""))), ErrorCode.PRECONDITION_FAILED);
        assertFails(() -> blobs.objects().head(BUCKET, "doc.json", new ReadOptions(Optional.empty(), Optional.empty(),
                ifNoneMatch(etag))), ErrorCode.NOT_MODIFIED)
                .satisfies(e -> assertThat(((FleetlineException) e).extra()).containsEntry("ETag", etag));
        assertFails(() -> read(BUCKET, "doc.json", new ReadOptions(Optional.empty(), Optional.empty(),
                new Conditions(Optional.empty(), Optional.empty(), Optional.of(modified), Optional.empty()))),
                ErrorCode.NOT_MODIFIED);
        assertFails(() -> read(BUCKET, "doc.json", new ReadOptions(Optional.empty(), Optional.empty(),
                new Conditions(Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(modified.minus(Duration.ofHours(1)))))), ErrorCode.PRECONDITION_FAILED);
    }

    @Test
    void a_put_replaces_the_object_and_the_replaced_bytes_leave_the_disk() {
        put(BUCKET, "doc.json", "{\"v\":1}");
        ObjectWrite second = put(BUCKET, "doc.json", "{\"v\":2}");

        assertThat(text(BUCKET, "doc.json")).isEqualTo("{\"v\":2}");
        assertThat(files("sha256")).hasSize(1).allSatisfy(file ->
                assertThat(file.getFileName().toString()).isEqualTo(second.version().body().sha256Hex()));
    }

    @Test
    void a_delete_removes_the_object_and_its_bytes_and_deleting_nothing_succeeds() {
        put(BUCKET, "doc.json", "{}");

        assertThat(blobs.objects().delete(BUCKET, "doc.json", Optional.empty()).deleteMarker()).isFalse();
        assertFails(() -> blobs.objects().get(BUCKET, "doc.json", ReadOptions.LATEST), ErrorCode.NO_SUCH_KEY)
                .hasMessage("The specified key does not exist.");
        assertThat(files("sha256")).isEmpty();
        blobs.objects().delete(BUCKET, "doc.json", Optional.empty());
    }

    @Test
    void bytes_shared_by_two_keys_stay_until_the_last_one_goes() {
        put(BUCKET, "a", "same bytes");
        put(BUCKET, "b", "same bytes");
        assertThat(files("sha256")).hasSize(1);

        blobs.objects().delete(BUCKET, "a", Optional.empty());
        assertThat(text(BUCKET, "b")).isEqualTo("same bytes");
        blobs.objects().delete(BUCKET, "b", Optional.empty());
        assertThat(files("sha256")).isEmpty();
    }

    @Test
    void delete_objects_deletes_each_and_reports_a_bad_one_alone() {
        put(BUCKET, "a", "1");
        put(BUCKET, "b", "2");

        List<DeleteOutcome> outcomes = blobs.objects().deleteMany(BUCKET, List.of(
                new ObjectIdentifier("a", Optional.empty()), new ObjectIdentifier("b", Optional.of("no good id")),
                new ObjectIdentifier("k".repeat(1025), Optional.empty()), new ObjectIdentifier("absent",
                        Optional.empty())));

        assertThat(outcomes).hasSize(4);
        assertThat(outcomes.get(0)).isInstanceOf(DeleteOutcome.Deleted.class);
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(DeleteOutcome.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(outcomes.get(2)).isInstanceOfSatisfying(DeleteOutcome.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo(ErrorCode.KEY_TOO_LONG));
        assertThat(outcomes.get(3)).isInstanceOf(DeleteOutcome.Deleted.class);
        assertFails(() -> blobs.objects().head(BUCKET, "a", ReadOptions.LATEST), ErrorCode.NO_SUCH_KEY);
        assertThat(text(BUCKET, "b")).isEqualTo("2");
        assertFails(() -> blobs.objects().deleteMany(BUCKET, List.of()), ErrorCode.MALFORMED_XML);
        assertFails(() -> blobs.objects().deleteMany(BUCKET, Collections.nCopies(1001,
                new ObjectIdentifier("a", Optional.empty()))), ErrorCode.MALFORMED_XML);
    }

    @Test
    void a_copy_shares_the_bytes_and_keeps_or_replaces_the_metadata() {
        blobs.objects().put(BUCKET, "src", new ObjectUpload(new ByteArrayInputStream(bytes(5000, 3)), 5000,
                ObjectAttributes.of(Optional.of("image/png"), Map.of("a", "1")), ExpectedDigests.NONE));
        clock.advance(Duration.ofMinutes(1));

        CopyResult kept = blobs.copies().copy(new CopySource(BUCKET, "src", Optional.empty()), BUCKET, "copy",
                CopyOptions.COPY);
        CopyResult replaced = blobs.copies().copy(new CopySource(BUCKET, "src", Optional.empty()), BUCKET, "other",
                CopyOptions.replace(ObjectAttributes.of(Optional.of("text/plain"), Map.of("b", "2"))));

        assertThat(kept.write().version().body().attributes())
                .isEqualTo(ObjectAttributes.of(Optional.of("image/png"), Map.of("a", "1")));
        assertThat(kept.write().version().body().etag()).isEqualTo(kept.source().body().etag());
        assertThat(kept.write().version().lastModified()).isEqualTo(clock.instant());
        assertThat(replaced.write().version().body().attributes().userMetadata()).isEqualTo(Map.of("b", "2"));
        assertThat(read(BUCKET, "copy", ReadOptions.LATEST)).isEqualTo(bytes(5000, 3));
        assertThat(files("sha256")).as("one copy of the bytes for three objects").hasSize(1);

        blobs.objects().delete(BUCKET, "src", Optional.empty());
        assertThat(read(BUCKET, "other", ReadOptions.LATEST)).isEqualTo(bytes(5000, 3));
    }

    @Test
    void a_copy_onto_itself_needs_replace_and_a_missing_source_is_no_such_key() {
        put(BUCKET, "doc", "x");
        CopySource self = new CopySource(BUCKET, "doc", Optional.empty());

        assertFails(() -> blobs.copies().copy(self, BUCKET, "doc", CopyOptions.COPY), ErrorCode.S3_INVALID_REQUEST);
        blobs.copies().copy(self, BUCKET, "doc", CopyOptions.replace(ObjectAttributes.of(Optional.of("text/plain"),
                Map.of())));
        assertThat(blobs.objects().head(BUCKET, "doc", ReadOptions.LATEST).version().body().attributes().contentType())
                .isEqualTo("text/plain");
        assertFails(() -> blobs.copies().copy(new CopySource(BUCKET, "absent", Optional.empty()), BUCKET, "x",
                CopyOptions.COPY), ErrorCode.NO_SUCH_KEY);
        assertFails(() -> MetadataDirective.of("MERGE"), ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void a_copy_whose_source_condition_fails_is_precondition_failed() {
        put(BUCKET, "src", "x");

        assertFails(() -> blobs.copies().copy(new CopySource(BUCKET, "src", Optional.empty()), BUCKET, "dst",
                new CopyOptions(MetadataDirective.COPY, ObjectAttributes.NONE,
                        ifMatch("\"00000000000000000000000000000000\""))), ErrorCode.PRECONDITION_FAILED);
        assertFails(() -> blobs.objects().head(BUCKET, "dst", ReadOptions.LATEST), ErrorCode.NO_SUCH_KEY);
    }
}
