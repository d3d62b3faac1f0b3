package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The S3 steps of seeds 002 and 003 as their users type them, with both AWS CLIs: Debian's v2 ({@code /usr/bin/aws},
 * required) and the pip v1 on the PATH where there is one; then {@code aws s3 sync} of a directory, and a 200 MB file
 * up and down (CLI v2: multipart both ways). One server for the class; each CLI works in buckets of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3CliIT {
    private static final String ROLE = "roleArn=arn:aws:iam::000000000000:role/ota";
    @TempDir
    static Path dir;
    TestServer server;
    HttpClient http;

    static Stream<AwsCli> clis() {
        return RegistryCliIT.clis();
    }

    @BeforeAll
    void start() {
        server = TestServer.start(Store.SQLITE, dir);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    void stop() {
        http.close();
        server.close();
    }

    private AwsCli.Result ok(AwsCli aws, String... args) {
        AwsCli.Result result = aws.run(server, args);
        assertThat(result.exitCode()).as(aws + " " + String.join(" ", args) + ": " + result.stderr()).isZero();
        return result;
    }

    private static Path random(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1024 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void seed_002_firmware_in_a_versioned_bucket_a_presigned_url_and_a_job_document_source(AwsCli aws)
            throws Exception {
        String bucket = "my-iot-firmware-" + aws.label();
        Path work = Files.createDirectories(dir.resolve("seed-002-" + aws.label()));
        Path firmware = random(work.resolve("firmware-v2.1.0.bin"), 300_000, 2);
        String key = "devices/sensor-hub/firmware-v2.1.0.bin";

        ok(aws, "s3api", "create-bucket", "--bucket", bucket, "--region", "us-east-1");
        ok(aws, "s3api", "put-bucket-versioning", "--bucket", bucket,
                "--versioning-configuration", "Status=Enabled");
        assertThat(ok(aws, "s3api", "get-bucket-versioning", "--bucket", bucket).json().path("Status").asText())
                .isEqualTo("Enabled");
        ok(aws, "s3", "cp", firmware.toString(), "s3://" + bucket + "/" + key,
                "--metadata", "{\"version\":\"2.1.0\",\"md5\":\"abc123def456\"}");
        JsonNode head = ok(aws, "s3api", "head-object", "--bucket", bucket, "--key", key).json();
        assertThat(head.path("Metadata").path("version").asText()).isEqualTo("2.1.0");
        assertThat(head.path("Metadata").path("md5").asText()).isEqualTo("abc123def456");
        assertThat(head.path("ContentLength").asLong()).isEqualTo(300_000);
        assertThat(head.path("VersionId").asText()).isNotBlank().isNotEqualTo("null");

        // valid for 24 hours; a device fetches it with nothing but the URL
        String presigned = ok(aws, "s3", "presign", "s3://" + bucket + "/" + key, "--expires-in", "86400")
                .stdout().strip();
        assertThat(presigned).startsWith(server.endpoint() + "/" + bucket + "/" + key + "?");
        HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(URI.create(presigned)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(Files.readAllBytes(firmware));

        Path document = Files.writeString(work.resolve("ota-job-document.json"), """
                {"operation": "firmware_update", "version": "2.1.0",
                 "firmwareUrl": "${aws:iot:s3-presigned-url:https://s3.amazonaws.com/%s/%s}"}""".formatted(bucket, key));
        ok(aws, "s3", "cp", document.toString(), "s3://" + bucket + "/jobs/ota-job-document.json");
        String thingArn = ok(aws, "iot", "create-thing", "--thing-name", "sensor-hub-" + aws.label()).json()
                .path("thingArn").asText();
        ok(aws, "iot", "create-job", "--job-id", "firmware-update-v2-1-0-" + aws.label(), "--targets", thingArn,
                "--document-source", "https://s3.amazonaws.com/" + bucket + "/jobs/ota-job-document.json",
                "--target-selection", "SNAPSHOT", "--presigned-url-config", ROLE + ",expiresInSec=3600");
        assertThat(ok(aws, "iot", "get-job-document", "--job-id", "firmware-update-v2-1-0-" + aws.label()).json()
                .path("document").asText()).isEqualTo(Files.readString(document));

        Path downloaded = work.resolve("downloaded.bin");
        ok(aws, "s3", "cp", "s3://" + bucket + "/" + key, downloaded.toString());
        assertThat(downloaded).hasSameBinaryContentAs(firmware);
        String listed = ok(aws, "s3", "ls", "s3://" + bucket, "--recursive").stdout();
        assertThat(listed).contains(key).contains("jobs/ota-job-document.json").contains("300000");
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void seed_003_make_bucket_upload_remove_every_version_and_remove_the_bucket(AwsCli aws) throws Exception {
        String bucket = "fleet-ota-firmware-" + aws.label();
        Path work = Files.createDirectories(dir.resolve("seed-003-" + aws.label()));
        Path firmware = Files.writeString(work.resolve("firmware-v2.1.0.bin"), "Firmware update package v2.1.0\n");

        assertThat(ok(aws, "s3", "mb", "s3://" + bucket, "--region", "us-east-1").stdout())
                .contains("make_bucket: " + bucket);
        ok(aws, "s3api", "put-bucket-versioning", "--bucket", bucket,
                "--versioning-configuration", "Status=Enabled");
        ok(aws, "s3", "cp", firmware.toString(), "s3://" + bucket + "/firmware/");
        Files.writeString(firmware, "Firmware update package v2.1.1\n");
        ok(aws, "s3", "cp", firmware.toString(), "s3://" + bucket + "/firmware/");
        assertThat(ok(aws, "s3", "ls", "s3://" + bucket, "--recursive").stdout())
                .contains("firmware/firmware-v2.1.0.bin");

        assertThat(ok(aws, "s3", "rm", "s3://" + bucket, "--recursive").stdout())
                .contains("delete: s3://" + bucket + "/firmware/firmware-v2.1.0.bin");
        assertThat(ok(aws, "s3", "ls", "s3://" + bucket, "--recursive").stdout()).isBlank();
        AwsCli.Result notEmpty = aws.run(server, "s3api", "delete-bucket", "--bucket", bucket);
        assertThat(notEmpty.errorCode()).as("the versions are still there").isEqualTo("BucketNotEmpty");

        JsonNode versions = ok(aws, "s3api", "list-object-versions", "--bucket", bucket).json();
        assertThat(versions.path("Versions")).hasSize(2);
        assertThat(versions.path("DeleteMarkers")).hasSize(1);
        List<JsonNode> all = new ArrayList<>();
        versions.path("Versions").forEach(all::add);
        versions.path("DeleteMarkers").forEach(all::add);
        for (JsonNode version : all) {
            JsonNode deleted = ok(aws, "s3api", "delete-object", "--bucket", bucket, "--key",
                    version.path("Key").asText(), "--version-id", version.path("VersionId").asText()).json();
            assertThat(deleted.path("VersionId").asText()).isEqualTo(version.path("VersionId").asText());
        }
        JsonNode left = ok(aws, "s3api", "list-object-versions", "--bucket", bucket).json();
        assertThat(left.path("Versions").size() + left.path("DeleteMarkers").size()).isZero();

        assertThat(ok(aws, "s3", "rb", "s3://" + bucket).stdout()).contains("remove_bucket: " + bucket);
        assertThat(ok(aws, "s3", "ls").stdout()).doesNotContain(bucket);
        AwsCli.Result gone = aws.run(server, "s3", "ls", "s3://" + bucket);
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.stderr()).contains("NoSuchBucket");
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void sync_uploads_a_directory_then_only_what_changed_and_downloads_it_back(AwsCli aws) throws Exception {
        String bucket = "fleet-sync-" + aws.label();
        Path site = Files.createDirectories(dir.resolve("sync-" + aws.label()).resolve("release"));
        Files.createDirectories(site.resolve("images/a"));
        Files.writeString(site.resolve("manifest.json"), "{\"release\": 1}");
        Files.writeString(site.resolve("images/a/boot.img"), "boot image");
        random(site.resolve("images/a/rootfs.img"), 9 * 1024 * 1024 + 123, 3);
        Files.writeString(site.resolve("notes with spaces.txt"), "notes");
        ok(aws, "s3", "mb", "s3://" + bucket);

        String first = ok(aws, "s3", "sync", site.toString(), "s3://" + bucket + "/release/").stdout();
        assertThat(first.lines().filter(line -> line.startsWith("upload:"))).hasSize(4);
        assertThat(ok(aws, "s3", "sync", site.toString(), "s3://" + bucket + "/release/").stdout()
                .lines().filter(line -> line.startsWith("upload:"))).as("nothing changed, nothing sent").isEmpty();

        Files.writeString(site.resolve("manifest.json"), "{\"release\": 2, \"longer\": true}");
        Files.writeString(site.resolve("images/a/new.img"), "new");
        String second = ok(aws, "s3", "sync", site.toString(), "s3://" + bucket + "/release/").stdout();
        assertThat(second.lines().filter(line -> line.startsWith("upload:")))
                .hasSize(2).anyMatch(line -> line.contains("manifest.json")).anyMatch(line -> line.contains("new.img"));

        Path back = dir.resolve("sync-" + aws.label()).resolve("back");
        ok(aws, "s3", "sync", "s3://" + bucket + "/release/", back.toString());
        for (String file : List.of("manifest.json", "images/a/boot.img", "images/a/rootfs.img", "images/a/new.img",
                "notes with spaces.txt")) {
            assertThat(back.resolve(file)).hasSameBinaryContentAs(site.resolve(file));
        }
    }

    @Test
    void a_200_mb_file_goes_up_and_comes_back_with_the_same_sha256() throws Exception {
        AwsCli aws = AwsCli.v2().orElseThrow();
        Path work = Files.createDirectories(dir.resolve("large"));
        Path image = random(work.resolve("image.bin"), 200L * 1024 * 1024, 200);
        ok(aws, "s3", "mb", "s3://fleet-large");
        ok(aws, "s3", "cp", image.toString(), "s3://fleet-large/images/image.bin");
        JsonNode head = ok(aws, "s3api", "head-object", "--bucket", "fleet-large", "--key", "images/image.bin").json();
        assertThat(head.path("ContentLength").asLong()).isEqualTo(200L * 1024 * 1024);
        assertThat(head.path("ETag").asText()).as("uploaded in parts").matches("\"[0-9a-f]{32}-\\d+\"");

        Path back = work.resolve("back.bin");
        ok(aws, "s3", "cp", "s3://fleet-large/images/image.bin", back.toString());
        assertThat(sha256(back)).isEqualTo(sha256(image));
        Files.delete(back);
        Files.delete(image);
    }
}
