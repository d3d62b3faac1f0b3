package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.api.blobs.BlobsApi;
import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.time.ManualClock;
import io.fleetline.storage.Database;
import io.fleetline.storage.blobs.JdbcBlobMetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
        AwsCliProcess aws = AwsCliProcess.of(version, dir, server);
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
}
