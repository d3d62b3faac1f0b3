package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.OTAUpdateStatus;
import software.amazon.awssdk.services.iot.model.Protocol;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * DeleteStream of a stream an OTA update uses is refused with {@code DeleteConflictException} (AWS's "you can't delete
 * the resource because it is attached to one or more resources"), with the AWS SDK for Java v2: the stream the update
 * created and a stream of the user's its files name. Once the update is deleted the stream may be deleted; an update
 * deleted with {@code deleteStream} still takes the stream it made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsInUseIT {
    private static final String ROLE = "arn:aws:iam::000000000000:role/ota";
    private StreamsFixture fixture;
    private String version;
    private String thingArn;

    @BeforeAll
    void start(@TempDir Path dir) {
        fixture = new StreamsFixture(dir);
        version = fixture.put("app.bin", StreamsFixture.image(50_000, 31));
        fixture.thing("target-1");
        thingArn = fixture.iot.describeThing(r -> r.thingName("target-1")).thingArn();
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    private void created(String otaUpdateId, OTAUpdateFile file) {
        fixture.iot.createOTAUpdate(r -> r.otaUpdateId(otaUpdateId).targets(thingArn).protocols(Protocol.MQTT)
                .files(file).roleArn(ROLE));
        for (int tick = 0; tick < 20; tick++) {
            fixture.server.tickJobs();
            var info = fixture.iot.getOTAUpdate(r -> r.otaUpdateId(otaUpdateId)).otaUpdateInfo();
            if (info.otaUpdateStatus() == OTAUpdateStatus.CREATE_COMPLETE) {
                return;
            }
            assertThat(info.otaUpdateStatus()).as(String.valueOf(info.errorInfo()))
                    .isIn(OTAUpdateStatus.CREATE_PENDING, OTAUpdateStatus.CREATE_IN_PROGRESS);
        }
        throw new AssertionError(otaUpdateId + " is still being created after 20 ticks");
    }

    /** The stream the {@code afr_ota} job document names. */
    private String streamOf(String jobId) throws Exception {
        String document = fixture.iot.getJobDocument(r -> r.jobId(jobId)).document();
        return new ObjectMapper().readTree(document).path("afr_ota").path("streamname").asText();
    }

    private void deleteUpdate(String otaUpdateId, boolean deleteStream) {
        fixture.iot.deleteOTAUpdate(r -> r.otaUpdateId(otaUpdateId).deleteStream(deleteStream)
                .forceDeleteAWSJob(true));
        fixture.server.tickJobs();
        assertThatThrownBy(() -> fixture.iot.getOTAUpdate(r -> r.otaUpdateId(otaUpdateId)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void the_stream_an_ota_update_created_is_not_deleted_while_the_update_exists() throws Exception {
        created("fw-own", OTAUpdateFile.builder().fileName("app.bin")
                .fileLocation(l -> l.s3Location(s -> s.bucket(StreamsFixture.BUCKET).key("app.bin").version(version)))
                .build());
        String stream = streamOf("AFR_OTA-fw-own");
        assertThat(stream).startsWith("AFR_OTA-").hasSize(44);

        assertThatThrownBy(() -> fixture.iot.deleteStream(r -> r.streamId(stream)))
                .isInstanceOfSatisfying(DeleteConflictException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorMessage()).contains(stream).contains("OTA update");
                });
        assertThat(fixture.iot.describeStream(r -> r.streamId(stream)).streamInfo().streamId()).isEqualTo(stream);

        deleteUpdate("fw-own", false);
        fixture.iot.deleteStream(r -> r.streamId(stream));
        assertThatThrownBy(() -> fixture.iot.describeStream(r -> r.streamId(stream)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void a_users_stream_an_ota_update_names_is_not_deleted_while_the_update_exists() {
        fixture.stream("users-stream", "app.bin", version);
        created("fw-users", OTAUpdateFile.builder().fileName("app.bin")
                .fileLocation(l -> l.stream(s -> s.streamId("users-stream").fileId(0))).build());

        assertThatThrownBy(() -> fixture.iot.deleteStream(r -> r.streamId("users-stream")))
                .isInstanceOf(DeleteConflictException.class);

        deleteUpdate("fw-users", true);  // deleteStream never takes the user's stream
        assertThat(fixture.iot.describeStream(r -> r.streamId("users-stream")).streamInfo().streamVersion())
                .isEqualTo(1);
        fixture.iot.deleteStream(r -> r.streamId("users-stream"));
    }

    @Test
    void an_update_deleted_with_delete_stream_takes_the_stream_it_made() throws Exception {
        created("fw-gone", OTAUpdateFile.builder().fileName("app.bin")
                .fileLocation(l -> l.s3Location(s -> s.bucket(StreamsFixture.BUCKET).key("app.bin").version(version)))
                .build());
        String stream = streamOf("AFR_OTA-fw-gone");

        deleteUpdate("fw-gone", true);

        assertThatThrownBy(() -> fixture.iot.describeStream(r -> r.streamId(stream)))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
