package io.fleetline.s3store;

import static io.fleetline.blobs.Failures.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.blobs.Blob;
import io.fleetline.blobs.BlobPage;
import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.time.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The external store on s3proxy, beyond the contract: where objects land on the store, what the operator's own
 * uploads look like to Fleetline, presigned device URLs, the checksum setting, the start-up check and bodies that
 * are not what they claim.
 */
class ExternalStoreTest {
    private final List<ExternalStore> opened = new ArrayList<>();
    /** The operator's own client of the store. */
    private S3Client operator;
    private String storeBucket;

    @BeforeEach
    void storeBucket() {
        operator = S3Client.builder().endpointOverride(Stores.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3ProxyProcess.ACCESS_KEY_ID, S3ProxyProcess.SECRET_ACCESS_KEY)))
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation
                        .WHEN_REQUIRED)
                .build();
        storeBucket = "store-" + UUID.randomUUID().toString().substring(0, 12);
        operator.createBucket(r -> r.bucket(storeBucket));
    }

    @AfterEach
    void close() {
        opened.forEach(ExternalStore::close);
        operator.close();
    }

    private ExternalStore open(String location) {
        return open(location, Clock.systemUTC());
    }

    private ExternalStore open(String location, Clock clock) {
        ExternalStore store = Stores.open(S3Location.parse(location), clock);
        opened.add(store);
        return store;
    }

    private static void put(BlobStore store, BucketName bucket, String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        store.put(bucket, ObjectKey.of(key), new ByteArrayInputStream(bytes), bytes.length, Optional.empty(), Map.of());
    }

    private List<String> storeKeys() {
        return operator.listObjectsV2(r -> r.bucket(storeBucket)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void objects_land_under_the_prefix_and_the_bucket_name_and_the_operator_sees_them_there() {
        BlobStore store = open("s3://" + storeBucket + "/fleetline/").blobStore();
        BucketName firmware = BucketName.of("my-iot-firmware");
        store.createBucket(firmware);

        put(store, firmware, "devices/hub/fw.bin", "image");

        assertThat(storeKeys()).contains("fleetline/my-iot-firmware/devices/hub/fw.bin");
        assertThat(operator.getObjectAsBytes(r -> r.bucket(storeBucket)
                .key("fleetline/my-iot-firmware/devices/hub/fw.bin")).asUtf8String()).isEqualTo("image");
    }

    @Test
    void each_bucket_is_the_stores_bucket_of_that_name_without_a_prefix() {
        BlobStore store = open("s3").blobStore();

        put(store, BucketName.of(storeBucket), "jobs/doc.json", "{}");

        assertThat(storeKeys()).containsExactly("jobs/doc.json");
        assertThat(store.listBuckets()).contains(BucketName.of(storeBucket));
    }

    @Test
    void what_the_operator_uploads_under_a_buckets_prefix_is_that_buckets_without_fleetline_creating_it() {
        operator.putObject(r -> r.bucket(storeBucket).key("fl/my-iot-firmware/jobs/doc.json"),
                RequestBody.fromString("{\"operation\":\"ota\"}"));
        operator.putObject(r -> r.bucket(storeBucket).key("elsewhere/not-ours.bin"), RequestBody.fromString("x"));
        BlobStore store = open("s3://" + storeBucket + "/fl").blobStore();

        assertThat(store.listBuckets()).containsExactly(BucketName.of("my-iot-firmware"));
        try (Blob doc = store.get(BucketName.of("my-iot-firmware"), ObjectKey.of("jobs/doc.json"), Optional.empty())) {
            assertThat(new String(doc.readAll(), StandardCharsets.UTF_8)).isEqualTo("{\"operation\":\"ota\"}");
        }
        assertFails(() -> store.deleteBucket(BucketName.of("my-iot-firmware")), ErrorCode.BUCKET_NOT_EMPTY);
    }

    @Test
    void buckets_under_one_prefix_see_only_their_own_keys_and_other_prefixes_see_none() {
        BlobStore tenantA = open("s3://" + storeBucket + "/tenant-a").blobStore();
        BlobStore tenantB = open("s3://" + storeBucket + "/tenant-b").blobStore();
        BucketName data = BucketName.of("data");
        BucketName data2 = BucketName.of("data-2");
        tenantA.createBucket(data);
        tenantA.createBucket(data2);
        put(tenantA, data, "k", "a");
        put(tenantA, data2, "k", "b");

        assertThat(tenantA.listBuckets()).containsExactly(data, data2);
        assertThat(tenantA.list(data, "", Optional.empty(), Optional.empty(), 10).objects())
                .extracting(o -> o.key().value()).containsExactly("k");
        assertThat(tenantB.listBuckets()).isEmpty();
        assertFails(() -> tenantB.get(data, ObjectKey.of("k"), Optional.empty()), ErrorCode.NO_SUCH_BUCKET);
    }

    /** The contract's listing check on keys whose UTF-8 and UTF-16 orders agree (see {@link S3ProxyDeviations}). */
    @Test
    void a_listing_pages_in_key_order_and_rolls_keys_up_by_delimiter_under_the_prefix() {
        BlobStore store = open("s3://" + storeBucket + "/p").blobStore();
        BucketName bucket = BucketName.of("listing");
        store.createBucket(bucket);
        List<String> keys = List.of("a", "b/1", "b/2", "c", "é", "｡");
        keys.forEach(key -> put(store, bucket, key, key));

        List<String> listed = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            BlobPage page = store.list(bucket, "", Optional.empty(), token, 2);
            assertThat(page.objects()).hasSizeLessThanOrEqualTo(2);
            page.objects().forEach(summary -> listed.add(summary.key().value()));
            token = page.nextToken();
        } while (token.isPresent());
        assertThat(listed).isEqualTo(keys);

        BlobPage rolled = store.list(bucket, "", Optional.of("/"), Optional.empty(), 10);
        assertThat(rolled.objects()).extracting(summary -> summary.key().value()).containsExactly("a", "c", "é", "｡");
        assertThat(rolled.commonPrefixes()).containsExactly("b/");
        assertThat(store.list(bucket, "b/", Optional.of("/"), Optional.empty(), 10).objects())
                .extracting(summary -> summary.key().value()).containsExactly("b/1", "b/2");
    }

    @Test
    void a_large_object_streams_up_and_down_whole() throws Exception {
        BlobStore store = open("s3://" + storeBucket).blobStore();
        BucketName bucket = BucketName.of("images");
        store.createBucket(bucket);
        long length = 24L << 20;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");

        store.put(bucket, ObjectKey.of("big.bin"), new Pattern(length, sent), length, Optional.empty(), Map.of());

        MessageDigest received = MessageDigest.getInstance("SHA-256");
        try (Blob blob = store.get(bucket, ObjectKey.of("big.bin"), Optional.empty())) {
            assertThat(blob.length()).isEqualTo(length);
            byte[] buffer = new byte[65536];
            for (int n; (n = blob.stream().read(buffer)) > 0; ) {
                received.update(buffer, 0, n);
            }
        }
        assertThat(received.digest()).isEqualTo(sent.digest());
    }

    @Test
    void a_body_shorter_or_longer_than_declared_or_broken_off_is_incomplete_body_and_nothing_is_stored() {
        BlobStore store = open("s3://" + storeBucket).blobStore();
        BucketName bucket = BucketName.of("uploads");
        store.createBucket(bucket);
        byte[] ten = "0123456789".getBytes(StandardCharsets.UTF_8);

        assertFails(() -> store.put(bucket, ObjectKey.of("short"), new ByteArrayInputStream(ten), 11,
                Optional.empty(), Map.of()), ErrorCode.INCOMPLETE_BODY);
        assertFails(() -> store.put(bucket, ObjectKey.of("long"), new ByteArrayInputStream(ten), 9,
                Optional.empty(), Map.of()), ErrorCode.INCOMPLETE_BODY);
        InputStream broken = new SequenceInputStream(new ByteArrayInputStream(new byte[200_000]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by the client");
            }
        });
        assertFails(() -> store.put(bucket, ObjectKey.of("broken"), broken, 400_000, Optional.empty(), Map.of()),
                ErrorCode.INCOMPLETE_BODY);

        assertThat(store.head(bucket, ObjectKey.of("short"))).isEmpty();
        assertThat(store.head(bucket, ObjectKey.of("long"))).isEmpty();
        assertThat(store.head(bucket, ObjectKey.of("broken"))).isEmpty();
    }

    @Test
    void a_presigned_url_downloads_the_object_from_the_store_with_a_plain_http_client_and_serves_ranges()
            throws Exception {
        ExternalStore external = open("s3://" + storeBucket + "/fl");
        BucketName bucket = BucketName.of("my-iot-firmware");
        external.blobStore().createBucket(bucket);
        put(external.blobStore(), bucket, "devices/sensor hub/fw v2.bin", "firmware image bytes");

        URI url = external.downloadUrls().presignGet(bucket, ObjectKey.of("devices/sensor hub/fw v2.bin"),
                Duration.ofHours(1));

        assertThat(url.getHost()).isEqualTo(Stores.endpoint().getHost());
        assertThat(url.getPort()).isEqualTo(Stores.endpoint().getPort());
        assertThat(url.getRawQuery()).contains("X-Amz-Expires=3600", "X-Amz-Signature=");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> whole = http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo("firmware image bytes");
            HttpResponse<String> resumed = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=9-").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(resumed.statusCode()).isEqualTo(206);
            assertThat(resumed.body()).isEqualTo("image bytes");
        }
    }

    @Test
    void a_presigned_url_stops_working_once_it_expired_and_a_tampered_one_never_works() throws Exception {
        ManualClock clock = new ManualClock(Instant.now().minus(Duration.ofMinutes(2)));
        ExternalStore external = open("s3://" + storeBucket, clock);
        BucketName bucket = BucketName.of("firmware");
        external.blobStore().createBucket(bucket);
        put(external.blobStore(), bucket, "fw.bin", "image");

        // made two minutes ago, for one minute
        URI expired = external.downloadUrls().presignGet(bucket, ObjectKey.of("fw.bin"), Duration.ofSeconds(60));
        clock.set(Instant.now());
        URI fresh = external.downloadUrls().presignGet(bucket, ObjectKey.of("fw.bin"), Duration.ofSeconds(60));
        URI tampered = URI.create(fresh.toString().replace("fw.bin", "fw.bin.other"));

        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(http.send(HttpRequest.newBuilder(fresh).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("image");
            HttpResponse<String> late = http.send(HttpRequest.newBuilder(expired).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(late.statusCode()).isEqualTo(403);
            assertThat(late.body()).contains("AccessDenied");
            assertThat(http.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(403);
        }
    }

    @Test
    void a_presigned_url_lives_one_second_to_seven_days() {
        ExternalStore external = open("s3://" + storeBucket);
        BucketName bucket = BucketName.of("firmware");
        ObjectKey key = ObjectKey.of("fw.bin");

        assertThat(external.downloadUrls().presignGet(bucket, key, Duration.ofDays(7)).getRawQuery())
                .contains("X-Amz-Expires=604800");
        assertThatThrownBy(() -> external.downloadUrls().presignGet(bucket, key, Duration.ofDays(7).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> external.downloadUrls().presignGet(bucket, key, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flexible_checksums_are_sent_only_when_the_setting_says_so_and_s3proxy_refuses_them() {
        BucketName bucket = BucketName.of("checksums");
        ExternalStore plain = open("s3://" + storeBucket);
        plain.blobStore().createBucket(bucket);
        ExternalStore flexible = Stores.open(S3Location.parse("s3://" + storeBucket), Clock.systemUTC(),
                options -> new ExternalStoreOptions(options.location(), options.endpoint(), options.region(),
                        options.credentials(), options.pathStyle(), ChecksumMode.WHEN_SUPPORTED));
        opened.add(flexible);

        put(plain.blobStore(), bucket, "doc.json", "{}");
        assertFails(() -> put(flexible.blobStore(), bucket, "doc.json", "{\"v\":2}"), ErrorCode.S3_SERVICE_UNAVAILABLE)
                .hasMessageContaining("XAmzContentSHA256Mismatch");
        assertFails(() -> flexible.blobStore().get(bucket, ObjectKey.of("doc.json"), Optional.empty()).close(),
                ErrorCode.S3_SERVICE_UNAVAILABLE).hasMessageContaining("501");

        try (Blob doc = plain.blobStore().get(bucket, ObjectKey.of("doc.json"), Optional.empty())) {
            assertThat(doc.readAll()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void the_start_up_check_names_a_missing_bucket_a_refused_key_and_an_unreachable_store() throws Exception {
        open("s3://" + storeBucket + "/fleetline").check();
        open("s3").check();

        assertFails(() -> open("s3://no-such-bucket-" + storeBucket).check(), ErrorCode.S3_SERVICE_UNAVAILABLE)
                .hasMessageContaining("NoSuchBucket");
        ExternalStore wrongKey = Stores.open(S3Location.parse("s3://" + storeBucket), Clock.systemUTC(),
                options -> new ExternalStoreOptions(options.location(), options.endpoint(), options.region(),
                        S3Credentials.of(S3ProxyProcess.ACCESS_KEY_ID, "not-the-secret"), options.pathStyle(),
                        options.checksums()));
        opened.add(wrongKey);
        assertFails(wrongKey::check, ErrorCode.S3_SERVICE_UNAVAILABLE).hasMessageContaining("403");
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        URI nobody = closed;
        ExternalStore unreachable = Stores.open(S3Location.parse("s3://" + storeBucket), Clock.systemUTC(),
                options -> new ExternalStoreOptions(options.location(), Optional.of(nobody), options.region(),
                        options.credentials(), options.pathStyle(), options.checksums()));
        opened.add(unreachable);
        assertFails(unreachable::check, ErrorCode.S3_SERVICE_UNAVAILABLE).hasMessageContaining("could not be reached");
    }

    /** {@code length} bytes of a repeating pattern, made as read (never held whole), digested as they go. */
    private static final class Pattern extends InputStream {
        private final long length;
        private final MessageDigest digest;
        private long position;

        Pattern(long length, MessageDigest digest) {
            this.length = length;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position == length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) ((position + i) * 31 % 251);
            }
            digest.update(buffer, offset, n);
            position += n;
            return n;
        }
    }
}
