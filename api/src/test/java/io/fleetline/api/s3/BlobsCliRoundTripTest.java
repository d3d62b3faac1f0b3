package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetline.api.blobs.BlobsApi;
import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.time.ManualClock;
import io.fleetline.storage.Database;
import io.fleetline.storage.blobs.JdbcBlobMetadataStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The high-level {@code aws s3} commands of both CLIs (v2 at {@code /usr/bin/aws}, v1 from the PATH when there is
 * one) against the codec and the object store's real handlers over SQLite: everything they call around the objects
 * (HeadObject before a download, ListObjectsV2 for {@code ls} and {@code sync}, multipart for a 9 MiB file,
 * GetObjectTagging-free copies, DeleteObjects for {@code rb --force}) answers as S3 would.
 */
class BlobsCliRoundTripTest {
    @TempDir
    Path dir;
    private Database database;
    private S3TestServer server;

    @BeforeEach
    void start() throws Exception {
        database = Database.open("jdbc:sqlite:" + dir.resolve("account.db").toAbsolutePath());
        Blobs blobs = Blobs.open(new JdbcBlobMetadataStore(database), FileContentStore.open(dir.resolve("blobs")),
                // later than the local files' times, so that sync sees the uploaded objects as up to date
                new AccountScope("us-east-1", "123456789012"), new ManualClock(Instant.parse("2100-01-01T00:00:00Z")));
        server = new S3TestServer(BlobsApi.handlers(S3TestServer.S3, blobs));
    }

    @AfterEach
    void stop() {
        server.close();
        database.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2", "v1"})
    void mb_cp_ls_sync_mv_rm_and_rb_work_as_on_s3(String version) throws IOException {
        Cli aws = Cli.of(version, dir, server);
        Path small = Files.writeString(dir.resolve("small.bin"), "firmware " + version);
        byte[] bigBytes = new byte[9 * 1024 * 1024 + 123];
        for (int i = 0; i < bigBytes.length; i++) {
            bigBytes[i] = (byte) (i * 31 + i / 251);
        }
        Path big = Files.write(dir.resolve("big.bin"), bigBytes);
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(tree.resolve("a.txt"), "a");
        Files.writeString(tree.getParent().resolve("b.txt"), "b");

        assertThat(aws.run("s3", "mb", "s3://my-iot-firmware").out()).contains("make_bucket: my-iot-firmware");
        aws.run("s3", "cp", small.toString(), "s3://my-iot-firmware/devices/sensor hub/fw+1.bin");
        aws.run("s3", "cp", big.toString(), "s3://my-iot-firmware/images/big.bin");
        String synced = aws.run("s3", "sync", dir.resolve("tree").toString(), "s3://my-iot-firmware/tree").out();
        String again = aws.run("s3", "sync", dir.resolve("tree").toString(), "s3://my-iot-firmware/tree").out();
        String buckets = aws.run("s3", "ls").out();
        String top = aws.run("s3", "ls", "s3://my-iot-firmware/").out();
        String all = aws.run("s3", "ls", "s3://my-iot-firmware", "--recursive").out();
        aws.run("s3", "cp", "s3://my-iot-firmware/images/big.bin", dir.resolve("big.out").toString());
        // over the CLIs' 8 MiB threshold: HeadObject, GetObjectTagging (v2), a multipart upload of part copies
        aws.run("s3", "cp", "s3://my-iot-firmware/images/big.bin", "s3://my-iot-firmware/images/big-copy.bin");
        aws.run("s3", "cp", "s3://my-iot-firmware/images/big-copy.bin", dir.resolve("big-copy.out").toString());
        aws.run("s3", "cp", "s3://my-iot-firmware/devices/sensor hub/fw+1.bin", "s3://my-iot-firmware/copy.bin");
        aws.run("s3", "mv", "s3://my-iot-firmware/copy.bin", "s3://my-iot-firmware/moved.bin");
        String moved = aws.run("s3", "cp", "s3://my-iot-firmware/moved.bin", "-").out();
        aws.run("s3", "rm", "s3://my-iot-firmware/moved.bin");
        String notEmpty = aws.fail("s3", "rb", "s3://my-iot-firmware").err();
        aws.run("s3", "rb", "s3://my-iot-firmware", "--force");
        String after = aws.run("s3", "ls").out();

        assertThat(synced).contains("upload:").contains("tree/sub/a.txt").contains("tree/b.txt");
        assertThat(again).doesNotContain("upload:");
        assertThat(buckets).contains("my-iot-firmware");
        assertThat(top).contains("PRE devices/").contains("PRE images/").contains("PRE tree/");
        assertThat(all).contains("devices/sensor hub/fw+1.bin").contains(Integer.toString(bigBytes.length))
                .contains("tree/sub/a.txt");
        assertThat(Files.readAllBytes(dir.resolve("big.out"))).isEqualTo(bigBytes);
        assertThat(Files.readAllBytes(dir.resolve("big-copy.out"))).isEqualTo(bigBytes);
        assertThat(moved).isEqualTo("firmware " + version);
        assertThat(notEmpty).contains("BucketNotEmpty");
        assertThat(after).doesNotContain("my-iot-firmware");
    }

    record Result(int exit, String out, String err) {
    }

    /** One of the CLIs, run with throwaway credentials and no retries against the test server. */
    record Cli(String binary, Path dir, S3TestServer server) {
        static Cli of(String version, Path dir, S3TestServer server) {
            if (version.equals("v2")) {
                return new Cli("/usr/bin/aws", dir, server);
            }
            Optional<String> v1 = onPath();
            assumeTrue(v1.isPresent(), "no AWS CLI v1 on the PATH");
            return new Cli(v1.get(), dir, server);
        }

        private static Optional<String> onPath() {
            for (String path : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path candidate = Path.of(path, "aws");
                if (Files.isExecutable(candidate) && version(candidate.toString()).startsWith("aws-cli/1")) {
                    return Optional.of(candidate.toString());
                }
            }
            return Optional.empty();
        }

        private static String version(String binary) {
            try {
                Process process = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return process.waitFor(60, TimeUnit.SECONDS) ? out.trim() : "";
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }

        Result run(String... args) {
            Result result = exec(args);
            assertThat(result.exit()).as("%s %s: %s", binary, String.join(" ", args), result.err()).isZero();
            return result;
        }

        Result fail(String... args) {
            Result result = exec(args);
            assertThat(result.exit()).as("%s %s", binary, String.join(" ", args)).isNotZero();
            return result;
        }

        private Result exec(String... args) {
            List<String> command = new ArrayList<>(List.of(binary, "--endpoint-url", server.endpoint("127.0.0.1")));
            command.addAll(List.of(args));
            try {
                Path home = Files.createTempDirectory(dir, "home");
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().putAll(Map.of("HOME", home.toString(), "AWS_ACCESS_KEY_ID", "AKID",
                        "AWS_SECRET_ACCESS_KEY", "secret", "AWS_DEFAULT_REGION", "us-east-1", "AWS_MAX_ATTEMPTS", "1",
                        "AWS_PAGER", "", "AWS_CONFIG_FILE", home.resolve("config").toString(),
                        "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString(),
                        "AWS_EC2_METADATA_DISABLED", "true", "PYTHONIOENCODING", "utf-8"));
                Path out = home.resolve("stdout");
                Path err = home.resolve("stderr");
                Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("aws " + String.join(" ", args) + " did not finish");
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
