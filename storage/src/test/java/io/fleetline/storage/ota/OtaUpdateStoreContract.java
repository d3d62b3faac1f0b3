package io.fleetline.storage.ota;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.blobs.object.ObjectUpload;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.page.PageRequest;
import io.fleetline.core.time.ManualClock;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.ota.update.CodeSigning;
import io.fleetline.ota.update.CreationProgress;
import io.fleetline.ota.update.ErrorInfo;
import io.fleetline.ota.update.FileLocation;
import io.fleetline.ota.update.OtaFile;
import io.fleetline.ota.update.OtaJobConfig;
import io.fleetline.ota.update.OtaObjects;
import io.fleetline.ota.update.OtaProtocol;
import io.fleetline.ota.update.OtaTargetSelection;
import io.fleetline.ota.update.OtaUpdate;
import io.fleetline.ota.update.OtaUpdateRequest;
import io.fleetline.ota.update.OtaUpdateStatus;
import io.fleetline.ota.update.PreparedFile;
import io.fleetline.ota.update.S3File;
import io.fleetline.storage.Database;
import io.fleetline.storage.blobs.JdbcBlobMetadataStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OTA update records on each database, and the embedded store as OTA updates read it. */
abstract class OtaUpdateStoreContract {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123Z");
    @TempDir
    Path dir;
    String url;
    Database database;
    JdbcOtaUpdateStore store;

    abstract String newDatabaseUrl(Path dir);

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        url = newDatabaseUrl(dir);
        database = Database.open(url);
        store = new JdbcOtaUpdateStore(database);
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase(url);
    }

    /** An update using every shape the request and the progress have. */
    static OtaUpdate everything(String id) {
        OtaJobConfig config = new OtaJobConfig(Optional.of(new JobConfig.Rollout(Optional.of(50),
                Optional.of(new JobConfig.ExponentialRate(5, 1.5, Optional.of(10), Optional.empty())))),
                Optional.of(900L), List.of(new JobConfig.AbortCriterion(FailureType.FAILED, 12.5, 10)),
                Optional.of(60L));
        List<OtaFile> files = List.of(
                new OtaFile(Optional.of("/app.bin"), Optional.of(2), Optional.of("2.1"), Optional.of(
                        new FileLocation.S3Location("fw", "app.bin", Optional.of("v1"))),
                        Optional.of(new CodeSigning.StartSigning(Optional.of("fw_signer"), Optional.of(
                                new CodeSigning.ProfileParameter(Optional.of("arn:aws:acm:eu-west-1:1:certificate/c"),
                                        Optional.of("AmazonFreeRTOS-Default"), Optional.of("/certs/a.crt"))),
                                Optional.of(new CodeSigning.Destination("fw", Optional.of("signed/"))))),
                        Map.of("a", "1")),
                new OtaFile(Optional.of("/b.bin"), Optional.empty(), Optional.empty(), Optional.of(
                        new FileLocation.S3Location("fw", "b.bin", Optional.empty())),
                        Optional.of(new CodeSigning.Custom(Optional.of(new CodeSigning.Signature(new byte[] {0x30, 0, -1})),
                                Optional.of("/certs/b.crt"), Optional.of("-----BEGIN CERTIFICATE-----\n"),
                                Optional.of("SHA256"), Optional.of("ECDSA"))), Map.of()),
                new OtaFile(Optional.of("/c.bin"), Optional.empty(), Optional.empty(), Optional.of(
                        new FileLocation.Stream("s", 7)), Optional.of(new CodeSigning.SignerJob("sj-1")), Map.of()));
        OtaUpdateRequest request = new OtaUpdateRequest(id, Optional.of("firmware é"), List.of("arn:t1", "arn:t2"),
                List.of(OtaProtocol.HTTP, OtaProtocol.MQTT), OtaTargetSelection.CONTINUOUS, config, files,
                "arn:aws:iam::1:role/ota", Map.of("p", "q"), Map.of("team", "fw"));
        CreationProgress progress = new CreationProgress(Map.of(0, "sj-0"), List.of(
                new PreparedFile(0, new S3File("fw", "signed/app.bin", "s1"), Optional.empty(), 1234,
                        Optional.of("/certs/a.crt"), Optional.of("sig-sha256-ecdsa"), Optional.of("MEUC")),
                new PreparedFile(7, new S3File("fw", "c.bin", "v3"), Optional.of(new FileLocation.Stream("s", 7)), 9,
                        Optional.empty(), Optional.empty(), Optional.empty())),
                Optional.of("AFR_OTA-0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"), true, true);
        return new OtaUpdate(request, "arn:aws:iot:eu-west-1:123456789012:otaupdate/" + id,
                OtaUpdateStatus.DELETE_FAILED, Optional.of(new ErrorInfo("InvalidRequestException", "it refused")), T0,
                T0.plusSeconds(5), Optional.of("AFR_OTA-" + id), Optional.of("arn:job"), progress,
                Optional.of(new OtaUpdate.Deletion(true, false)), 0);
    }

    static OtaUpdate simple(String id, OtaUpdateStatus status) {
        OtaUpdateRequest request = new OtaUpdateRequest(id, Optional.empty(), List.of("arn:t"),
                List.of(OtaProtocol.MQTT), OtaTargetSelection.SNAPSHOT, OtaJobConfig.none(), List.of(new OtaFile(
                Optional.of("/a"), Optional.empty(), Optional.empty(), Optional.of(new FileLocation.Stream("s", 0)),
                Optional.empty(), Map.of())), "arn:role", Map.of(), Map.of());
        return new OtaUpdate(request, "arn:" + id, status, Optional.empty(), T0, T0, Optional.empty(), Optional.empty(),
                CreationProgress.none(), Optional.empty(), 0);
    }

    @Test
    void an_update_reads_back_exactly_as_stored() {
        OtaUpdate update = everything("fw-1");

        assertThat(store.insert(update)).isTrue();

        assertThat(store.find("fw-1")).contains(update);
        assertThat(store.find("fw-2")).isEmpty();
    }

    @Test
    void an_id_in_use_is_not_stored_twice() {
        store.insert(simple("fw-1", OtaUpdateStatus.CREATE_PENDING));

        assertThat(store.insert(everything("fw-1"))).isFalse();
        assertThat(store.find("fw-1").orElseThrow().status()).isEqualTo(OtaUpdateStatus.CREATE_PENDING);
    }

    @Test
    void writes_land_only_over_the_version_they_read() {
        OtaUpdate v0 = simple("fw-1", OtaUpdateStatus.CREATE_PENDING);
        store.insert(v0);
        OtaUpdate v1 = withStatus(v0, OtaUpdateStatus.CREATE_IN_PROGRESS, 1);

        assertThat(store.replace(v1)).isTrue();
        assertThat(store.replace(withStatus(v0, OtaUpdateStatus.DELETE_IN_PROGRESS, 1))).isFalse();
        assertThat(store.replace(withStatus(v0, OtaUpdateStatus.DELETE_IN_PROGRESS, 3))).isFalse();
        assertThat(store.find("fw-1")).contains(v1);

        assertThat(store.delete("fw-1", 0)).isFalse();
        assertThat(store.delete("fw-1", 1)).isTrue();
        assertThat(store.find("fw-1")).isEmpty();
    }

    @Test
    void updates_are_listed_by_id_in_pages_and_by_status() {
        store.insert(simple("c", OtaUpdateStatus.CREATE_FAILED));
        store.insert(simple("a", OtaUpdateStatus.CREATE_COMPLETE));
        store.insert(simple("b", OtaUpdateStatus.CREATE_FAILED));

        assertThat(store.list(Optional.empty(), new PageRequest(1, Optional.empty()))).extracting(OtaUpdate::id)
                .containsExactly("a", "b");
        assertThat(store.list(Optional.empty(), new PageRequest(5, Optional.of("a")))).extracting(OtaUpdate::id)
                .containsExactly("b", "c");
        assertThat(store.list(Optional.of(OtaUpdateStatus.CREATE_FAILED), new PageRequest(5, Optional.empty())))
                .extracting(OtaUpdate::id).containsExactly("b", "c");
    }

    @Test
    void the_worker_finds_what_is_being_created_or_deleted() {
        for (OtaUpdateStatus status : OtaUpdateStatus.values()) {
            store.insert(simple(status.name().toLowerCase(), status));
        }

        assertThat(store.unfinished()).containsExactly("create_in_progress", "create_pending", "delete_in_progress");
    }

    @Test
    void a_reset_wipes_them() {
        store.insert(everything("fw-1"));

        database.wipe(Set.of("access_key", "served_account"));

        assertThat(store.find("fw-1")).isEmpty();
        assertThat(store.unfinished()).isEmpty();
    }

    @Test
    void the_embedded_store_tells_versions_sizes_and_what_is_missing() throws IOException {
        ManualClock clock = new ManualClock(T0);
        Blobs blobs = Blobs.open(new JdbcBlobMetadataStore(database), FileContentStore.open(dir.resolve("blobs"),
                0), new AccountScope("eu-west-1", "123456789012"), clock);
        blobs.buckets().create("plain-bucket", Optional.empty());
        blobs.buckets().create("fw-images", Optional.empty());
        blobs.buckets().putVersioning("fw-images", VersioningStatus.ENABLED);
        byte[] image = "image bytes".getBytes(StandardCharsets.UTF_8);
        put(blobs, "plain-bucket", "app.bin", image);
        String v1 = put(blobs, "fw-images", "app.bin", image);
        put(blobs, "fw-images", "app.bin", "newer".getBytes(StandardCharsets.UTF_8));
        OtaObjects objects = OtaObjects.embedded(blobs);

        assertThat(objects.find("fw-images", "app.bin", Optional.of(v1)))
                .isEqualTo(new OtaObjects.Found(new S3File("fw-images", "app.bin", v1), image.length));
        assertThat(((OtaObjects.Found) objects.find("fw-images", "app.bin", Optional.empty())).size()).isEqualTo(5);
        assertThat(objects.find("plain-bucket", "app.bin", Optional.empty()))
                .isEqualTo(new OtaObjects.Found(new S3File("plain-bucket", "app.bin", "null"), image.length));
        assertThat(objects.find("nope-bucket", "app.bin", Optional.empty()))
                .isEqualTo(new OtaObjects.Missing("bucket nope-bucket does not exist"));
        assertThat(objects.find("fw-images", "gone.bin", Optional.empty()))
                .isEqualTo(new OtaObjects.Missing("object s3://fw-images/gone.bin does not exist"));
        assertThat(objects.find("fw-images", "app.bin", Optional.of("x".repeat(32))))
                .isEqualTo(new OtaObjects.Missing("version " + "x".repeat(32) + " of s3://fw-images/app.bin does not exist"));
        try (InputStream in = objects.open(new S3File("fw-images", "app.bin", v1))) {
            assertThat(in.readAllBytes()).isEqualTo(image);
        }
    }

    private static String put(Blobs blobs, String bucket, String key, byte[] bytes) {
        return blobs.objects().put(bucket, key, ObjectUpload.of(new ByteArrayInputStream(bytes), bytes.length))
                .version().versionId().value();
    }

    private static OtaUpdate withStatus(OtaUpdate u, OtaUpdateStatus status, long version) {
        return new OtaUpdate(u.request(), u.arn(), status, u.errorInfo(), u.createdAt(), u.lastModifiedAt(), u.jobId(),
                u.jobArn(), u.progress(), u.deletion(), version);
    }
}
