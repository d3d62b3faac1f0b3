package io.fleetline.ota.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.time.ManualClock;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stream files kept open between requests: opened once, checked once a second, let go when no longer needed. */
class OpenFilesTest {
    private static final int SIZE = 3 * 4096;
    private static final FileSource APP = FileSource.of("fw", "app.bin", "v1");
    private final FakeObjects objects = new FakeObjects().put("fw", "app.bin?v1", FakeObjects.bytes(SIZE));
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final OpenFiles files = new OpenFiles(objects, clock);
    private final StreamFile app = file(APP);

    private StreamFile file(FileSource source) {
        StreamObjects.ObjectFacts facts = objects.head(source);
        return new StreamFile(0, source, facts.size(), facts.etag());
    }

    private byte[] read(StreamFile file, long position) {
        try (StreamObjects.OpenObject open = files.open(file.source(), file.etag())) {
            return open.read(position, 4096);
        }
    }

    @Test
    void requests_for_one_file_open_it_once_and_read_its_bytes() {
        for (int block = 0; block < 3; block++) {
            assertThat(read(app, block * 4096L))
                    .isEqualTo(Arrays.copyOfRange(FakeObjects.bytes(SIZE), block * 4096, block * 4096 + 4096));
        }

        assertThat(objects.opened).hasValue(1);
        assertThat(objects.open).hasValue(1);
        assertThat(files.size()).isEqualTo(1);
    }

    @Test
    void the_current_object_of_a_key_is_asked_for_at_every_request() {
        objects.put("fw", "current.bin", FakeObjects.bytes(SIZE));
        StreamFile current = file(FileSource.of("fw", "current.bin"));
        read(current, 0);
        int heads = objects.heads.get();
        read(current, 4096);
        assertThat(objects.heads).as("replaced by any PUT: asked again").hasValue(heads + 1);
        objects.put("fw", "current.bin", FakeObjects.bytes(SIZE));
        assertThatThrownBy(() -> read(current, 0)).isInstanceOf(io.fleetline.protocol.DeviceRejection.class);
        assertThat(objects.opened).hasValue(1);
    }

    @Test
    void a_version_is_asked_for_again_once_a_second_not_at_each_request() {
        read(app, 0);
        int heads = objects.heads.get();
        clock.advance(Duration.ofMillis(999));
        read(app, 0);
        assertThat(objects.heads).hasValue(heads);

        clock.advance(Duration.ofMillis(1));
        read(app, 0);
        read(app, 4096);

        assertThat(objects.heads).hasValue(heads + 1);
        assertThat(objects.opened).hasValue(1);
    }

    @Test
    void a_replaced_object_is_an_etag_mismatch_from_the_next_check_on_and_its_file_is_closed() {
        read(app, 0);
        objects.put("fw", "app.bin?v1", FakeObjects.bytes(SIZE + 1));

        assertThat(read(app, 4096)).as("within the second: the recorded bytes")
                .isEqualTo(Arrays.copyOfRange(FakeObjects.bytes(SIZE), 4096, 8192));
        clock.advance(OpenFiles.RECHECK);

        assertRejected(() -> read(app, 0), RejectionCode.ETAG_MISMATCH);
        assertRejected(() -> read(app, 0), RejectionCode.ETAG_MISMATCH);
        assertThat(objects.open).hasValue(0);
        assertThat(files.size()).isZero();
    }

    @Test
    void a_removed_object_is_not_found_from_the_next_check_on() {
        read(app, 0);
        objects.remove("fw", "app.bin?v1");
        clock.advance(OpenFiles.RECHECK);

        assertThatThrownBy(() -> read(app, 0)).isInstanceOf(FleetlineException.class)
                .satisfies(e -> assertThat(((FleetlineException) e).code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));
        assertThat(objects.open).hasValue(0);
    }

    @Test
    void a_file_no_request_reads_for_a_minute_is_closed_at_the_next_request() {
        objects.put("fw", "boot.bin", FakeObjects.bytes(SIZE));
        StreamFile boot = file(FileSource.of("fw", "boot.bin"));
        read(app, 0);
        clock.advance(OpenFiles.IDLE.minusSeconds(1));
        read(boot, 0);
        clock.advance(Duration.ofSeconds(1));

        read(boot, 0);

        assertThat(objects.open).hasValue(1);
        assertThat(files.size()).isEqualTo(1);
    }

    @Test
    void past_the_most_files_open_the_least_recently_read_is_closed() {
        for (int i = 0; i <= OpenFiles.MAX_OPEN; i++) {
            objects.put("fw", "f" + i, FakeObjects.bytes(SIZE));
            read(file(FileSource.of("fw", "f" + i)), 0);
        }

        assertThat(objects.open).hasValue(OpenFiles.MAX_OPEN);
        int opened = objects.opened.get();
        read(file(FileSource.of("fw", "f" + OpenFiles.MAX_OPEN)), 0);
        assertThat(objects.opened).as("the latest is still open").hasValue(opened);
        read(file(FileSource.of("fw", "f0")), 0);
        assertThat(objects.opened).as("the first was closed").hasValue(opened + 1);
    }

    @Test
    void a_file_let_go_while_a_request_reads_it_is_closed_when_that_request_is_done() {
        try (StreamObjects.OpenObject reading = files.open(APP, app.etag())) {
            files.forget(List.of(app));
            assertThat(objects.open).hasValue(1);
            assertThat(reading.read(0, 4096)).hasSize(4096);
        }

        assertThat(objects.open).hasValue(0);
        read(app, 0);
        assertThat(objects.opened).hasValue(2);
    }

    @Test
    void forgetting_all_closes_every_file() {
        objects.put("fw", "boot.bin", FakeObjects.bytes(SIZE));
        read(app, 0);
        read(file(FileSource.of("fw", "boot.bin")), 0);

        files.forgetAll();

        assertThat(objects.open).hasValue(0);
        assertThat(files.size()).isZero();
    }

    @Test
    void a_read_that_fails_lets_the_file_go_and_the_next_request_opens_it_again() {
        read(app, 0);
        try (StreamObjects.OpenObject open = files.open(APP, app.etag())) {
            assertThatThrownBy(() -> open.read(SIZE, 4096)).isInstanceOf(RuntimeException.class);
        }

        assertThat(objects.open).hasValue(0);
        read(app, 0);
        assertThat(objects.opened).hasValue(2);
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                       RejectionCode code) {
        assertThatThrownBy(call).isInstanceOf(DeviceRejection.class)
                .satisfies(e -> assertThat(((DeviceRejection) e).code()).as(e.getMessage()).isEqualTo(code));
    }
}
