package io.fleetline.storage.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.blobs.object.ObjectUpload;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.PageRequest;
import io.fleetline.core.time.ManualClock;
import io.fleetline.ota.streams.FileSource;
import io.fleetline.ota.streams.FileSpec;
import io.fleetline.ota.streams.NewStream;
import io.fleetline.ota.streams.Stream;
import io.fleetline.ota.streams.StreamChanges;
import io.fleetline.ota.streams.StreamId;
import io.fleetline.ota.streams.StreamObjects;
import io.fleetline.ota.streams.Streams;
import io.fleetline.protocol.Format;
import io.fleetline.protocol.streams.DataBlock;
import io.fleetline.protocol.streams.StreamMessages;
import io.fleetline.protocol.streams.StreamReply;
import io.fleetline.registry.Registry;
import io.fleetline.storage.Database;
import io.fleetline.storage.blobs.JdbcBlobMetadataStore;
import io.fleetline.storage.registry.JdbcRegistryStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams kept in each database, their files in the embedded object store over the same database: what the server
 * runs, blocks read from the stored contents.
 */
abstract class StreamContract {
    static final AccountScope SCOPE = new AccountScope("eu-west-1", "123456789012");
    static final String ROLE = "arn:aws:iam::123456789012:role/streams";
    final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T12:00:00Z"));
    @TempDir
    Path dir;
    String url;
    Database database;
    Blobs blobs;
    Registry registry;
    Streams streams;

    abstract String newDatabaseUrl(Path dir);

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        url = newDatabaseUrl(dir);
        database = Database.open(url);
        blobs = Blobs.open(new JdbcBlobMetadataStore(database), FileContentStore.open(dir.resolve("blobs"),
                FileContentStore.DEFAULT_MIN_FREE_BYTES), SCOPE, clock);
        registry = Registry.create(new JdbcRegistryStore(database), SCOPE, clock, Duration.ofMinutes(5));
        streams = Streams.create(new JdbcStreamStore(database), StreamObjects.embedded(blobs), SCOPE, clock);
        registry.tags().cover(ResourceType.STREAM, streams::requireExists);
        blobs.buckets().create("firmware", Optional.empty());
        blobs.buckets().putVersioning("firmware", VersioningStatus.ENABLED);
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase(url);
    }

    String put(String key, byte[] bytes) {
        return blobs.objects().put("firmware", key, ObjectUpload.of(new ByteArrayInputStream(bytes), bytes.length))
                .version().versionId().value();
    }

    static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed * 7 + i / 251);
        }
        return bytes;
    }

    static NewStream stream(String id, FileSpec... files) {
        return new NewStream(StreamId.of(id), Optional.of("firmware é"), List.of(files), ROLE, Map.of("team", "firmware"));
    }

    /** A {@code get/json} request's one data message's payload, or the rejection code. */
    String get(String streamId, String request) {
        List<StreamReply> replies = streams.delivery().handle("$aws/things/dev/streams/" + streamId + "/get/json",
                request.getBytes(StandardCharsets.UTF_8));
        String payload = new String(replies.get(0).payload(), StandardCharsets.UTF_8);
        return replies.get(0).suffix().startsWith("rejected") ? payload.replaceAll(".*\"o\":\"(\\w+)\".*", "$1")
                : payload;
    }

    @Test
    void a_stream_comes_back_as_it_was_created_and_updated() {
        String version = put("app.bin", bytes(10_000, 1));
        put("boot.bin", bytes(300, 2));

        Stream created = streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "app.bin", version)),
                new FileSpec(9, FileSource.of("firmware", "boot.bin"))));

        assertThat(streams.describe(StreamId.of("s1"))).isEqualTo(created);
        assertThat(created.file(0).orElseThrow().size()).isEqualTo(10_000);
        assertThat(created.file(9).orElseThrow().source().version()).isEmpty();

        clock.advance(Duration.ofSeconds(61));
        Stream updated = streams.update(StreamId.of("s1"), new StreamChanges(Optional.empty(),
                Optional.of(List.of(new FileSpec(1, FileSource.of("firmware", "boot.bin")))), Optional.of(ROLE + "2")));
        assertThat(streams.describe(StreamId.of("s1"))).isEqualTo(updated);
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.description()).contains("firmware é");
        assertThat(updated.lastUpdatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void a_deleted_streams_version_is_kept_90_days_and_its_tags_go() {
        put("app.bin", bytes(10, 1));
        streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "app.bin"))));
        String arn = streams.arnOf(StreamId.of("s1"));
        registry.tags().tag(arn, Map.of("stage", "beta"));
        assertThat(registry.tags().list(arn)).containsOnlyKeys("stage", "team");

        streams.delete(StreamId.of("s1"));

        assertCode(() -> registry.tags().list(arn), ErrorCode.RESOURCE_NOT_FOUND);
        clock.advance(Duration.ofDays(30));
        Stream again = streams.create(new NewStream(StreamId.of("s1"), Optional.empty(),
                List.of(new FileSpec(0, FileSource.of("firmware", "app.bin"))), ROLE, Map.of()));
        assertThat(again.version()).isEqualTo(2);
        assertThat(registry.tags().list(arn)).isEmpty();
        streams.delete(StreamId.of("s1"));
        clock.advance(Duration.ofDays(91));
        assertThat(streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "app.bin")))).version())
                .isEqualTo(1);
    }

    @Test
    void lists_page_by_page_both_ways() {
        put("app.bin", bytes(10, 1));
        for (String id : List.of("AFR_OTA-2", "a-1", "AFR_OTA-1", "b_2", "a-0")) {
            streams.create(stream(id, new FileSpec(0, FileSource.of("firmware", "app.bin"))));
        }

        var first = streams.list(PageRequest.of(3, null, 50), true);
        var rest = streams.list(PageRequest.of(3, first.nextToken().orElseThrow(), 50), true);

        assertThat(first.items()).extracting(s -> s.id().value()).containsExactly("AFR_OTA-1", "AFR_OTA-2", "a-0");
        assertThat(rest.items()).extracting(s -> s.id().value()).containsExactly("a-1", "b_2");
        assertThat(rest.nextToken()).isEmpty();
        assertThat(streams.list(PageRequest.of(2, null, 50), false).items()).extracting(s -> s.id().value())
                .containsExactly("b_2", "a-1");
    }

    @Test
    void blocks_come_from_the_version_the_stream_names_though_the_key_moved_on() {
        byte[] v1 = bytes(9000, 1);
        String version = put("app.bin", v1);
        streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "app.bin", version))));
        put("app.bin", bytes(9000, 2));

        String data = get("s1", "{\"f\":0,\"l\":4096,\"o\":2,\"n\":1}");

        assertThat(data).contains("\"i\":2", "\"l\":808", "\"p\":\""
                + java.util.Base64.getEncoder().encodeToString(Arrays.copyOfRange(v1, 8192, 9000)) + "\"");
    }

    @Test
    void cbor_blocks_are_read_from_the_stored_content_into_their_messages() {
        byte[] image = bytes(9000, 4);
        streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "app.bin", put("app.bin", image)))));

        // {"f": 0, "l": 4096, "o": 1}: blocks 1 and 2, the last one 808 bytes
        List<StreamReply> replies = streams.delivery().handle("$aws/things/dev/streams/s1/get/cbor",
                java.util.HexFormat.of().parseHex("A3616600616C191000616F01"));

        assertThat(replies).hasSize(2);
        assertThat(replies.get(0).payload()).isEqualTo(StreamMessages.data(new DataBlock(Optional.empty(), 0, 1,
                Arrays.copyOfRange(image, 4096, 8192)), Format.CBOR));
        assertThat(replies.get(1).payload()).isEqualTo(StreamMessages.data(new DataBlock(Optional.empty(), 0, 2,
                Arrays.copyOfRange(image, 8192, 9000)), Format.CBOR));
    }

    @Test
    void a_current_object_replaced_is_an_etag_mismatch_and_one_deleted_not_found() {
        put("app.bin", bytes(5000, 1));
        put("boot.bin", bytes(5000, 1));
        streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "app.bin")),
                new FileSpec(1, FileSource.of("firmware", "boot.bin"))));
        assertThat(get("s1", "{\"f\":0,\"l\":4096}")).startsWith("{\"f\":0,");

        put("app.bin", bytes(5000, 2));
        blobs.objects().delete("firmware", "boot.bin", Optional.empty());

        // file 0 is open since the read above, and its key's current object is asked about at every request
        assertThat(get("s1", "{\"f\":0,\"l\":4096}")).isEqualTo("ETagMismatch");
        assertThat(get("s1", "{\"f\":1,\"l\":4096}")).isEqualTo("ResourceNotFound");
    }

    @Test
    void a_version_deleted_after_the_stream_was_made_is_not_found() {
        String version = put("app.bin", bytes(5000, 1));
        streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "app.bin", version))));

        blobs.objects().delete("firmware", "app.bin", Optional.of(io.fleetline.blobs.object.VersionId.of(version)));

        assertThat(get("s1", "{\"f\":0,\"l\":4096}")).isEqualTo("ResourceNotFound");
    }

    @Test
    void a_version_deleted_while_devices_read_it_is_not_found_from_the_next_second_on() {
        byte[] image = bytes(9000, 5);
        String version = put("app.bin", image);
        streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "app.bin", version))));
        assertThat(get("s1", "{\"f\":0,\"l\":4096,\"n\":1}")).startsWith("{\"f\":0,");

        blobs.objects().delete("firmware", "app.bin", Optional.of(io.fleetline.blobs.object.VersionId.of(version)));
        blobs.sweeper().sweepAll();

        // the open file is asked about once a second: within it, the recorded bytes (the channel holds them)
        assertThat(get("s1", "{\"f\":0,\"l\":4096,\"o\":2,\"n\":1}")).contains("\"p\":\""
                + java.util.Base64.getEncoder().encodeToString(Arrays.copyOfRange(image, 8192, 9000)) + "\"");
        clock.advance(Duration.ofSeconds(1));
        assertThat(get("s1", "{\"f\":0,\"l\":4096,\"n\":1}")).isEqualTo("ResourceNotFound");
    }

    @Test
    void an_open_file_keeps_its_bytes_when_its_version_is_deleted_and_swept() {
        byte[] image = bytes(8192, 3);
        String version = put("app.bin", image);
        Stream stream = streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "app.bin", version))));
        StreamObjects objects = StreamObjects.embedded(blobs);

        try (StreamObjects.OpenObject open = objects.open(stream.file(0).orElseThrow().source(),
                stream.file(0).orElseThrow().etag())) {
            blobs.objects().delete("firmware", "app.bin", Optional.of(io.fleetline.blobs.object.VersionId.of(version)));
            blobs.sweeper().sweepAll();

            assertThat(open.read(4096, 4096)).isEqualTo(Arrays.copyOfRange(image, 4096, 8192));
        }
    }

    @Test
    void files_that_do_not_exist_are_refused_as_the_iot_api_words_it() {
        put("app.bin", bytes(10, 1));

        assertCode(() -> streams.create(stream("s1", new FileSpec(0, FileSource.of("nobucket", "app.bin")))),
                ErrorCode.RESOURCE_NOT_FOUND);
        assertCode(() -> streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "nokey")))),
                ErrorCode.RESOURCE_NOT_FOUND);
        assertCode(() -> streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "app.bin",
                "a".repeat(32))))), ErrorCode.RESOURCE_NOT_FOUND);
        assertCode(() -> streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "app.bin", "x")))),
                ErrorCode.INVALID_REQUEST);
        assertCode(() -> streams.create(stream("s1", new FileSpec(0, FileSource.of("Not_A_Bucket", "k")))),
                ErrorCode.INVALID_REQUEST);
        assertThat(streams.list(PageRequest.of(10, null, 10), true).items()).isEmpty();
    }

    @Test
    void a_reset_wipes_streams_and_deleted_versions() {
        put("app.bin", bytes(10, 1));
        streams.create(stream("s1", new FileSpec(0, FileSource.of("firmware", "app.bin"))));
        streams.create(stream("s2", new FileSpec(0, FileSource.of("firmware", "app.bin"))));
        streams.delete(StreamId.of("s2"));
        assertThat(get("s1", "{\"f\":0,\"l\":4096}")).startsWith("{\"f\":0,");

        database.wipe(Set.of());
        streams.forgetCachedState();
        assertThat(get("s1", "{\"f\":0,\"l\":4096}")).isEqualTo("ResourceNotFound");
        blobs.buckets().create("firmware", Optional.empty());
        put("app.bin", bytes(10, 1));

        assertThat(streams.list(PageRequest.of(10, null, 10), true).items()).isEmpty();
        assertThat(streams.create(stream("s2", new FileSpec(0, FileSource.of("firmware", "app.bin")))).version())
                .isEqualTo(1);
    }

    static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(FleetlineException.class)
                .satisfies(e -> assertThat(((FleetlineException) e).code()).as(e.getMessage()).isEqualTo(code));
    }
}
