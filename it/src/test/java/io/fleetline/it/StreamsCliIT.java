package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The streams control plane with the AWS CLI v2 as a user drives it: files uploaded to the server's own object store,
 * then {@code create-stream}, {@code describe-stream}, {@code update-stream}, {@code list-streams} (paginated by the
 * CLI), tags and {@code delete-stream}, and the errors AWS answers.
 */
class StreamsCliIT {
    private static final String BUCKET = "fw-images";
    private static final String ROLE = "arn:aws:iam::000000000000:role/stream-access";
    @TempDir
    static Path dir;
    static final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static TestServer server;
    static AwsCli aws;
    static String appVersion;

    @BeforeAll
    static void start() {
        server = TestServer.start(Store.SQLITE, dir, clock, c -> c);
        aws = AwsCli.v2().orElseThrow(() -> new AssertionError(
                "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is needed; .ci/run installs it"));
        S3Client s3 = Sdk.s3(server);
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status(
                BucketVersioningStatus.ENABLED)));
        appVersion = s3.putObject(r -> r.bucket(BUCKET).key("app.bin"), RequestBody.fromBytes(new byte[200_000]))
                .versionId();
        s3.putObject(r -> r.bucket(BUCKET).key("boot.bin"), RequestBody.fromBytes(new byte[4096]));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode run(String... args) {
        AwsCli.Result result = aws.run(server, args);
        assertThat(result.exitCode()).as("aws %s: %s", String.join(" ", args), result.stderr()).isZero();
        return result.stdout().isBlank() ? null : result.json();
    }

    private static String error(String... args) {
        AwsCli.Result result = aws.run(server, args);
        assertThat(result.exitCode()).as("aws %s", String.join(" ", args)).isNotZero();
        return result.errorCode();
    }

    @Test
    void create_describe_update_and_delete_a_stream_of_two_files() {
        JsonNode created = run("iot", "create-stream", "--stream-id", "fw-2-1-0", "--description", "firmware 2.1.0",
                "--files", "fileId=0,s3Location={bucket=" + BUCKET + ",key=app.bin,version=" + appVersion + "}",
                "fileId=1,s3Location={bucket=" + BUCKET + ",key=boot.bin}",
                "--role-arn", ROLE, "--tags", "Key=team,Value=firmware");

        String arn = "arn:aws:iot:" + server.region() + ":" + server.accountId() + ":stream/fw-2-1-0";
        assertThat(created.get("streamId").asText()).isEqualTo("fw-2-1-0");
        assertThat(created.get("streamArn").asText()).isEqualTo(arn);
        assertThat(created.get("description").asText()).isEqualTo("firmware 2.1.0");
        assertThat(created.get("streamVersion").asInt()).isEqualTo(1);

        JsonNode info = run("iot", "describe-stream", "--stream-id", "fw-2-1-0").get("streamInfo");
        assertThat(info.get("streamArn").asText()).isEqualTo(arn);
        assertThat(info.get("streamVersion").asInt()).isEqualTo(1);
        assertThat(info.get("roleArn").asText()).isEqualTo(ROLE);
        assertThat(info.get("files")).hasSize(2);
        assertThat(info.get("files").get(0).get("fileId").asInt()).isZero();
        assertThat(info.get("files").get(0).get("s3Location").get("version").asText()).isEqualTo(appVersion);
        assertThat(info.get("files").get(1).get("s3Location").get("key").asText()).isEqualTo("boot.bin");
        assertThat(info.get("files").get(1).get("s3Location").has("version")).isFalse();
        assertThat(Instant.parse(info.get("createdAt").asText().replace("+00:00", "Z")))
                .isEqualTo(clock.instant());
        assertThat(run("iot", "list-tags-for-resource", "--resource-arn", arn).get("tags").get(0).get("Key").asText())
                .isEqualTo("team");

        clock.advance(Duration.ofMinutes(3));
        JsonNode updated = run("iot", "update-stream", "--stream-id", "fw-2-1-0", "--description", "firmware 2.1.1",
                "--files", "fileId=0,s3Location={bucket=" + BUCKET + ",key=boot.bin}");
        assertThat(updated.get("streamVersion").asInt()).isEqualTo(2);
        JsonNode after = run("iot", "describe-stream", "--stream-id", "fw-2-1-0").get("streamInfo");
        assertThat(after.get("description").asText()).isEqualTo("firmware 2.1.1");
        assertThat(after.get("files")).hasSize(1);
        assertThat(Instant.parse(after.get("lastUpdatedAt").asText().replace("+00:00", "Z")))
                .isEqualTo(clock.instant());

        run("iot", "delete-stream", "--stream-id", "fw-2-1-0");
        assertThat(error("iot", "describe-stream", "--stream-id", "fw-2-1-0")).isEqualTo("ResourceNotFoundException");
        // created again: the version goes on, so a device holding version 2 is told the stream changed
        assertThat(run("iot", "create-stream", "--stream-id", "fw-2-1-0", "--files",
                "fileId=0,s3Location={bucket=" + BUCKET + ",key=boot.bin}", "--role-arn", ROLE)
                .get("streamVersion").asInt()).isEqualTo(3);
        run("iot", "delete-stream", "--stream-id", "fw-2-1-0");
    }

    @Test
    void the_cli_pages_through_list_streams() {
        for (String id : List.of("list-a", "list-b", "list-c")) {
            run("iot", "create-stream", "--stream-id", id, "--files",
                    "fileId=0,s3Location={bucket=" + BUCKET + ",key=boot.bin}", "--role-arn", ROLE);
        }

        JsonNode ascending = run("iot", "list-streams", "--ascending-order", "--page-size", "1");
        JsonNode firstPage = run("iot", "list-streams", "--max-results", "2", "--no-paginate");

        assertThat(ids(ascending)).containsSubsequence("list-a", "list-b", "list-c");
        assertThat(ascending.get("streams").get(0).get("streamVersion").asInt()).isEqualTo(1);
        assertThat(ids(firstPage)).hasSize(2);
        assertThat(firstPage.has("nextToken")).isTrue();
        for (String id : List.of("list-a", "list-b", "list-c")) {
            run("iot", "delete-stream", "--stream-id", id);
        }
    }

    @Test
    void errors_are_the_ones_aws_answers() {
        assertThat(error("iot", "create-stream", "--stream-id", "bad", "--files",
                "fileId=0,s3Location={bucket=" + BUCKET + ",key=missing.bin}", "--role-arn", ROLE))
                .isEqualTo("ResourceNotFoundException");
        assertThat(error("iot", "create-stream", "--stream-id", "bad", "--files",
                "fileId=256,s3Location={bucket=" + BUCKET + ",key=boot.bin}", "--role-arn", ROLE))
                .isEqualTo("InvalidRequestException");
        assertThat(error("iot", "create-stream", "--stream-id", "bad.id", "--files",
                "fileId=0,s3Location={bucket=" + BUCKET + ",key=boot.bin}", "--role-arn", ROLE))
                .isEqualTo("InvalidRequestException");
        run("iot", "create-stream", "--stream-id", "taken", "--files",
                "fileId=0,s3Location={bucket=" + BUCKET + ",key=boot.bin}", "--role-arn", ROLE);
        assertThat(error("iot", "create-stream", "--stream-id", "taken", "--files",
                "fileId=0,s3Location={bucket=" + BUCKET + ",key=boot.bin}", "--role-arn", ROLE))
                .isEqualTo("ResourceAlreadyExistsException");
        assertThat(error("iot", "update-stream", "--stream-id", "nope")).isEqualTo("ResourceNotFoundException");
        assertThat(error("iot", "delete-stream", "--stream-id", "nope")).isEqualTo("ResourceNotFoundException");
        run("iot", "delete-stream", "--stream-id", "taken");
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("streams").forEach(stream -> ids.add(stream.get("streamId").asText()));
        return ids;
    }
}
