package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.api.s3.AwsCliProcess.Result;
import io.fleetline.api.s3.EchoHandlers.Seen;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real AWS CLIs against the codec: Debian's v2 ({@code /usr/bin/aws}, which the test suite needs) and the pip v1
 * when the PATH has one (it sends the newer checksum headers). Their high-level {@code s3} commands and
 * {@code s3api} parse what the codec writes, and the handlers see what they sent.
 */
class S3CliRoundTripTest {
    private static final EchoHandlers ECHO = new EchoHandlers();
    private static S3TestServer server;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = new S3TestServer(ECHO.handlers());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2", "v1"})
    void the_seed_steps_reach_the_handlers_and_their_answers_parse(String version) throws IOException {
        AwsCliProcess aws = AwsCliProcess.of(version, dir, server);
        Path firmware = Files.writeString(dir.resolve("firmware-" + version + ".bin"), "firmware " + version);

        assertThat(aws.run("s3", "mb", "s3://my-iot-firmware").out()).contains("make_bucket: my-iot-firmware");
        aws.run("s3api", "put-bucket-versioning", "--bucket", "my-iot-firmware",
                "--versioning-configuration", "Status=Enabled");
        assertThat(ECHO.last("PutBucketVersioning").input().path("VersioningConfiguration").path("Status").asText())
                .isEqualTo("Enabled");

        aws.run("s3", "cp", firmware.toString(), "s3://my-iot-firmware/devices/sensor hub/fw+2.1.0.bin",
                "--metadata", "version=2.1.0,checksum=abc");
        Seen put = ECHO.last("PutObject");
        assertThat(put.input().path("Key").asText()).isEqualTo("devices/sensor hub/fw+2.1.0.bin");
        assertThat(put.input().path("Metadata").path("version").asText()).isEqualTo("2.1.0");
        assertThat(put.text()).isEqualTo("firmware " + version);

        String listing = aws.run("s3", "ls", "s3://my-iot-firmware", "--recursive").out();
        assertThat(listing).contains("sensor hub/v2+1.bin").contains("firmware-ü.bin");
        // the second page was asked with the first page's token, as sent
        assertThat(ECHO.last("ListObjectsV2").input().path("ContinuationToken").asText())
                .isEqualTo(EchoHandlers.NEXT_TOKEN);

        assertThat(aws.run("s3api", "get-bucket-location", "--bucket", "my-iot-firmware").out())
                .contains("\"LocationConstraint\": \"eu-west-1\"");
        assertThat(aws.run("s3api", "get-bucket-versioning", "--bucket", "my-iot-firmware").out())
                .contains("\"Status\": \"Enabled\"");
        assertThat(aws.run("s3api", "list-object-versions", "--bucket", "my-iot-firmware").out())
                .contains("\"VersionId\": \"v2\"").contains("\"VersionId\": \"dm3\"");
        assertThat(aws.run("s3", "cp", "s3://my-iot-firmware/devices/fw.bin", "-").out()).isEqualTo("hello, fleet");

        String deleted = aws.run("s3api", "delete-objects", "--bucket", "my-iot-firmware", "--delete",
                "{\"Objects\":[{\"Key\":\"a b/ü\"},{\"Key\":\"locked.bin\"}]}").out();
        assertThat(deleted).contains("\"Key\": \"a b/ü\"").contains("\"Code\": \"AccessDenied\"");
        assertThat(ECHO.last("DeleteObjects").input().path("Delete").path("Objects").get(0).path("Key").asText())
                .isEqualTo("a b/ü");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2", "v1"})
    void errors_are_read_by_code_and_message(String version) {
        AwsCliProcess aws = AwsCliProcess.of(version, dir, server);

        Result get = aws.fail("s3api", "get-object", "--bucket", "b", "--key", "missing", dir.resolve("out").toString());
        assertThat(get.err()).contains("NoSuchKey").contains("The specified key does not exist.");

        Result head = aws.fail("s3api", "head-object", "--bucket", "b", "--key", "missing");
        assertThat(head.err()).contains("404");

        Result tagging = aws.fail("s3api", "get-bucket-tagging", "--bucket", "b");
        assertThat(tagging.err()).contains("NotImplemented");
    }
}
