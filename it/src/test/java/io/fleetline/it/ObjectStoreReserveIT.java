package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code --blob-min-free-bytes} reaches each account's content store: a reserve larger than the disk has free turns
 * every upload away with S3's {@code ServiceUnavailable} (503), nothing kept, while the bucket's other operations work.
 * (ObjectStoreDiskFullIT shows the reserve itself on a disk that fills; this shows the setting is the one used.)
 */
class ObjectStoreReserveIT {
    private static final long TiB = 1L << 40;

    @Test
    void a_reserve_above_the_free_space_of_the_disk_makes_uploads_service_unavailable_with_nothing_stored(
            @TempDir Path dir) throws Exception {
        long reserve = Files.getFileStore(dir).getUsableSpace() + (1L << 30);
        Assumptions.assumeTrue(reserve <= TiB, "the disk has more than 1 TiB free, the setting's upper bound");

        try (TestServer server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(),
                c -> c.withBlobs(b -> b.withMinFreeBytes(reserve)));
             S3Client s3 = Sdk.s3(server)) {
            s3.createBucket(b -> b.bucket("my-iot-firmware"));

            assertThatThrownBy(() -> s3.putObject(p -> p.bucket("my-iot-firmware").key("fw.bin"),
                    RequestBody.fromString("firmware v2.1.0")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                    });
            assertThat(s3.listObjectsV2(l -> l.bucket("my-iot-firmware")).contents()).isEmpty();
        }
    }
}
