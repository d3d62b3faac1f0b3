package io.fleetline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamDownloadTest {
    private static final byte[] FILE = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String THING = "ota-7";
    private static final String DATA = "$aws/things/ota-7/streams/s1/data/cbor";
    private static final long IDLE = TimeUnit.SECONDS.toNanos(10);

    /** 10 bytes in blocks of 4 (the last one 2), asked for 2 blocks at a time. */
    private final StreamDownload.Plan plan = new StreamDownload.Plan("s1", 0, FILE.length, 4, 2, sha256(FILE),
            MqttQos.AT_MOST_ONCE);
    private final List<Map<String, Object>> requests = new ArrayList<>();
    private final List<Optional<String>> outcomes = new ArrayList<>();
    private final StreamDownload.Counters counters = StreamDownload.Counters.create();
    private final StreamDownload download = new StreamDownload(THING, plan, counters, this::sent,
            (d, failure) -> outcomes.add(failure));

    @Test
    void asks_for_a_window_then_the_next_once_all_its_blocks_arrived_in_any_order() {
        download.start(System.nanoTime());
        assertThat(requests).containsExactly(Map.of("c", "rdy", "f", 0, "l", 4, "o", 0, "n", 2));

        download.on(DATA, block(1));
        assertThat(requests).hasSize(1);
        download.on(DATA, block(0));
        assertThat(requests).last().isEqualTo(Map.of("c", "rdy", "f", 0, "l", 4, "o", 2, "n", 1));
        assertThat(outcomes).isEmpty();

        download.on(DATA, block(2));
        assertThat(outcomes).containsExactly(Optional.empty());
        assertThat(download.isOver()).isTrue();
        assertThat(counters.uniqueBytes().sum()).isEqualTo(FILE.length);
    }

    @Test
    void asks_again_for_the_missing_blocks_only_with_a_bitmap_after_the_idle_timeout() {
        long start = System.nanoTime();
        download.start(start);
        download.on(DATA, block(0));

        download.checkIdle(System.nanoTime() + IDLE / 2, IDLE);
        assertThat(requests).hasSize(1);
        download.checkIdle(System.nanoTime() + IDLE, IDLE);

        assertThat(requests).hasSize(2);
        Map<String, Object> again = requests.get(1);
        assertThat(again).containsEntry("o", 0).containsEntry("n", 1);
        assertThat((byte[]) again.get("b")).containsExactly(0b10);  // block o+1 alone
        assertThat(counters.reRequests().sum()).isEqualTo(1);
    }

    @Test
    void counts_a_block_that_comes_twice_once() {
        download.start(System.nanoTime());
        download.on(DATA, block(0));
        download.on(DATA, block(0));

        assertThat(counters.duplicates().sum()).isEqualTo(1);
        assertThat(counters.uniqueBytes().sum()).isEqualTo(4);
        assertThat(requests).hasSize(1);
    }

    @Test
    void fails_when_the_file_does_not_hash_to_the_image() {
        download.start(System.nanoTime());
        download.on(DATA, block(0));
        download.on(DATA, block(1));
        download.on(DATA, data(2, new byte[] {'8', '8'}, 2));

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o).get().asString().startsWith("SHA-256"));
    }

    @Test
    void fails_on_a_block_of_another_length_than_its_place_in_the_file() {
        download.start(System.nanoTime());
        download.on(DATA, data(0, new byte[] {1, 2, 3}, 3));

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o).get().asString().contains("expected 4"));
    }

    @Test
    void fails_on_a_rejection_with_its_code() throws IOException {
        download.start(System.nanoTime());
        download.on("$aws/things/ota-7/streams/s1/rejected/cbor",
                new CBORMapper().writeValueAsBytes(Map.of("o", "ResourceNotFound", "m", "no such stream", "c", "rdy")));

        assertThat(outcomes).containsExactly(Optional.of("rejected: ResourceNotFound no such stream"));
        download.checkIdle(System.nanoTime() + IDLE, IDLE);
        assertThat(requests).hasSize(1);  // a device that gave up asks no more
    }

    private void sent(byte[] request) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = new CBORMapper().readValue(request, Map.class);
            requests.add(fields);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] block(int id) {
        byte[] payload = Arrays.copyOfRange(FILE, id * 4, Math.min(FILE.length, id * 4 + 4));
        return data(id, payload, payload.length);
    }

    /** A data message as a server writes it: {@code c f l i p}. */
    private static byte[] data(int id, byte[] payload, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator gen = new CBORFactory().createGenerator(out)) {
            gen.writeStartObject(null, 5);
            gen.writeStringField("c", "rdy");
            gen.writeNumberField("f", 0);
            gen.writeNumberField("l", length);
            gen.writeNumberField("i", id);
            gen.writeFieldName("p");
            gen.writeBinary(payload);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
