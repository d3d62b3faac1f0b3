package io.fleetline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamCborTest {
    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    @Test
    void writes_a_block_count_request_as_a_definite_map_in_the_agents_key_order() {
        byte[] request = StreamCbor.getRequest("rdy", 0, 4096, 64, 32, Optional.empty());

        assertThat(request).isEqualTo(hex("a5"   // map of 5 pairs
                + "6163 63726479"                 // "c": "rdy"
                + "6166 00"                       // "f": 0
                + "616c 191000"                   // "l": 4096
                + "616f 1840"                     // "o": 64
                + "616e 1820"));                  // "n": 32
    }

    @Test
    void writes_the_bitmap_before_the_block_count_when_there_is_one() {
        byte[] bitmap = StreamCbor.bitmap(10, k -> k == 0 || k == 9);

        byte[] request = StreamCbor.getRequest("rdy", 3, 4096, 8, 2, Optional.of(bitmap));

        assertThat(bitmap).isEqualTo(hex("01 02"));  // block o in bit 0 of byte 0, block o+9 in bit 1 of byte 1
        assertThat(request).isEqualTo(hex("a6"
                + "6163 63726479"                 // "c": "rdy"
                + "6166 03"                       // "f": 3
                + "616c 191000"                   // "l": 4096
                + "616f 08"                       // "o": 8
                + "6162 42 0102"                  // "b": h'0102'
                + "616e 02"));                    // "n": 2
    }

    @Test
    void reads_a_data_message_whatever_the_order_of_its_keys() {
        StreamCbor.Block block = StreamCbor.block(hex("a5"
                + "6170 44 01020304"              // "p": h'01020304'
                + "6169 05"                       // "i": 5
                + "6166 00"                       // "f": 0
                + "616c 04"                       // "l": 4
                + "6163 63726479"));              // "c": "rdy"

        assertThat(block.clientToken()).isEqualTo("rdy");
        assertThat(block.fileId()).isZero();
        assertThat(block.length()).isEqualTo(4);
        assertThat(block.blockId()).isEqualTo(5);
        assertThat(block.payload()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void refuses_a_data_message_without_its_payload() {
        assertThatThrownBy(() -> StreamCbor.block(hex("a3 6166 00 616c 04 6169 05")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p");
    }

    @Test
    void refuses_a_block_id_past_32_bits() {
        assertThatThrownBy(() -> StreamCbor.block(hex("a4 6166 00 616c 04 6169 1a80000000 6170 40")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("i is not a 32-bit integer");
        assertThatThrownBy(() -> StreamCbor.block(hex("a4 6166 00 616c 04 6169 1b0000000100000000 6170 40")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("i is not a 32-bit integer");
    }

    @Test
    void reads_a_rejection() {
        StreamCbor.Rejection rejection = StreamCbor.rejection(hex("a3"
                + "616f 74 426c6f636b53697a654f75744f66426f756e6473"   // "o": "BlockSizeOutOfBounds"
                + "616d 62 6e6f"                                       // "m": "no"
                + "6163 63726479"));                                   // "c": "rdy"

        assertThat(rejection).isEqualTo(new StreamCbor.Rejection("BlockSizeOutOfBounds", "no", "rdy"));
    }
}
