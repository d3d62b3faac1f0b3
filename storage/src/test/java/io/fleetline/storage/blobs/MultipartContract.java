package io.fleetline.storage.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.blobs.listing.ListQuery;
import io.fleetline.blobs.multipart.CompletedPart;
import io.fleetline.blobs.multipart.MultipartUpload;
import io.fleetline.blobs.multipart.Part;
import io.fleetline.blobs.multipart.PartCopy;
import io.fleetline.blobs.multipart.PartListing;
import io.fleetline.blobs.multipart.UploadListing;
import io.fleetline.blobs.object.Conditions;
import io.fleetline.blobs.object.CopySource;
import io.fleetline.blobs.object.ETag;
import io.fleetline.blobs.object.ExpectedDigests;
import io.fleetline.blobs.object.ObjectAttributes;
import io.fleetline.blobs.object.ObjectWrite;
import io.fleetline.blobs.object.RangeRequest;
import io.fleetline.blobs.object.ReadOptions;
import io.fleetline.core.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Multipart uploads: parts, completion as S3 joins and tags them, aborts, listings, part copies. */
abstract class MultipartContract extends BlobsFixture {
    static final int MIB = 1024 * 1024;
    static final byte[] FIRST = bytes(5 * MIB, 1);
    static final byte[] SECOND = bytes(5 * MIB + 17, 2);
    static final byte[] LAST = bytes(1000, 3);

    @BeforeEach
    void bucket() {
        createBucket(BUCKET);
    }

    MultipartUpload start(String key) {
        return blobs.uploads().create(BUCKET, key, ObjectAttributes.of(Optional.of("application/x-image"),
                Map.of("build", "42")));
    }

    Part upload(MultipartUpload upload, int number, byte[] bytes) {
        return blobs.uploads().uploadPart(BUCKET, upload.key().value(), upload.uploadId(), number,
                new ByteArrayInputStream(bytes), bytes.length, ExpectedDigests.NONE);
    }

    ObjectWrite complete(MultipartUpload upload, Part... parts) {
        return blobs.uploads().complete(BUCKET, upload.key().value(), upload.uploadId(),
                Arrays.stream(parts).map(part -> new CompletedPart(part.number(), part.etag().value())).toList());
    }

    static byte[] joined(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void a_completed_upload_is_one_object_of_its_parts_with_s3s_multipart_etag() {
        MultipartUpload upload = start("images/big.bin");
        Part third = upload(upload, 3, LAST);
        Part first = upload(upload, 1, FIRST);
        Part second = upload(upload, 2, SECOND);

        ObjectWrite written = complete(upload, first, second, third);

        byte[] whole = joined(FIRST, SECOND, LAST);
        assertThat(first.etag().value()).isEqualTo("\"" + hex("MD5", FIRST) + "\"");
        assertThat(written.version().body().etag())
                .isEqualTo(ETag.multipart(List.of(first.etag(), second.etag(), third.etag())));
        assertThat(written.version().body().etag().value()).endsWith("-3\"");
        assertThat(written.version().body().sha256Hex()).isEqualTo(hex("SHA-256", whole));
        assertThat(written.version().size()).isEqualTo(whole.length);
        assertThat(written.version().body().attributes().userMetadata()).isEqualTo(Map.of("build", "42"));
        assertThat(read(BUCKET, "images/big.bin", ReadOptions.LATEST)).isEqualTo(whole);
        assertThat(files("sha256")).as("the parts' bytes are gone, the object's stay").hasSize(1);
        assertFails(() -> blobs.uploads().listParts(BUCKET, "images/big.bin", upload.uploadId(), 10, 0),
                ErrorCode.NO_SUCH_UPLOAD);
    }

    @Test
    void a_part_but_the_last_under_5_mib_is_entity_too_small() {
        MultipartUpload upload = start("big.bin");
        Part small = upload(upload, 1, LAST);
        Part last = upload(upload, 2, LAST);

        assertFails(() -> complete(upload, small, last), ErrorCode.ENTITY_TOO_SMALL);
        assertThat(complete(upload, small).version().size()).as("a single small part is fine").isEqualTo(LAST.length);
    }

    @Test
    void parts_out_of_order_unknown_or_with_another_etag_are_refused_and_none_is_malformed() {
        MultipartUpload upload = start("big.bin");
        Part first = upload(upload, 1, FIRST);
        Part second = upload(upload, 2, LAST);
        String id = upload.uploadId();

        assertFails(() -> complete(upload, second, first), ErrorCode.INVALID_PART_ORDER);
        assertFails(() -> blobs.uploads().complete(BUCKET, "big.bin", id, List.of(new CompletedPart(1,
                first.etag().value()), new CompletedPart(1, first.etag().value()))), ErrorCode.INVALID_PART_ORDER);
        assertFails(() -> blobs.uploads().complete(BUCKET, "big.bin", id, List.of(new CompletedPart(1,
                second.etag().value()))), ErrorCode.INVALID_PART);
        assertFails(() -> blobs.uploads().complete(BUCKET, "big.bin", id, List.of(new CompletedPart(7,
                first.etag().value()))), ErrorCode.INVALID_PART);
        assertFails(() -> blobs.uploads().complete(BUCKET, "big.bin", id, List.of()), ErrorCode.MALFORMED_XML);
        assertThat(complete(upload, first, second).version().size()).isEqualTo(FIRST.length + LAST.length);
    }

    @Test
    void a_part_number_outside_1_to_10000_is_invalid_argument() {
        MultipartUpload upload = start("big.bin");
        for (int number : new int[] {0, 10_001, -1}) {
            assertFails(() -> upload(upload, number, LAST), ErrorCode.INVALID_ARGUMENT)
                    .hasMessage("Part number must be an integer between 1 and 10000, inclusive");
        }
        upload(upload, 10_000, LAST);
    }

    @Test
    void a_part_uploaded_again_replaces_the_first_and_its_bytes() {
        MultipartUpload upload = start("big.bin");
        upload(upload, 1, bytes(100, 7));
        Part again = upload(upload, 1, LAST);

        PartListing parts = blobs.uploads().listParts(BUCKET, "big.bin", upload.uploadId(), 1000, 0);
        assertThat(parts.parts()).containsExactly(again);
        assertThat(files("sha256")).hasSize(1);
        complete(upload, again);
        assertThat(read(BUCKET, "big.bin", ReadOptions.LATEST)).isEqualTo(LAST);
    }

    @Test
    void an_aborted_upload_is_gone_with_its_parts_bytes() {
        MultipartUpload upload = start("big.bin");
        upload(upload, 1, FIRST);

        blobs.uploads().abort(BUCKET, "big.bin", upload.uploadId());

        assertThat(files("sha256")).isEmpty();
        assertFails(() -> blobs.uploads().abort(BUCKET, "big.bin", upload.uploadId()), ErrorCode.NO_SUCH_UPLOAD);
        assertFails(() -> upload(upload, 2, LAST), ErrorCode.NO_SUCH_UPLOAD);
        assertFails(() -> blobs.uploads().uploadPart(BUCKET, "other-key", "garbage", 1,
                new ByteArrayInputStream(LAST), LAST.length, ExpectedDigests.NONE), ErrorCode.NO_SUCH_UPLOAD);
    }

    @Test
    void parts_and_uploads_list_in_pages() {
        MultipartUpload upload = start("big.bin");
        for (int number = 1; number <= 5; number++) {
            upload(upload, number, bytes(10, number));
        }
        PartListing first = blobs.uploads().listParts(BUCKET, "big.bin", upload.uploadId(), 2, 0);
        assertThat(first.parts()).extracting(Part::number).containsExactly(1, 2);
        assertThat(first.nextPartNumberMarker()).contains(2);
        PartListing rest = blobs.uploads().listParts(BUCKET, "big.bin", upload.uploadId(), 1000, 2);
        assertThat(rest.parts()).extracting(Part::number).containsExactly(3, 4, 5);
        assertThat(rest.truncated()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        MultipartUpload later = start("big.bin");
        start("images/a.bin");
        UploadListing uploads = blobs.uploads().listUploads(BUCKET, new ListQuery("", Optional.of("/"), 2),
                Optional.empty(), Optional.empty());
        assertThat(uploads.uploads()).extracting(MultipartUpload::uploadId)
                .containsExactly(upload.uploadId(), later.uploadId());
        assertThat(uploads.truncated()).isTrue();
        UploadListing next = blobs.uploads().listUploads(BUCKET, new ListQuery("", Optional.of("/"), 2),
                uploads.nextKeyMarker(), uploads.nextUploadIdMarker());
        assertThat(next.uploads()).isEmpty();
        assertThat(next.commonPrefixes()).containsExactly("images/");
    }

    @Test
    void a_part_copied_from_a_range_of_an_object_holds_those_bytes() {
        byte[] source = bytes(6 * MIB, 9);
        put(BUCKET, "source.bin", source);
        MultipartUpload upload = start("copy.bin");

        PartCopy copied = blobs.uploads().uploadPartCopy(BUCKET, "copy.bin", upload.uploadId(), 1,
                new CopySource(BUCKET, "source.bin", Optional.empty()),
                Optional.of(RangeRequest.copySource("bytes=0-" + (5 * MIB - 1))), Conditions.NONE);
        Part rest = blobs.uploads().uploadPartCopy(BUCKET, "copy.bin", upload.uploadId(), 2,
                new CopySource(BUCKET, "source.bin", Optional.empty()),
                Optional.of(RangeRequest.copySource("bytes=" + 5 * MIB + "-" + (6 * MIB - 1))), Conditions.NONE).part();

        assertThat(copied.source().key().value()).isEqualTo("source.bin");
        complete(upload, copied.part(), rest);
        assertThat(read(BUCKET, "copy.bin", ReadOptions.LATEST)).isEqualTo(source);
        assertFails(() -> blobs.uploads().uploadPartCopy(BUCKET, "copy.bin", start("copy.bin").uploadId(), 1,
                new CopySource(BUCKET, "source.bin", Optional.empty()),
                Optional.of(RangeRequest.copySource("bytes=0-" + 6 * MIB)), Conditions.NONE),
                ErrorCode.INVALID_ARGUMENT);
    }
}
