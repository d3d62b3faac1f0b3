package io.fleetline.storage.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.listing.ListQuery;
import io.fleetline.blobs.listing.VersionListing;
import io.fleetline.blobs.object.DeleteResult;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.ObjectWrite;
import io.fleetline.blobs.object.ReadOptions;
import io.fleetline.blobs.object.VersionId;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Versions, delete markers and the null version, as S3 keeps them with versioning enabled and suspended. */
abstract class VersioningContract extends BlobsFixture {

    @BeforeEach
    void versionedBucket() {
        createBucket(BUCKET);
        enableVersioning(BUCKET);
    }

    private String textOf(VersionId version) {
        return new String(read(BUCKET, "fw.bin", ReadOptions.version(version)), StandardCharsets.UTF_8);
    }

    private VersionListing versions() {
        return blobs.listings().listVersions(BUCKET, ListQuery.all(), Optional.empty(), Optional.empty());
    }

    @Test
    void every_put_keeps_a_version_the_latest_is_current_and_each_reads_by_its_id() {
        ObjectWrite first = put(BUCKET, "fw.bin", "v1");
        clock.advance(Duration.ofSeconds(1));
        ObjectWrite second = put(BUCKET, "fw.bin", "v2");

        assertThat(first.reportedVersionId()).isPresent();
        assertThat(second.version().versionId()).isNotEqualTo(first.version().versionId());
        assertThat(text(BUCKET, "fw.bin")).isEqualTo("v2");
        assertThat(textOf(first.version().versionId())).isEqualTo("v1");
        assertThat(versions().versions()).extracting(ObjectVersion::versionId, ObjectVersion::latest)
                .containsExactly(tuple(second.version().versionId(), true), tuple(first.version().versionId(), false));
    }

    @Test
    void a_delete_adds_a_delete_marker_that_hides_the_object_but_not_its_versions() {
        ObjectWrite first = put(BUCKET, "fw.bin", "v1");
        DeleteResult deleted = blobs.objects().delete(BUCKET, "fw.bin", Optional.empty());

        assertThat(deleted.deleteMarker()).isTrue();
        VersionId marker = deleted.versionId().orElseThrow();
        assertFails(() -> blobs.objects().get(BUCKET, "fw.bin", ReadOptions.LATEST), ErrorCode.NO_SUCH_KEY)
                .satisfies(e -> assertThat(((FleetlineException) e).extra())
                        .containsEntry("DeleteMarker", "true").containsEntry("VersionId", marker.value()));
        assertFails(() -> blobs.objects().head(BUCKET, "fw.bin", ReadOptions.version(marker)),
                ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(textOf(first.version().versionId())).isEqualTo("v1");
        assertThat(blobs.listings().listObjectsV2(BUCKET, ListQuery.all(), Optional.empty(), Optional.empty())
                .objects()).isEmpty();
        assertThat(versions().versions()).extracting(ObjectVersion::deleteMarker, ObjectVersion::latest)
                .containsExactly(tuple(true, true), tuple(false, false));
    }

    @Test
    void deleting_the_delete_marker_by_id_brings_the_object_back() {
        put(BUCKET, "fw.bin", "v1");
        VersionId marker = blobs.objects().delete(BUCKET, "fw.bin", Optional.empty()).versionId().orElseThrow();

        DeleteResult undone = blobs.objects().delete(BUCKET, "fw.bin", Optional.of(marker));

        assertThat(undone.deleteMarker()).isTrue();
        assertThat(undone.versionId()).contains(marker);
        assertThat(text(BUCKET, "fw.bin")).isEqualTo("v1");
    }

    @Test
    void deleting_a_version_by_id_removes_it_for_good_and_its_bytes_with_it() {
        ObjectWrite first = put(BUCKET, "fw.bin", "v1");
        ObjectWrite second = put(BUCKET, "fw.bin", "v2");
        assertThat(files("sha256")).hasSize(2);

        blobs.objects().delete(BUCKET, "fw.bin", Optional.of(second.version().versionId()));

        assertThat(text(BUCKET, "fw.bin")).as("the one before is current again").isEqualTo("v1");
        assertFails(() -> blobs.objects().get(BUCKET, "fw.bin", ReadOptions.version(second.version().versionId())),
                ErrorCode.NO_SUCH_VERSION);
        assertThat(files("sha256")).hasSize(1);
        assertThat(versions().versions()).extracting(ObjectVersion::versionId, ObjectVersion::latest)
                .containsExactly(tuple(first.version().versionId(), true));
        assertFails(() -> VersionId.of("not-a-version"), ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void a_suspended_bucket_keeps_one_null_version_and_the_versions_from_before() {
        ObjectWrite kept = put(BUCKET, "fw.bin", "versioned");
        blobs.buckets().putVersioning(BUCKET, VersioningStatus.SUSPENDED);

        ObjectWrite first = put(BUCKET, "fw.bin", "null one");
        ObjectWrite second = put(BUCKET, "fw.bin", "null two");

        assertThat(first.version().versionId()).isEqualTo(VersionId.NULL);
        assertThat(second.reportedVersionId()).contains(VersionId.NULL);
        assertThat(text(BUCKET, "fw.bin")).isEqualTo("null two");
        assertThat(textOf(VersionId.NULL)).isEqualTo("null two");
        assertThat(textOf(kept.version().versionId())).isEqualTo("versioned");
        assertThat(versions().versions()).extracting(ObjectVersion::versionId)
                .containsExactly(VersionId.NULL, kept.version().versionId());
        assertThat(files("sha256")).as("the replaced null version's bytes are gone").hasSize(2);
    }

    @Test
    void a_delete_in_a_suspended_bucket_replaces_the_null_version_with_a_null_delete_marker() {
        put(BUCKET, "fw.bin", "versioned");
        blobs.buckets().putVersioning(BUCKET, VersioningStatus.SUSPENDED);
        put(BUCKET, "fw.bin", "null one");

        DeleteResult deleted = blobs.objects().delete(BUCKET, "fw.bin", Optional.empty());

        assertThat(deleted.versionId()).contains(VersionId.NULL);
        assertThat(deleted.deleteMarker()).isTrue();
        assertThat(versions().versions()).extracting(ObjectVersion::versionId, ObjectVersion::deleteMarker)
                .containsExactly(tuple(VersionId.NULL, true), tuple(versions().versions().get(1).versionId(), false));
        assertThat(files("sha256")).hasSize(1);
    }

    @Test
    void objects_written_before_versioning_keep_the_null_version_beside_new_versions() {
        blobs.buckets().create("plain-bucket", Optional.empty());
        put("plain-bucket", "fw.bin", "before");
        blobs.buckets().putVersioning("plain-bucket", VersioningStatus.ENABLED);
        ObjectWrite after = put("plain-bucket", "fw.bin", "after");

        assertThat(blobs.listings().listVersions("plain-bucket", ListQuery.all(), Optional.empty(), Optional.empty())
                .versions()).extracting(ObjectVersion::versionId)
                .containsExactly(after.version().versionId(), VersionId.NULL);
        assertThat(new String(read("plain-bucket", "fw.bin", ReadOptions.version(VersionId.NULL)),
                StandardCharsets.UTF_8)).isEqualTo("before");
    }
}
