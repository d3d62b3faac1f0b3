package io.fleetline.ota.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The control plane's rules, over a store in memory. */
class StreamsTest {
    static final String ROLE = "arn:aws:iam::000000000000:role/streams";
    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final FakeObjects objects = new FakeObjects().put("fw", "app.bin", FakeObjects.bytes(5000))
            .put("fw", "boot.bin", FakeObjects.bytes(300));
    private final InMemoryStreamStore store = new InMemoryStreamStore();
    private final Streams streams = Streams.create(store, objects, new AccountScope("us-east-1", "123456789012"),
            clock);

    private static NewStream stream(String id, FileSpec... files) {
        return new NewStream(StreamId.of(id), Optional.of("firmware"), List.of(files), ROLE, Map.of("team", "fw"));
    }

    private static FileSpec file(int id, String key) {
        return new FileSpec(id, FileSource.of("fw", key));
    }

    @Test
    void a_new_stream_is_at_version_1_with_each_files_size_and_etag_from_the_store() {
        Stream created = streams.create(stream("s1", file(0, "app.bin"), file(7, "boot.bin")));

        assertThat(created.version()).isEqualTo(1);
        assertThat(created.files()).extracting(StreamFile::fileId, StreamFile::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, 5000L), org.assertj.core.groups.Tuple.tuple(7, 300L));
        assertThat(created.files().get(0).etag()).isEqualTo(objects.head(FileSource.of("fw", "app.bin")).etag());
        assertThat(created.createdAt()).isEqualTo(clock.instant()).isEqualTo(created.lastUpdatedAt());
        assertThat(streams.describe(StreamId.of("s1"))).isEqualTo(created);
        assertThat(streams.arnOf(StreamId.of("s1"))).isEqualTo("arn:aws:iot:us-east-1:123456789012:stream/s1");
        assertThat(store.tags).containsEntry("arn:aws:iot:us-east-1:123456789012:stream/s1", Map.of("team", "fw"));
    }

    @Test
    void an_ota_update_makes_a_stream_of_one_file_named_afr_ota_uuid() {
        StreamId id = StreamId.of("AFR_OTA-" + java.util.UUID.randomUUID());

        Stream created = streams.create(NewStream.ofOneFile(id, FileSource.of("fw", "app.bin"), ROLE));

        assertThat(id.value()).hasSize(44);
        assertThat(created.file(0)).isPresent();
    }

    @Test
    void a_file_whose_object_does_not_exist_is_not_found_and_nothing_is_created() {
        assertThatThrownBy(() -> streams.create(stream("s1", file(0, "app.bin"), file(1, "nope.bin"))))
                .isInstanceOf(FleetlineException.class)
                .satisfies(e -> assertThat(((FleetlineException) e).code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));
        assertThat(store.find(StreamId.of("s1"))).isEmpty();
    }

    @Test
    void an_id_taken_is_refused() {
        streams.create(stream("s1", file(0, "app.bin")));

        assertCode(() -> streams.create(stream("s1", file(0, "boot.bin"))), ErrorCode.RESOURCE_ALREADY_EXISTS);
    }

    @Test
    void files_are_1_to_50_with_ids_0_to_255_each_once() {
        assertCode(() -> streams.create(stream("s1")), ErrorCode.INVALID_REQUEST);
        assertCode(() -> streams.create(stream("s1", file(0, "app.bin"), file(0, "boot.bin"))),
                ErrorCode.INVALID_REQUEST);
        assertCode(() -> streams.create(stream("s1", file(256, "app.bin"))), ErrorCode.INVALID_REQUEST);
        assertCode(() -> streams.create(stream("s1", file(-1, "app.bin"))), ErrorCode.INVALID_REQUEST);
        FileSpec[] many = IntStream.range(0, 51).mapToObj(i -> file(i, "boot.bin")).toArray(FileSpec[]::new);
        assertCode(() -> streams.create(stream("s1", many)), ErrorCode.INVALID_REQUEST);
        assertThat(streams.create(stream("s1", java.util.Arrays.copyOf(many, 50))).files()).hasSize(50);
    }

    @Test
    void a_file_over_24_mib_is_refused() {
        objects.put("fw", "huge.bin", new byte[(int) Streams.MAX_FILE_SIZE + 1]);

        assertCode(() -> streams.create(stream("s1", file(0, "huge.bin"))), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void each_update_adds_one_to_the_version_and_reads_the_files_again() {
        streams.create(stream("s1", file(0, "app.bin")));
        clock.advance(Duration.ofMinutes(5));
        objects.put("fw", "app.bin", FakeObjects.bytes(6000));

        Stream described = streams.update(StreamId.of("s1"), new StreamChanges(Optional.of("v2"), Optional.empty(),
                Optional.empty()));
        Stream refiled = streams.update(StreamId.of("s1"), new StreamChanges(Optional.empty(),
                Optional.of(List.of(file(0, "app.bin"), file(1, "boot.bin"))), Optional.empty()));

        assertThat(described.version()).isEqualTo(2);
        assertThat(described.description()).contains("v2");
        assertThat(described.files().get(0).size()).isEqualTo(5000);
        assertThat(refiled.version()).isEqualTo(3);
        assertThat(refiled.description()).contains("v2");
        assertThat(refiled.files()).extracting(StreamFile::size).containsExactly(6000L, 300L);
        assertThat(refiled.lastUpdatedAt()).isEqualTo(clock.instant()).isAfter(refiled.createdAt());
        assertCode(() -> streams.update(StreamId.of("nope"), new StreamChanges(Optional.empty(), Optional.empty(),
                Optional.empty())), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void the_last_version_is_65535() {
        streams.create(stream("s1", file(0, "app.bin")));
        Stream last = store.find(StreamId.of("s1")).orElseThrow();
        store.update(new Stream(last.id(), last.description(), last.files(), last.roleArn(), Streams.MAX_VERSION,
                last.createdAt(), last.lastUpdatedAt()));

        assertCode(() -> streams.update(StreamId.of("s1"), new StreamChanges(Optional.empty(), Optional.empty(),
                Optional.empty())), ErrorCode.LIMIT_EXCEEDED);
    }

    @Test
    void a_stream_created_again_within_90_days_goes_on_from_the_deleted_version() {
        streams.create(stream("s1", file(0, "app.bin")));
        streams.update(StreamId.of("s1"), new StreamChanges(Optional.empty(), Optional.empty(), Optional.empty()));
        streams.delete(StreamId.of("s1"));
        assertThat(store.tags).isEmpty();
        assertCode(() -> streams.describe(StreamId.of("s1")), ErrorCode.RESOURCE_NOT_FOUND);

        clock.advance(Duration.ofDays(89));
        assertThat(streams.create(stream("s1", file(0, "app.bin"))).version()).isEqualTo(3);
        streams.delete(StreamId.of("s1"));

        clock.advance(Duration.ofDays(91));
        assertThat(streams.create(stream("s1", file(0, "app.bin"))).version()).isEqualTo(1);
    }

    @Test
    void deleting_a_stream_in_use_is_a_conflict() {
        streams.create(stream("s1", file(0, "app.bin")));
        streams.guardDeletion(id -> id.value().equals("s1"));

        assertCode(() -> streams.delete(StreamId.of("s1")), ErrorCode.DELETE_CONFLICT);
        assertThat(streams.describe(StreamId.of("s1"))).isNotNull();
        assertCode(() -> streams.delete(StreamId.of("s2")), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void lists_by_id_descending_unless_asked_ascending_page_by_page() {
        for (String id : List.of("b", "d", "a", "c", "e")) {
            streams.create(stream(id, file(0, "boot.bin")));
        }

        Page<Stream> first = streams.list(PageRequest.of(2, null, 100), true);
        Page<Stream> second = streams.list(PageRequest.of(2, first.nextToken().orElseThrow(), 100), true);
        Page<Stream> third = streams.list(PageRequest.of(2, second.nextToken().orElseThrow(), 100), true);
        Page<Stream> descending = streams.list(PageRequest.of(3, null, 100), false);

        assertThat(ids(first)).containsExactly("a", "b");
        assertThat(ids(second)).containsExactly("c", "d");
        assertThat(ids(third)).containsExactly("e");
        assertThat(third.nextToken()).isEmpty();
        assertThat(ids(descending)).containsExactly("e", "d", "c");
        assertThat(ids(streams.list(PageRequest.of(3, descending.nextToken().orElseThrow(), 100), false)))
                .containsExactly("b", "a");
    }

    @Test
    void the_registry_finds_streams_to_tag() {
        streams.create(stream("s1", file(0, "app.bin")));

        streams.requireExists("s1");
        assertCode(() -> streams.requireExists("s2"), ErrorCode.RESOURCE_NOT_FOUND);
        assertCode(() -> streams.requireExists("not/an/id"), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void descriptions_and_roles_are_checked_as_the_model_checks_them() {
        assertCode(() -> streams.create(new NewStream(StreamId.of("s1"), Optional.of("bad\u0007"),
                List.of(file(0, "app.bin")), ROLE, Map.of())), ErrorCode.INVALID_REQUEST);
        assertCode(() -> streams.create(new NewStream(StreamId.of("s1"), Optional.empty(),
                List.of(file(0, "app.bin")), "arn:too-short", Map.of())), ErrorCode.INVALID_REQUEST);
        assertCode(() -> StreamId.of("x".repeat(129)), ErrorCode.INVALID_REQUEST);
        assertCode(() -> StreamId.of("a.b"), ErrorCode.INVALID_REQUEST);
    }

    private static List<String> ids(Page<Stream> page) {
        return page.items().stream().map(s -> s.id().value()).toList();
    }

    static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(FleetlineException.class)
                .satisfies(e -> assertThat(((FleetlineException) e).code()).as(e.getMessage()).isEqualTo(code));
    }
}
