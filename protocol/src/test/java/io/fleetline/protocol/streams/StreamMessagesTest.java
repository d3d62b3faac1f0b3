package io.fleetline.protocol.streams;

import io.fleetline.protocol.Format;
import static io.fleetline.protocol.streams.Wire.concat;
import static io.fleetline.protocol.streams.Wire.hex;
import static io.fleetline.protocol.streams.Wire.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.protocol.RejectionCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The answers, byte for byte, in both formats. */
class StreamMessagesTest {
    private static final StreamDescription DESCRIPTION = new StreamDescription(
            Optional.of("ec944cfb-1e3c-49ac-97de-9dc4aaad0039"), 1, Optional.of("This is the description of stream ABC."),
            List.of(new StreamDescription.FileSize(0, 131_072), new StreamDescription.FileSize(1, 51_200)));

    @Test
    void a_description_in_json_is_the_guides_example_without_spaces() {
        assertThat(json(StreamMessages.description(DESCRIPTION, Format.JSON))).isEqualTo("""
                {"c":"ec944cfb-1e3c-49ac-97de-9dc4aaad0039","s":1,"d":"This is the description of stream ABC.",\
                "r":[{"f":0,"z":131072},{"f":1,"z":51200}]}""");
    }

    @Test
    void a_description_in_cbor_has_definite_lengths_and_shortest_integers() {
        StreamDescription description = new StreamDescription(Optional.empty(), 3, Optional.empty(),
                List.of(new StreamDescription.FileSize(0, 131_072), new StreamDescription.FileSize(255, 23)));

        assertThat(StreamMessages.description(description, Format.CBOR)).isEqualTo(hex("""
                A2                  # map of 2 pairs (no c, no d)
                61 73   03          # "s": 3
                61 72               # "r"
                82                  #   array of 2
                A2                  #   map of 2 pairs
                61 66   00          #     "f": 0
                61 7A   1A 00020000 #     "z": 131072
                A2                  #   map of 2 pairs
                61 66   18 FF       #     "f": 255
                61 7A   17          #     "z": 23
                """));
    }

    @Test
    void a_data_block_in_cbor_carries_its_bytes_as_one_byte_string() {
        byte[] block = repeat(0xab, 4096);

        byte[] message = StreamMessages.data(new DataBlock(Optional.of("rdy"), 0, 7, block), Format.CBOR);

        assertThat(message).isEqualTo(concat(hex("""
                A5                  # map of 5 pairs
                61 63   63 726479   # "c": "rdy"
                61 66   00          # "f": 0
                61 6C   19 1000     # "l": 4096, the block's length
                61 69   07          # "i": 7, the block's number
                61 70   59 1000     # "p": a byte string of 4096 bytes:
                """), block));
    }

    @Test
    void the_last_short_block_says_its_own_length() {
        byte[] message = StreamMessages.data(new DataBlock(Optional.empty(), 3, 2, new byte[] {1, 2, 3}),
                Format.CBOR);

        assertThat(message).isEqualTo(hex("""
                A4                  # map of 4 pairs (no c)
                61 66   03          # "f": 3
                61 6C   03          # "l": 3
                61 69   02          # "i": 2
                61 70   43 010203   # "p": 3 bytes
                """));
    }

    @Test
    void a_data_block_in_json_carries_its_bytes_in_base64() {
        byte[] message = StreamMessages.data(new DataBlock(Optional.of("1bb8aaa1"), 0, 2,
                "hello, device".getBytes(StandardCharsets.US_ASCII)), Format.JSON);

        assertThat(json(message)).isEqualTo("{\"c\":\"1bb8aaa1\",\"f\":0,\"l\":13,\"i\":2,\"p\":\"aGVsbG8sIGRldmljZQ==\"}");
    }

    @Test
    void a_rejection_is_code_message_and_token_in_that_order() {
        StreamRejection rejection = new StreamRejection(RejectionCode.BLOCK_SIZE_OUT_OF_BOUNDS,
                "The block size is out of bounds", Optional.of("1bb8aaa1"));

        assertThat(json(StreamMessages.rejection(rejection, Format.JSON))).isEqualTo(
                "{\"o\":\"BlockSizeOutOfBounds\",\"m\":\"The block size is out of bounds\",\"c\":\"1bb8aaa1\"}");
        assertThat(StreamMessages.rejection(new StreamRejection(RejectionCode.VERSION_MISMATCH, "v", Optional.empty()),
                Format.CBOR)).isEqualTo(hex("""
                A2                              # map of 2 pairs (no c)
                61 6F                           # "o"
                6F 56657273696F6E4D69736D61746368 #   "VersionMismatch" (15 bytes)
                61 6D   61 76                   # "m": "v"
                """));
    }

    private static String json(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
