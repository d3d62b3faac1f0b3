package io.fleetline.protocol.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.protocol.Format;
import io.fleetline.protocol.RejectionCode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The device's side of the streams messages: requests byte for byte, the server's answers read back. */
class StreamDeviceMessagesTest {
    private static final GetStreamRequest WINDOW = new GetStreamRequest(Optional.of("rdy"), OptionalInt.empty(), 0,
            4096, 8, OptionalInt.of(3), Optional.of(BlockBitmap.of(new byte[] {0x0b})));

    @Test
    void writes_a_get_request_in_json_with_the_bitmap_in_hexadecimal() {
        assertThat(new String(StreamDeviceMessages.get(WINDOW, Format.JSON), StandardCharsets.UTF_8))
                .isEqualTo("{\"c\":\"rdy\",\"f\":0,\"l\":4096,\"o\":8,\"n\":3,\"b\":\"0b\"}");
    }

    @Test
    void writes_a_get_request_in_cbor_with_the_bitmap_as_a_byte_string() {
        assertThat(HexFormat.of().formatHex(StreamDeviceMessages.get(WINDOW, Format.CBOR))).isEqualTo(
                "bf"                         // a map (indefinite length, as Jackson streams it)
                        + "6163" + "63726479"   // "c": "rdy"
                        + "6166" + "00"         // "f": 0
                        + "616c" + "191000"     // "l": 4096
                        + "616f" + "08"         // "o": 8
                        + "616e" + "03"         // "n": 3
                        + "6162" + "410b"       // "b": h'0b'
                        + "ff");
    }

    @Test
    void every_request_written_reads_back_as_the_server_reads_it() {
        for (Format format : Format.values()) {
            assertThat(StreamRequests.get(StreamDeviceMessages.get(WINDOW, format), format)).isEqualTo(WINDOW);
        }
    }

    @Test
    void reads_the_blocks_the_server_writes() {
        DataBlock block = new DataBlock(Optional.of("rdy"), 0, 9, new byte[] {1, 2, 3, (byte) 0xff});
        for (Format format : Format.values()) {
            assertThat(StreamDeviceMessages.data(StreamMessages.data(block, format), format)).isEqualTo(block);
        }
    }

    @Test
    void reads_the_rejections_the_server_writes() {
        StreamRejection rejection = new StreamRejection(RejectionCode.OFFSET_OUT_OF_BOUNDS, "past the end",
                Optional.of("rdy"));
        for (Format format : Format.values()) {
            assertThat(StreamDeviceMessages.rejection(StreamMessages.rejection(rejection, format), format))
                    .isEqualTo(rejection);
        }
    }

    @Test
    void refuses_a_block_whose_length_does_not_match_its_bytes() {
        byte[] answer = "{\"f\":0,\"l\":5,\"i\":0,\"p\":\"AAE=\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> StreamDeviceMessages.data(answer, Format.JSON))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l is 5");
    }
}
