package io.fleetline.ota.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.time.ManualClock;
import io.fleetline.protocol.streams.StreamReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What devices' requests keep in memory between them (the stream, its open files), and that a change made through
 * the API reaches the next request all the same.
 */
class StreamCacheTest {
    private static final String TOPIC = "$aws/things/dev-1/streams/fw/";
    private static final StreamId FW = StreamId.of("fw");
    private final FakeObjects objects = new FakeObjects().put("b", "v1.bin", FakeObjects.bytes(5000))
            .put("b", "v2.bin", FakeObjects.bytes(7000));
    private final InMemoryStreamStore store = new InMemoryStreamStore();
    private final Streams streams = Streams.create(store, objects, new AccountScope("us-east-1", "123456789012"),
            new ManualClock(Instant.parse("2026-03-01T10:00:00Z")));
    private final StreamDelivery delivery = streams.delivery();

    @BeforeEach
    void a_stream_of_one_file() {
        streams.create(new NewStream(FW, Optional.of("1.0"), List.of(new FileSpec(0, FileSource.of("b", "v1.bin"))),
                StreamsTest.ROLE, Map.of()));
    }

    @Test
    void a_stream_devices_read_is_read_from_the_store_and_opened_once() throws IOException {
        answer("get/json", "{\"f\":0,\"l\":1024,\"o\":0,\"n\":1}");
        int transactions = store.transactions;

        for (int block = 1; block < 5; block++) {
            assertThat(answer("get/json", "{\"f\":0,\"l\":1024,\"o\":" + block + ",\"n\":1}").get("i").asInt())
                    .isEqualTo(block);
        }
        answer("describe/json", "{}");

        assertThat(store.transactions).isEqualTo(transactions);
        assertThat(objects.opened).hasValue(1);
    }

    @Test
    void a_device_sees_the_new_version_and_its_files_right_after_update_stream() throws IOException {
        assertThat(answer("get/json", "{\"s\":1,\"f\":0,\"l\":4096,\"o\":1}").get("l").asInt()).isEqualTo(904);

        streams.update(FW, new StreamChanges(Optional.of("2.0"), Optional.of(List.of(new FileSpec(0,
                FileSource.of("b", "v2.bin")))), Optional.empty()));

        assertThat(answer("describe/json", "{}").toString()).isEqualTo(
                "{\"s\":2,\"d\":\"2.0\",\"r\":[{\"f\":0,\"z\":7000}]}");
        assertThat(answer("get/json", "{\"s\":1,\"f\":0,\"l\":4096}").get("o").asText()).isEqualTo("VersionMismatch");
        JsonNode block = answer("get/json", "{\"s\":2,\"f\":0,\"l\":4096,\"o\":1}");
        assertThat(block.get("l").asInt()).isEqualTo(7000 - 4096);
        assertThat(Base64.getDecoder().decode(block.get("p").asText()))
                .isEqualTo(java.util.Arrays.copyOfRange(FakeObjects.bytes(7000), 4096, 7000));
        assertThat(objects.open).as("the old file is closed").hasValue(1);
    }

    @Test
    void a_deleted_stream_is_not_found_at_once_and_its_file_closed() throws IOException {
        answer("get/json", "{\"f\":0,\"l\":4096,\"n\":1}");

        streams.delete(FW);

        assertThat(answer("get/json", "{\"f\":0,\"l\":4096,\"n\":1}").get("o").asText()).isEqualTo("ResourceNotFound");
        assertThat(answer("describe/json", "{}").get("o").asText()).isEqualTo("ResourceNotFound");
        assertThat(objects.open).hasValue(0);
    }

    @Test
    void a_stream_made_again_after_its_deletion_is_served_at_its_new_version() throws IOException {
        answer("get/json", "{\"f\":0,\"l\":4096,\"n\":1}");
        streams.delete(FW);
        answer("get/json", "{\"f\":0,\"l\":4096,\"n\":1}");

        streams.create(new NewStream(FW, Optional.empty(), List.of(new FileSpec(0, FileSource.of("b", "v2.bin"))),
                StreamsTest.ROLE, Map.of()));

        assertThat(answer("describe/json", "{}").toString()).isEqualTo("{\"s\":2,\"r\":[{\"f\":0,\"z\":7000}]}");
    }

    @Test
    void after_a_reset_wiped_the_store_devices_are_answered_from_it_again() throws IOException {
        answer("get/json", "{\"f\":0,\"l\":4096,\"n\":1}");
        store.delete(FW);  // as a reset empties the tables, under the service

        streams.forgetCachedState();

        assertThat(answer("get/json", "{\"f\":0,\"l\":4096,\"n\":1}").get("o").asText()).isEqualTo("ResourceNotFound");
        assertThat(objects.open).hasValue(0);
    }

    @Test
    void a_failed_update_changes_nothing_devices_see() throws IOException {
        answer("get/json", "{\"f\":0,\"l\":4096,\"n\":1}");
        store.failing = true;

        try {
            streams.update(FW, new StreamChanges(Optional.of("2.0"), Optional.empty(), Optional.empty()));
        } catch (IllegalStateException expected) {
            // the store is gone
        }
        store.failing = false;

        assertThat(answer("describe/json", "{}").get("s").asInt()).isEqualTo(1);
    }

    private JsonNode answer(String operation, String json) throws IOException {
        List<StreamReply> replies = delivery.handle(TOPIC + operation, json.getBytes(StandardCharsets.UTF_8));
        assertThat(replies).hasSize(1);
        return new ObjectMapper().readTree(replies.get(0).payload());
    }
}
