package io.fleetline.storage.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.bucket.Bucket;
import io.fleetline.blobs.bucket.BucketEncryption;
import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.multipart.MultipartUpload;
import io.fleetline.blobs.object.ExpectedDigests;
import io.fleetline.blobs.object.ObjectAttributes;
import io.fleetline.blobs.object.VersionId;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation, Put/GetBucketVersioning,
 * Put/Get/DeleteBucketEncryption.
 */
abstract class BucketContract extends BlobsFixture {

    @Test
    void a_bucket_is_created_in_the_accounts_region_and_listed_by_name() {
        Bucket created = blobs.buckets().create("my-iot-firmware", Optional.empty());
        blobs.buckets().create("a-logs", Optional.of("eu-west-1"));

        assertThat(created.region()).isEqualTo("eu-west-1");
        assertThat(created.created()).isEqualTo(clock.instant());
        assertThat(created.versioning()).isEqualTo(VersioningStatus.UNVERSIONED);
        assertThat(blobs.buckets().head("my-iot-firmware")).isEqualTo(created);
        assertThat(blobs.buckets().location("my-iot-firmware")).isEqualTo("eu-west-1");
        assertThat(blobs.buckets().list()).extracting(bucket -> bucket.name().value())
                .containsExactly("a-logs", "my-iot-firmware");
    }

    @Test
    void creating_a_bucket_one_owns_again_is_bucket_already_owned_by_you_outside_us_east_1() {
        createBucket(BUCKET);

        assertFails(() -> createBucket(BUCKET), ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU)
                .hasMessageContaining("you already own it");
    }

    @Test
    void in_us_east_1_creating_a_bucket_one_owns_again_succeeds_as_s3_answers_there() {
        Blobs virginia = Blobs.open(new JdbcBlobMetadataStore(database), contents,
                new AccountScope("us-east-1", "123456789012"), clock);
        Bucket first = virginia.buckets().create(BUCKET, Optional.empty());

        assertThat(virginia.buckets().create(BUCKET, Optional.empty())).isEqualTo(first);
    }

    @Test
    void a_location_constraint_of_another_region_is_refused() {
        assertFails(() -> blobs.buckets().create(BUCKET, Optional.of("ap-south-1")),
                ErrorCode.ILLEGAL_LOCATION_CONSTRAINT).hasMessageContaining("ap-south-1");
        assertThat(blobs.buckets().list()).isEmpty();
    }

    @Test
    void names_outside_s3s_rules_are_invalid_bucket_name_in_every_operation() {
        for (String name : new String[] {"My_Bucket", "ab", "192.168.1.1", "bad..name"}) {
            assertFails(() -> blobs.buckets().create(name, Optional.empty()), ErrorCode.INVALID_BUCKET_NAME);
            assertFails(() -> blobs.buckets().head(name), ErrorCode.INVALID_BUCKET_NAME);
            assertFails(() -> put(name, "key", "x"), ErrorCode.INVALID_BUCKET_NAME);
        }
    }

    @Test
    void a_missing_bucket_is_no_such_bucket() {
        for (Runnable call : new Runnable[] {() -> blobs.buckets().head("absent-bucket"),
                () -> blobs.buckets().delete("absent-bucket"),
                () -> blobs.buckets().putVersioning("absent-bucket", VersioningStatus.ENABLED),
                () -> blobs.buckets().location("absent-bucket"),
                () -> blobs.buckets().encryption("absent-bucket"),
                () -> blobs.buckets().putEncryption("absent-bucket", new BucketEncryption(Optional.empty())),
                () -> blobs.buckets().deleteEncryption("absent-bucket")}) {
            assertFails(call::run, ErrorCode.NO_SUCH_BUCKET)
                    .satisfies(e -> assertThat(((FleetlineException) e).extra()).containsEntry("BucketName",
                            "absent-bucket"));
        }
    }

    @Test
    void an_empty_bucket_is_deleted_and_one_holding_objects_is_bucket_not_empty() {
        createBucket(BUCKET);
        put(BUCKET, "fw.bin", "image");

        assertFails(() -> blobs.buckets().delete(BUCKET), ErrorCode.BUCKET_NOT_EMPTY);
        blobs.objects().delete(BUCKET, "fw.bin", Optional.empty());
        blobs.buckets().delete(BUCKET);
        assertFails(() -> blobs.buckets().head(BUCKET), ErrorCode.NO_SUCH_BUCKET);
    }

    @Test
    void versions_and_delete_markers_keep_a_bucket_from_being_deleted() {
        createBucket(BUCKET);
        enableVersioning(BUCKET);
        VersionId version = put(BUCKET, "fw.bin", "image").version().versionId();
        VersionId marker = blobs.objects().delete(BUCKET, "fw.bin", Optional.empty()).versionId().orElseThrow();

        assertFails(() -> blobs.buckets().delete(BUCKET), ErrorCode.BUCKET_NOT_EMPTY).as("a version is left");
        blobs.objects().delete(BUCKET, "fw.bin", Optional.of(version));
        assertFails(() -> blobs.buckets().delete(BUCKET), ErrorCode.BUCKET_NOT_EMPTY).as("a delete marker is left");
        blobs.objects().delete(BUCKET, "fw.bin", Optional.of(marker));
        blobs.buckets().delete(BUCKET);
    }

    @Test
    void deleting_a_bucket_aborts_its_uploads_and_removes_their_parts_bytes() {
        createBucket(BUCKET);
        MultipartUpload upload = blobs.uploads().create(BUCKET, "big.bin", ObjectAttributes.NONE);
        blobs.uploads().uploadPart(BUCKET, "big.bin", upload.uploadId(), 1, new ByteArrayInputStream(bytes(100, 1)),
                100, ExpectedDigests.NONE);
        assertThat(files("sha256")).hasSize(1);

        blobs.buckets().delete(BUCKET);

        assertThat(files("sha256")).isEmpty();
        createBucket(BUCKET);
        assertFails(() -> blobs.uploads().listParts(BUCKET, "big.bin", upload.uploadId(), 10, 0),
                ErrorCode.NO_SUCH_UPLOAD);
    }

    @Test
    void versioning_is_enabled_then_suspended_and_never_unversioned_again() {
        createBucket(BUCKET);
        assertThat(blobs.buckets().versioning(BUCKET).s3Name()).isEmpty();

        blobs.buckets().putVersioning(BUCKET, VersioningStatus.requested("Enabled"));
        assertThat(blobs.buckets().versioning(BUCKET).s3Name()).contains("Enabled");
        blobs.buckets().putVersioning(BUCKET, VersioningStatus.requested("Suspended"));
        assertThat(blobs.buckets().versioning(BUCKET).s3Name()).contains("Suspended");
        assertFails(() -> VersioningStatus.requested("Disabled"), ErrorCode.MALFORMED_XML);
    }

    @Test
    void a_bucket_has_no_default_encryption_until_one_is_put() {
        createBucket(BUCKET);

        assertThat(blobs.buckets().encryption(BUCKET)).isEmpty();
    }

    @Test
    void default_encryption_is_kept_as_put_bucket_key_included_across_a_restart() {
        createBucket(BUCKET);
        createBucket("with-bucket-key");
        createBucket("without-bucket-key");

        blobs.buckets().putEncryption(BUCKET, new BucketEncryption(Optional.empty()));
        blobs.buckets().putEncryption("with-bucket-key", new BucketEncryption(Optional.of(true)));
        blobs.buckets().putEncryption("without-bucket-key", new BucketEncryption(Optional.of(false)));
        restart();

        assertThat(blobs.buckets().encryption(BUCKET)).contains(new BucketEncryption(Optional.empty()));
        assertThat(blobs.buckets().encryption("with-bucket-key")).contains(new BucketEncryption(Optional.of(true)));
        assertThat(blobs.buckets().encryption("without-bucket-key"))
                .contains(new BucketEncryption(Optional.of(false)));
        assertThat(blobs.buckets().encryption(BUCKET).orElseThrow().algorithm()).isEqualTo("AES256");
    }

    @Test
    void putting_default_encryption_again_replaces_it_and_leaves_the_bucket_as_it_was() {
        createBucket(BUCKET);
        enableVersioning(BUCKET);
        Bucket before = blobs.buckets().head(BUCKET);

        blobs.buckets().putEncryption(BUCKET, new BucketEncryption(Optional.of(true)));
        blobs.buckets().putEncryption(BUCKET, new BucketEncryption(Optional.of(false)));

        assertThat(blobs.buckets().encryption(BUCKET)).contains(new BucketEncryption(Optional.of(false)));
        assertThat(blobs.buckets().head(BUCKET)).isEqualTo(before);
    }

    @Test
    void deleting_default_encryption_removes_it_and_deleting_none_is_not_an_error() {
        createBucket(BUCKET);
        blobs.buckets().putEncryption(BUCKET, new BucketEncryption(Optional.of(true)));

        blobs.buckets().deleteEncryption(BUCKET);
        blobs.buckets().deleteEncryption(BUCKET);

        assertThat(blobs.buckets().encryption(BUCKET)).isEmpty();
    }

    @Test
    void a_deleted_bucket_takes_its_default_encryption_with_it() {
        createBucket(BUCKET);
        blobs.buckets().putEncryption(BUCKET, new BucketEncryption(Optional.of(true)));

        blobs.buckets().delete(BUCKET);
        createBucket(BUCKET);

        assertThat(blobs.buckets().encryption(BUCKET)).isEmpty();
    }

    @Test
    void a_wipe_of_the_database_as_a_reset_does_it_removes_default_encryption() {
        createBucket(BUCKET);
        blobs.buckets().putEncryption(BUCKET, new BucketEncryption(Optional.of(true)));

        database.wipe(Set.of("access_key", "served_account"));
        createBucket(BUCKET);

        assertThat(blobs.buckets().encryption(BUCKET)).isEmpty();
    }
}
