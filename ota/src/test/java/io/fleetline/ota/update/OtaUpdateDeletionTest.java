package io.fleetline.ota.update;

import static io.fleetline.ota.update.Requests.s3;
import static io.fleetline.ota.update.Requests.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OtaUpdateDeletionTest extends OtaFixture {
    private String stream;

    @BeforeEach
    void a_complete_update() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        ota.create(update("fw-1").file(s3("fw", "app.bin", "v1")).build());
        stream = tickAndGet("fw-1").createdStream().orElseThrow();
    }

    @Test
    void an_update_whose_job_is_active_is_not_deleted_without_force() {
        assertThatThrownBy(() -> ota.delete("fw-1", true, false)).isInstanceOfSatisfying(FleetlineException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("AFR_OTA-fw-1").contains("forceDeleteAWSJob");
                });
        assertThat(ota.get("fw-1").status()).isEqualTo(OtaUpdateStatus.CREATE_COMPLETE);
    }

    @Test
    void forced_deletion_takes_the_job_and_keeps_the_stream_unless_asked() {
        ota.delete("fw-1", false, true);

        assertThat(ota.get("fw-1").status()).isEqualTo(OtaUpdateStatus.DELETE_IN_PROGRESS);
        ota.tick();

        assertThatThrownBy(() -> ota.get("fw-1")).isInstanceOfSatisfying(FleetlineException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));
        assertThat(fakes.jobsDeleted).containsExactly("AFR_OTA-fw-1");
        assertThat(fakes.streams).containsKey(stream);
    }

    @Test
    void an_ended_job_needs_no_force_and_delete_stream_removes_the_stream_the_update_made() {
        fakes.phases.put("AFR_OTA-fw-1", OtaJobs.Phase.ENDED);

        ota.delete("fw-1", true, false);
        ota.tick();

        assertThat(fakes.jobsDeleted).containsExactly("AFR_OTA-fw-1");
        assertThat(fakes.streamsDeleted).containsExactly(stream);
        assertThat(store.find("fw-1")).isEmpty();
    }

    @Test
    void a_complete_update_holds_the_stream_it_made_until_it_is_being_deleted() {
        assertThat(ota.holdsStream(stream)).isTrue();
        assertThat(ota.holdsStream("AFR_OTA-another")).isFalse();

        ota.delete("fw-1", true, true);

        assertThat(ota.holdsStream(stream)).isFalse();
    }

    @Test
    void an_update_holds_the_users_stream_its_files_are_in_and_a_failed_one_holds_none() {
        fakes.streamFiles.put("mine#0", new OtaStreams.StreamedFile(new S3File("fw", "app.bin", "v1"), IMAGE.length));
        ota.create(update("fw-2").file(new FileLocation.Stream("mine", 0)).build());
        assertThat(ota.holdsStream("mine")).as("while pending").isTrue();
        ota.create(update("fw-3").file(new FileLocation.Stream("theirs", 0)).build());

        assertThat(tickAndGet("fw-3").status()).isEqualTo(OtaUpdateStatus.CREATE_FAILED);
        assertThat(ota.get("fw-2").status()).isEqualTo(OtaUpdateStatus.CREATE_COMPLETE);
        assertThat(ota.holdsStream("mine")).isTrue();
        assertThat(ota.holdsStream("theirs")).isFalse();
    }

    @Test
    void delete_stream_never_removes_a_stream_the_user_gave() {
        fakes.streamFiles.put("mine#0", new OtaStreams.StreamedFile(new S3File("fw", "app.bin", "v1"), IMAGE.length));
        ota.create(update("fw-2").file(new FileLocation.Stream("mine", 0)).build());
        ota.tick();

        ota.delete("fw-2", true, true);
        ota.tick();

        assertThat(store.find("fw-2")).isEmpty();
        assertThat(fakes.streamsDeleted).isEmpty();
    }

    @Test
    void a_refused_job_deletion_leaves_delete_failed_and_deleting_again_finishes() {
        fakes.jobDeleteRefusal = Optional.of(new FleetlineException(ErrorCode.SERVICE_UNAVAILABLE, "jobs are busy"));
        ota.delete("fw-1", true, true);
        OtaUpdate update = tickAndGet("fw-1");

        assertThat(update.status()).isEqualTo(OtaUpdateStatus.DELETE_FAILED);
        assertThat(update.errorInfo()).contains(new ErrorInfo("ServiceUnavailableException", "jobs are busy"));

        fakes.jobDeleteRefusal = Optional.empty();
        ota.delete("fw-1", true, true);
        ota.tick();
        assertThat(store.find("fw-1")).isEmpty();
        assertThat(fakes.streamsDeleted).containsExactly(stream);
    }

    @Test
    void an_update_deleted_while_pending_is_never_created() {
        ota.create(update("fw-2").file(s3("fw", "app.bin", "v1")).build());

        ota.delete("fw-2", true, false);
        ota.tick();

        assertThat(store.find("fw-2")).isEmpty();
        assertThat(fakes.jobsCreated).containsExactly("AFR_OTA-fw-1");
    }

    @Test
    void a_failed_update_is_deleted_with_the_stream_it_made() {
        ota.create(update("fw-2").file(s3("fw", "app.bin", "v1")).build());
        fakes.phases.put("AFR_OTA-fw-2", OtaJobs.Phase.ENDED);  // someone else's job has the id: creation fails
        OtaUpdate failed = tickAndGet("fw-2");
        assertThat(failed.status()).isEqualTo(OtaUpdateStatus.CREATE_FAILED);

        ota.delete("fw-2", true, false);
        ota.tick();

        assertThat(store.find("fw-2")).isEmpty();
        assertThat(fakes.jobsDeleted).isEmpty();  // not its job: never asked for
        assertThat(fakes.streamsDeleted).containsExactly(failed.createdStream().orElseThrow());
    }

    @Test
    void a_deletion_interrupted_by_a_stop_is_finished_by_the_next_process() {
        fakes.phases.put("AFR_OTA-fw-1", OtaJobs.Phase.ENDED);
        ota.delete("fw-1", true, false);

        restart();
        ota.tick();

        assertThat(store.find("fw-1")).isEmpty();
        assertThat(fakes.streamsDeleted).containsExactly(stream);
    }

    @Test
    void a_deletion_that_keeps_failing_unexpectedly_ends_delete_failed() {
        fakes.jobDeleteRefusal = Optional.of(new FleetlineException(ErrorCode.SERVICE_UNAVAILABLE, "x"));
        ota.delete("fw-1", false, true);
        fakes.jobDeleteRefusal = Optional.empty();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        OtaUpdates flaky = new OtaUpdates(store, new OtaUpdates.Ports(new OtaJobs() {
            @Override
            public java.util.List<String> missingTargets(java.util.List<String> targets) {
                return java.util.List.of();
            }

            @Override
            public Optional<Phase> phase(String jobId) {
                return Optional.of(Phase.ACTIVE);
            }

            @Override
            public String create(Spec job) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void delete(String jobId, boolean force) {
                calls.incrementAndGet();
                throw new IllegalStateException("the jobs database is unreachable");
            }
        }, fakes.ports().streams(), fakes.ports().signing(), fakes.ports().objects()), SCOPE, clock);

        for (int i = 0; i < OtaUpdates.MAX_ATTEMPTS; i++) {
            flaky.tick();
        }

        OtaUpdate update = flaky.get("fw-1");
        assertThat(calls).hasValue(OtaUpdates.MAX_ATTEMPTS);
        assertThat(update.status()).isEqualTo(OtaUpdateStatus.DELETE_FAILED);
        assertThat(update.errorInfo().orElseThrow().code()).isEqualTo("InternalFailureException");
    }

    @Test
    void deleting_what_does_not_exist_is_not_found() {
        assertThatThrownBy(() -> ota.delete("nope", false, false)).isInstanceOfSatisfying(FleetlineException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));
    }
}
