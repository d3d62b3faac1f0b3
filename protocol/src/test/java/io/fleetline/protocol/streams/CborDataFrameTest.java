package io.fleetline.protocol.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.fleetline.protocol.Format;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The hand-written data message is what Jackson's CBOR generator writes, byte for byte. */
class CborDataFrameTest {
    private static final int[] NUMBERS = {0, 1, 23, 24, 255, 256, 4096, 65_535, 65_536, 98_304, 131_072};

    @Test
    void every_boundary_of_the_integers_shortest_forms_is_written_as_jackson_writes_it() throws IOException {
        for (int fileId : new int[] {0, 23, 24, 255}) {
            for (int blockId : NUMBERS) {
                for (int length : new int[] {0, 3, 23, 24, 255, 256, 4096, 65_536, 131_072}) {
                    DataBlock block = new DataBlock(Optional.of("rdy"), fileId, blockId, Wire.repeat(0x5a, length));
                    assertThat(StreamMessages.data(block, Format.CBOR)).as(block.toString()).isEqualTo(jackson(block));
                }
            }
        }
    }

    @Test
    void client_tokens_of_every_length_allowed_are_written_as_jackson_writes_them() throws IOException {
        for (int length = 0; length <= 64; length++) {
            DataBlock block = new DataBlock(Optional.of("t".repeat(length)), 0, 5, new byte[] {1, 2});
            assertThat(StreamMessages.data(block, Format.CBOR)).as("token of %d", length).isEqualTo(jackson(block));
        }
        DataBlock none = new DataBlock(Optional.empty(), 0, 5, new byte[] {1, 2});
        assertThat(StreamMessages.data(none, Format.CBOR)).isEqualTo(jackson(none));
    }

    @Test
    void a_token_beyond_ascii_reads_back_as_itself() throws IOException {
        for (String token : new String[] {"é", "ünïcødé-tökén", "日本語のトークン", "🚀".repeat(16)}) {
            DataBlock block = new DataBlock(Optional.of(token), 2, 300, new byte[] {9, 8, 7});

            JsonNode read = new CBORMapper().readTree(StreamMessages.data(block, Format.CBOR));

            assertThat(read.get("c").asText()).isEqualTo(token);
            assertThat(read.get("i").asInt()).isEqualTo(300);
            assertThat(read.get("p").binaryValue()).containsExactly(9, 8, 7);
        }
    }

    @Test
    void the_frame_leaves_the_blocks_bytes_at_its_end() {
        byte[] frame = StreamMessages.cborDataFrame(Optional.empty(), 0, 1, 4096);

        assertThat(frame).hasSize(4 * 2 + 1 + 1 + 3 + 1 + 3 + 4096);
        assertThat(java.util.Arrays.copyOfRange(frame, frame.length - 4096, frame.length)).containsOnly(0);
    }

    /** The message as Jackson's generator writes it (what {@link StreamMessages} wrote before the frame). */
    private static byte[] jackson(DataBlock block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = new CBORFactory().createGenerator(bytes)) {
            out.writeStartObject(block, block.clientToken().isPresent() ? 5 : 4);
            if (block.clientToken().isPresent()) {
                out.writeStringField("c", block.clientToken().get());
            }
            out.writeNumberField("f", block.fileId());
            out.writeNumberField("l", block.length());
            out.writeNumberField("i", block.blockId());
            out.writeFieldName("p");
            out.writeBinary(block.payload());
            out.writeEndObject();
        }
        return bytes.toByteArray();
    }
}
