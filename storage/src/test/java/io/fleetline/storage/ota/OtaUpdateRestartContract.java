package io.fleetline.storage.ota;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.time.ManualClock;
import io.fleetline.ota.update.FileLocation;
import io.fleetline.ota.update.OtaFile;
import io.fleetline.ota.update.OtaJobConfig;
import io.fleetline.ota.update.OtaJobs;
import io.fleetline.ota.update.OtaObjects;
import io.fleetline.ota.update.OtaProtocol;
import io.fleetline.ota.update.OtaSigning;
import io.fleetline.ota.update.OtaStreams;
import io.fleetline.ota.update.OtaTargetSelection;
import io.fleetline.ota.update.OtaUpdate;
import io.fleetline.ota.update.OtaUpdateRequest;
import io.fleetline.ota.update.OtaUpdateStatus;
import io.fleetline.ota.update.OtaUpdates;
import io.fleetline.ota.update.S3File;
import io.fleetline.storage.Database;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update whose process died mid-creation (right after its stream was made, as {@code kill -9} would leave it) is
 * finished by a new process over the reopened database: the progress written to the row is all it has.
 */
abstract class OtaUpdateRestartContract {
    private static final AccountScope SCOPE = new AccountScope("eu-west-1", "123456789012");
    @TempDir
    Path dir;
    String url;
    Database database;
    final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T10:00:00Z"));
    final Map<String, List<OtaStreams.Source>> streams = new LinkedHashMap<>();
    final List<String> jobs = new ArrayList<>();
    boolean dieAfterStream = true;

    abstract String newDatabaseUrl(Path dir);

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        url = newDatabaseUrl(dir);
        database = Database.open(url);
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase(url);
    }

    private OtaUpdates process() {
        return new OtaUpdates(new JdbcOtaUpdateStore(database), new OtaUpdates.Ports(new Jobs(), new Streams(),
                new NoSigning(), new Objects()), SCOPE, clock);
    }

    @Test
    void creation_interrupted_after_the_stream_completes_after_a_restart_without_a_second_stream() {
        OtaUpdates first = process();
        first.create(new OtaUpdateRequest("fw-1", Optional.empty(), List.of(SCOPE.arn(ResourceType.THING, "dev-1")),
                List.of(OtaProtocol.MQTT), OtaTargetSelection.SNAPSHOT, OtaJobConfig.none(), List.of(new OtaFile(
                Optional.of("/app.bin"), Optional.empty(), Optional.empty(), Optional.of(new FileLocation.S3Location(
                "fw-images", "app.bin", Optional.of("v1"))), Optional.empty(), Map.of())), "arn:aws:iam::1:role/ota",
                Map.of(), Map.of()));
        first.tick();
        assertThat(first.get("fw-1").status()).isEqualTo(OtaUpdateStatus.CREATE_IN_PROGRESS);

        database.close();
        database = Database.open(url);
        dieAfterStream = false;
        OtaUpdates second = process();
        second.tick();

        OtaUpdate done = second.get("fw-1");
        assertThat(done.status()).isEqualTo(OtaUpdateStatus.CREATE_COMPLETE);
        assertThat(streams).containsOnlyKeys(done.createdStream().orElseThrow());
        assertThat(jobs).containsExactly("AFR_OTA-fw-1");
        assertThat(second.list(Optional.of(OtaUpdateStatus.CREATE_COMPLETE),
                new io.fleetline.core.page.PageRequest(10, Optional.empty())).items()).containsExactly(done);
    }

    private final class Jobs implements OtaJobs {
        @Override
        public List<String> missingTargets(List<String> targets) {
            return List.of();
        }

        @Override
        public Optional<Phase> phase(String jobId) {
            return jobs.contains(jobId) ? Optional.of(Phase.ACTIVE) : Optional.empty();
        }

        @Override
        public String create(Spec job) {
            jobs.add(job.jobId());
            return SCOPE.arn(ResourceType.JOB, job.jobId());
        }

        @Override
        public void delete(String jobId, boolean force) {
            jobs.remove(jobId);
        }
    }

    private final class Streams implements OtaStreams {
        @Override
        public Optional<StreamedFile> file(String streamId, int fileId) {
            return Optional.empty();
        }

        @Override
        public void create(String streamId, String description, String roleArn, List<Source> files) {
            streams.putIfAbsent(streamId, files);
            if (dieAfterStream) {
                throw new IllegalStateException("killed");
            }
        }

        @Override
        public void delete(String streamId) {
            streams.remove(streamId);
        }
    }

    private static final class NoSigning implements OtaSigning {
        @Override
        public Optional<Job> describe(String jobId) {
            return Optional.empty();
        }

        @Override
        public String start(Request request) {
            throw FleetlineException.invalid("no signing");
        }
    }

    private static final class Objects implements OtaObjects {
        @Override
        public Lookup find(String bucket, String key, Optional<String> versionId) {
            return new Found(new S3File(bucket, key, versionId.orElse("v1")), 4);
        }

        @Override
        public InputStream open(S3File file) {
            return new ByteArrayInputStream(new byte[4]);
        }
    }
}
