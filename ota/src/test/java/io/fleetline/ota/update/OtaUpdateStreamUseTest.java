package io.fleetline.ota.update;

import static io.fleetline.ota.update.Requests.s3;
import static io.fleetline.ota.update.Requests.update;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which streams an OTA update uses, the question DeleteStream asks before it deletes one. */
class OtaUpdateStreamUseTest extends OtaFixture {

    @Test
    void an_update_holds_the_stream_it_created_until_it_is_being_deleted() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        ota.create(update("fw-1").file(s3("fw", "app.bin", "v1")).build());
        String stream = tickAndGet("fw-1").createdStream().orElseThrow();

        assertThat(ota.holdsStream(stream)).isTrue();
        assertThat(ota.holdsStream("AFR_OTA-another")).isFalse();

        ota.delete("fw-1", false, true);
        assertThat(ota.holdsStream(stream)).as("its deletion may delete it").isFalse();
        ota.tick();
        assertThat(ota.holdsStream(stream)).as("deleted without deleteStream: the stream is left, unattached").isFalse();
    }

    @Test
    void an_update_holds_the_users_stream_its_files_name_from_the_moment_it_is_recorded() {
        fakes.streamFiles.put("mine#0", new OtaStreams.StreamedFile(new S3File("fw", "app.bin", "v1"), IMAGE.length));
        ota.create(update("fw-2").file(new FileLocation.Stream("mine", 0)).build());

        assertThat(ota.holdsStream("mine")).isTrue();
        ota.tick();
        assertThat(ota.holdsStream("mine")).isTrue();
        assertThat(ota.holdsStream("yours")).isFalse();
    }

    @Test
    void every_update_is_looked_at_past_the_first_page() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        for (int i = 0; i < 450; i++) {
            ota.create(update(String.format("a-%03d", i)).file(s3("fw", "app.bin", "v1")).build());
        }
        fakes.streamFiles.put("last#0", new OtaStreams.StreamedFile(new S3File("fw", "app.bin", "v1"), IMAGE.length));
        ota.create(update("z-last").file(new FileLocation.Stream("last", 0)).build());

        assertThat(ota.holdsStream("last")).isTrue();
        assertThat(ota.holdsStream("first")).isFalse();
    }
}
