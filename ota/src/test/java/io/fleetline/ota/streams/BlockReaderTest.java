package io.fleetline.ota.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.Format;
import io.fleetline.protocol.RejectionCode;
import io.fleetline.protocol.streams.BlockBitmap;
import io.fleetline.protocol.streams.DataBlock;
import io.fleetline.protocol.streams.GetStreamRequest;
import io.fleetline.protocol.streams.StreamMessages;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which blocks a request gets, and their bytes. */
class BlockReaderTest {
    /** 10 blocks of 256 bytes and a last one of 100. */
    private static final int SIZE = 10 * 256 + 100;
    private final FakeObjects objects = new FakeObjects().put("fw", "app.bin", FakeObjects.bytes(SIZE));
    private final BlockReader reader = new BlockReader(objects);
    private final Stream stream = new Stream(StreamId.of("s1"), Optional.empty(), List.of(new StreamFile(0,
            FileSource.of("fw", "app.bin"), SIZE, objects.head(FileSource.of("fw", "app.bin")).etag())),
            "arn:aws:iam::000000000000:role/stream", 3, Instant.EPOCH, Instant.EPOCH);

    private static GetStreamRequest request(int blockSize, int offset, Integer count, BlockBitmap bitmap) {
        return new GetStreamRequest(Optional.of("tok"), OptionalInt.empty(), 0, blockSize, offset,
                count == null ? OptionalInt.empty() : OptionalInt.of(count), Optional.ofNullable(bitmap));
    }

    private static List<Integer> ids(List<DataBlock> blocks) {
        return blocks.stream().map(DataBlock::blockId).toList();
    }

    @Test
    void without_a_bitmap_the_next_n_blocks_from_the_offset() {
        List<DataBlock> blocks = reader.read(stream, request(256, 2, 3, null));

        assertThat(ids(blocks)).containsExactly(2, 3, 4);
        assertThat(blocks.get(0).payload()).isEqualTo(Arrays.copyOfRange(FakeObjects.bytes(SIZE), 512, 768));
        assertThat(blocks).allSatisfy(block -> {
            assertThat(block.clientToken()).contains("tok");
            assertThat(block.fileId()).isZero();
        });
    }

    @Test
    void never_past_the_files_last_block_and_the_last_block_is_short() {
        List<DataBlock> blocks = reader.read(stream, request(256, 8, 50, null));

        assertThat(ids(blocks)).containsExactly(8, 9, 10);
        assertThat(blocks.get(2).length()).isEqualTo(100);
        assertThat(blocks.get(2).payload()).isEqualTo(Arrays.copyOfRange(FakeObjects.bytes(SIZE), 2560, SIZE));
    }

    @Test
    void one_request_is_answered_with_at_most_128_kb_of_blocks() {
        FakeObjects big = new FakeObjects().put("fw", "big.bin", FakeObjects.bytes(1024 * 1024));
        Stream large = new Stream(StreamId.of("big"), Optional.empty(), List.of(new StreamFile(0,
                FileSource.of("fw", "big.bin"), 1024 * 1024, big.head(FileSource.of("fw", "big.bin")).etag())),
                "arn:aws:iam::000000000000:role/stream", 1, Instant.EPOCH, Instant.EPOCH);

        List<DataBlock> blocks = new BlockReader(big).read(large, request(4096, 0, 100, null));

        assertThat(ids(blocks)).hasSize(32).startsWith(0, 1).endsWith(31);
        assertThat(blocks.stream().mapToInt(DataBlock::length).sum()).isEqualTo(131_072);
        assertThat(big.largestRead).hasValue(4096);
        assertThat(big.open).hasValue(0);
        assertThat(ids(new BlockReader(big).read(large, request(4096, 0, null, null)))).hasSize(32);
    }

    @Test
    void messages_are_the_data_messages_of_the_blocks_read_in_place_in_cbor() {
        GetStreamRequest request = request(256, 8, 50, null);
        List<DataBlock> blocks = reader.read(stream, request);

        for (Format format : Format.values()) {
            List<byte[]> messages = reader.messages(stream, request, format);
            assertThat(messages).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(messages.get(i)).as(format + " " + i).isEqualTo(StreamMessages.data(blocks.get(i), format));
            }
        }
    }

    @Test
    void a_bitmap_marks_blocks_from_the_offset_low_bit_first_and_n_caps_them() {
        // bits 0, 1, 4 of byte 0 and bit 7 of byte 1: blocks 2, 3, 6 and 17 from offset 2 (17 is past the end)
        BlockBitmap bitmap = BlockBitmap.of(new byte[] {0b0001_0011, (byte) 0b1000_0000});

        assertThat(ids(reader.read(stream, request(256, 2, null, bitmap)))).containsExactly(2, 3, 6);
        assertThat(ids(reader.read(stream, request(256, 2, 2, bitmap)))).containsExactly(2, 3);
    }

    @Test
    void the_file_streams_librarys_mq_bitmap_with_n_1_gets_the_block_at_the_offset() {
        BlockBitmap mq = BlockBitmap.of("MQ==".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        for (int offset = 0; offset <= 10; offset++) {
            assertThat(ids(reader.read(stream, request(256, offset, 1, mq)))).containsExactly(offset);
        }
    }

    @Test
    void the_ota_agents_whole_file_bitmap_gets_the_first_missing_block() {
        byte[] bits = {(byte) 0b1111_1000, 0b0000_0111};  // blocks 0 to 2 received; 3 to 10 missing

        assertThat(ids(reader.read(stream, request(256, 0, 1, BlockBitmap.of(bits))))).containsExactly(3);
    }

    @Test
    void a_bitmap_that_marks_no_block_of_the_file_is_an_invalid_request() {
        BlockBitmap past = BlockBitmap.of(new byte[] {0, 0, (byte) 0xff});

        assertRejected(() -> reader.read(stream, request(256, 0, null, past)), RejectionCode.INVALID_REQUEST);
    }

    @Test
    void an_offset_past_the_last_block_is_out_of_bounds() {
        assertThat(ids(reader.read(stream, request(256, 10, null, null)))).containsExactly(10);
        assertRejected(() -> reader.read(stream, request(256, 11, null, null)), RejectionCode.OFFSET_OUT_OF_BOUNDS);
        assertRejected(() -> reader.read(stream, request(131_072, 1, null, null)),
                RejectionCode.OFFSET_OUT_OF_BOUNDS);
    }

    @Test
    void the_version_named_must_be_the_streams() {
        GetStreamRequest old = new GetStreamRequest(Optional.empty(), OptionalInt.of(2), 0, 256, 0, OptionalInt.of(1),
                Optional.empty());
        GetStreamRequest current = new GetStreamRequest(Optional.empty(), OptionalInt.of(3), 0, 256, 0,
                OptionalInt.of(1), Optional.empty());

        assertRejected(() -> reader.read(stream, old), RejectionCode.VERSION_MISMATCH);
        assertThat(reader.read(stream, current)).hasSize(1);
    }

    @Test
    void a_file_the_stream_does_not_have_is_not_found() {
        GetStreamRequest other = new GetStreamRequest(Optional.empty(), OptionalInt.empty(), 1, 256, 0,
                OptionalInt.empty(), Optional.empty());

        assertRejected(() -> reader.read(stream, other), RejectionCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void an_object_replaced_since_the_stream_was_made_is_an_etag_mismatch() {
        objects.put("fw", "app.bin", FakeObjects.bytes(SIZE));

        assertRejected(() -> reader.read(stream, request(256, 0, 1, null)), RejectionCode.ETAG_MISMATCH);
    }

    @Test
    void an_empty_file_has_no_block_to_ask_for() {
        FakeObjects empty = new FakeObjects().put("fw", "empty", new byte[0]);
        Stream none = new Stream(StreamId.of("e"), Optional.empty(), List.of(new StreamFile(0,
                FileSource.of("fw", "empty"), 0, empty.head(FileSource.of("fw", "empty")).etag())),
                "arn:aws:iam::000000000000:role/stream", 1, Instant.EPOCH, Instant.EPOCH);

        assertRejected(() -> new BlockReader(empty).read(none, request(256, 0, null, null)),
                RejectionCode.OFFSET_OUT_OF_BOUNDS);
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                       RejectionCode code) {
        assertThatThrownBy(call).isInstanceOf(DeviceRejection.class)
                .satisfies(e -> assertThat(((DeviceRejection) e).code()).as(e.getMessage()).isEqualTo(code));
    }
}
