package io.fleetline.protocol.streams;

import io.fleetline.protocol.Format;
import static io.fleetline.protocol.streams.Wire.concat;
import static io.fleetline.protocol.streams.Wire.hex;
import static io.fleetline.protocol.streams.Wire.repeat;
import static io.fleetline.protocol.streams.Wire.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Requests as the devices' libraries write them, byte for byte, and every way a request is refused. */
class StreamRequestsTest {
    /** What AWS's OTA agent (ota_cbor.c) publishes on get/cbor: six members, the bitmap of a 1,024-block file. */
    @Test
    void reads_the_ota_agents_cbor_request() {
        byte[] bitmap = repeat(0xff, 128);
        byte[] payload = concat(hex("""
                A6              # map of 6 pairs
                61 63           # "c"  client token
                63 726479       #   "rdy"
                61 66           # "f"  file id
                00              #   0
                61 6C           # "l"  block size
                19 1000         #   4096
                61 6F           # "o"  offset
                00              #   0
                61 62           # "b"  bitmap
                58 80           #   a byte string of 128 bytes:
                """), bitmap, hex("""
                61 6E           # "n"  number of blocks
                01              #   1
                """));

        GetStreamRequest request = StreamRequests.get(payload, Format.CBOR);

        assertThat(request).isEqualTo(new GetStreamRequest(Optional.of("rdy"), OptionalInt.empty(), 0, 4096, 0,
                OptionalInt.of(1), Optional.of(BlockBitmap.of(bitmap))));
        assertThat(request.maxBlocks()).isEqualTo(1);
    }

    /** AWS's MQTT file streams library (CBOR): always the literal bytes of "MQ==" as bitmap, with n. */
    @Test
    void reads_the_file_streams_librarys_cbor_request_whose_bitmap_is_the_text_mq() {
        byte[] payload = hex("""
                A5              # map of 5 pairs
                61 66  01       # "f": 1
                61 6C  19 0100  # "l": 256
                61 6F  18 2A    # "o": 42
                61 62           # "b"
                44 4D513D3D     #   a byte string of 4 bytes: 'M' 'Q' '=' '='
                61 6E  01       # "n": 1
                """);

        GetStreamRequest request = StreamRequests.get(payload, Format.CBOR);

        assertThat(request.fileId()).isEqualTo(1);
        assertThat(request.blockSize()).isEqualTo(256);
        assertThat(request.blockOffset()).isEqualTo(42);
        assertThat(request.clientToken()).isEmpty();
        // 'M' = 0b0100_1101: bits 0, 2, 3 and 6 of byte 0; n = 1 caps the answer at the first, block o
        assertThat(IntStream.range(0, 32).filter(request.bitmap().orElseThrow()::isSet).boxed())
                .startsWith(0, 2, 3, 6, 8);
        assertThat(request.maxBlocks()).isEqualTo(1);
    }

    /** The same library's JSON request: always "s": 1, no client token, no bitmap. */
    @Test
    void reads_the_file_streams_librarys_json_request() {
        GetStreamRequest request = StreamRequests.get(utf8("{\"s\": 1,\"f\": 0,\"l\": 256,\"o\": 3,\"n\": 1}"),
                Format.JSON);

        assertThat(request).isEqualTo(new GetStreamRequest(Optional.empty(), OptionalInt.of(1), 0, 256, 3,
                OptionalInt.of(1), Optional.empty()));
    }

    /** The example of AWS's guide: blocks 20, 21, 24 and 43 as offset 20 and bitmap 0x130080. */
    @Test
    void reads_the_guides_bitmap_example_bit_0_being_the_low_bit_of_the_first_byte() {
        GetStreamRequest request = StreamRequests.get(utf8("""
                {"c": "1", "s": 1, "l": 256, "f": 1, "o": 20, "n": 32, "b": "0x130080"}"""), Format.JSON);

        BlockBitmap bitmap = request.bitmap().orElseThrow();
        assertThat(IntStream.range(0, 24).filter(bitmap::isSet).boxed()).containsExactly(0, 1, 4, 23);
        assertThat(bitmap.size()).isEqualTo(3);
        assertThat(StreamRequests.get(utf8("{\"f\":1,\"l\":256,\"b\":\"130080\"}"), Format.JSON).bitmap())
                .contains(bitmap);
    }

    @Test
    void without_n_a_request_is_answered_with_as_many_blocks_as_128_kb_hold() {
        GetStreamRequest request = StreamRequests.get(utf8("{\"f\":0,\"l\":4096}"), Format.JSON);

        assertThat(request.blockOffset()).isZero();
        assertThat(request.maxBlocks()).isEqualTo(32);
        assertThat(StreamRequests.get(utf8("{\"f\":0,\"l\":4096,\"n\":0}"), Format.JSON).maxBlocks())
                .isEqualTo(32);
        assertThat(StreamRequests.get(utf8("{\"f\":0,\"l\":1000,\"n\":500}"), Format.JSON).maxBlocks())
                .isEqualTo(131);
        assertThat(StreamRequests.get(utf8("{\"f\":0,\"l\":131072,\"n\":9}"), Format.JSON).maxBlocks())
                .isEqualTo(1);
    }

    @Test
    void members_the_protocol_does_not_have_are_ignored() {
        GetStreamRequest request = StreamRequests.get(utf8("""
                {"f": 2, "l": 512, "x": [1, {"y": null}], "clientToken": 5}"""), Format.JSON);

        assertThat(request.fileId()).isEqualTo(2);
    }

    @Test
    void a_describe_request_may_be_empty_or_carry_a_client_token() {
        assertThat(StreamRequests.describe(new byte[0], Format.CBOR).clientToken()).isEmpty();
        assertThat(StreamRequests.describe(utf8("{}"), Format.JSON).clientToken()).isEmpty();
        assertThat(StreamRequests.describe(utf8("{\"c\":\"ec944cfb-1e3c-49ac-97de-9dc4aaad0039\"}"),
                Format.JSON).clientToken()).contains("ec944cfb-1e3c-49ac-97de-9dc4aaad0039");
        assertThat(StreamRequests.describe(hex("A1 6163 6161"), Format.CBOR).clientToken()).contains("a");
    }

    @Test
    void a_payload_that_is_not_one_json_object_is_invalid_json() {
        for (String payload : new String[] {"", "{", "[1]", "42", "{\"f\":0}{}", "{\"f\":0} x", "{'f':0}",
                "{\"f\":0,\"f\":1}", "{\"f\":0,}", "\u00ff"}) {
            if (payload.isEmpty()) {
                continue;  // an empty payload is an empty request (see above)
            }
            assertRejected(() -> StreamRequests.get(utf8(payload), Format.JSON), RejectionCode.INVALID_JSON);
        }
    }

    @Test
    void a_payload_that_is_not_one_cbor_map_is_invalid_cbor() {
        for (String payload : new String[] {"FF", "A1 6166", "82 01 02", "A1 6166 00 00", "A2 6166 00 6166 01",
                "A1 6166 1B 00", "7F"}) {
            assertRejected(() -> StreamRequests.get(hex(payload), Format.CBOR), RejectionCode.INVALID_CBOR);
        }
        assertRejected(() -> StreamRequests.get(utf8("{\"f\":0,\"l\":256}"), Format.CBOR),
                RejectionCode.INVALID_CBOR);
    }

    @Test
    void members_of_the_wrong_kind_or_missing_are_invalid_requests() {
        for (String payload : new String[] {"{\"l\":256}", "{\"f\":0}", "{\"f\":\"0\",\"l\":256}",
                "{\"f\":0,\"l\":256.0}", "{\"f\":0,\"l\":2.56e2}", "{\"f\":0,\"l\":true}", "{\"f\":0,\"l\":null}",
                "{\"f\":0,\"l\":256,\"o\":[0]}", "{\"f\":0,\"l\":256,\"s\":\"1\"}", "{\"f\":0,\"l\":256,\"c\":1}",
                "{\"f\":256,\"l\":256}", "{\"f\":-1,\"l\":256}", "{\"f\":0,\"l\":256,\"s\":-1}",
                "{\"f\":0,\"l\":256,\"b\":12}", "{\"f\":0,\"l\":256,\"b\":\"123\"}", "{\"f\":0,\"l\":256,\"b\":\"0x\"}",
                "{\"f\":0,\"l\":256,\"b\":\"zz\"}", "{\"f\":0,\"l\":256,\"b\":\"\"}"}) {
            assertRejected(() -> StreamRequests.get(utf8(payload), Format.JSON), RejectionCode.INVALID_REQUEST);
        }
        // a CBOR bitmap is a byte string, not hexadecimal text
        assertRejected(() -> StreamRequests.get(hex("A3 6166 00 616C 190100 6162 62 3030"), Format.CBOR),
                RejectionCode.INVALID_REQUEST);
        assertRejected(() -> StreamRequests.get(hex("A3 6166 00 616C 190100 6162 40"), Format.CBOR),
                RejectionCode.INVALID_REQUEST);
    }

    @Test
    void numbers_out_of_their_range_are_refused_with_the_members_code_however_large() {
        assertRejected(get("{\"f\":0,\"l\":255}"), RejectionCode.BLOCK_SIZE_OUT_OF_BOUNDS);
        assertRejected(get("{\"f\":0,\"l\":131073}"), RejectionCode.BLOCK_SIZE_OUT_OF_BOUNDS);
        assertRejected(get("{\"f\":0,\"l\":-4096}"), RejectionCode.BLOCK_SIZE_OUT_OF_BOUNDS);
        // 2^32 + 4096 is not 4096
        assertRejected(get("{\"f\":0,\"l\":4294971392}"), RejectionCode.BLOCK_SIZE_OUT_OF_BOUNDS);
        assertRejected(get("{\"f\":0,\"l\":1" + "0".repeat(40) + "}"), RejectionCode.BLOCK_SIZE_OUT_OF_BOUNDS);
        assertRejected(get("{\"f\":0,\"l\":256,\"o\":98305}"), RejectionCode.OFFSET_OUT_OF_BOUNDS);
        assertRejected(get("{\"f\":0,\"l\":256,\"o\":-1}"), RejectionCode.OFFSET_OUT_OF_BOUNDS);
        assertRejected(get("{\"f\":0,\"l\":256,\"n\":98305}"), RejectionCode.BLOCK_COUNT_LIMIT_EXCEEDED);
        assertRejected(get("{\"f\":0,\"l\":256,\"n\":18446744073709551616}"),
                RejectionCode.BLOCK_COUNT_LIMIT_EXCEEDED);
        assertRejected(get("{\"f\":0,\"l\":256,\"b\":\"" + "ff".repeat(12_289) + "\"}"),
                RejectionCode.BLOCK_BITMAP_LIMIT_EXCEEDED);
        assertThat(StreamRequests.get(utf8("{\"f\":0,\"l\":256,\"o\":98304,\"n\":98304,\"b\":\"" + "ff".repeat(12_288)
                + "\"}"), Format.JSON).bitmap().orElseThrow().size()).isEqualTo(12_288);
        // CBOR: l as a 64-bit integer past an int, and a bitmap of 12,289 bytes
        assertRejected(() -> StreamRequests.get(hex("A2 6166 00 616C 1B 0000000100001000"), Format.CBOR),
                RejectionCode.BLOCK_SIZE_OUT_OF_BOUNDS);
        assertRejected(() -> StreamRequests.get(concat(hex("A3 6166 00 616C 190100 6162 59 3001"),
                repeat(1, 12_289)), Format.CBOR), RejectionCode.BLOCK_BITMAP_LIMIT_EXCEEDED);
    }

    @Test
    void a_client_token_over_64_bytes_is_invalid_and_not_echoed() {
        byte[] payload = utf8("{\"c\":\"" + "é".repeat(33) + "\",\"f\":0,\"l\":256}");

        assertRejected(() -> StreamRequests.get(payload, Format.JSON), RejectionCode.INVALID_REQUEST);
        assertThat(StreamRequests.clientToken(payload, Format.JSON)).isEmpty();
        assertThat(StreamRequests.get(utf8("{\"c\":\"" + "x".repeat(64) + "\",\"f\":0,\"l\":256}"),
                Format.JSON).clientToken()).contains("x".repeat(64));
    }

    @Test
    void a_text_holding_a_lone_surrogate_is_malformed_and_nothing_of_it_is_echoed() {
        // found by the fuzzer: "\udd6a" parses to a string with no UTF-8 form, which the answer could not echo
        byte[] json = utf8("{\"c\":\"x\\udd6a\",\"f\":0,\"l\":256}");
        assertRejected(() -> StreamRequests.get(json, Format.JSON), RejectionCode.INVALID_JSON);
        assertThat(StreamRequests.clientToken(json, Format.JSON)).isEmpty();
        assertRejected(() -> StreamRequests.get(utf8("{\"\\ud800\":1,\"f\":0,\"l\":256}"), Format.JSON),
                RejectionCode.INVALID_JSON);
        // the same surrogate as CBOR text (its UTF-8 bytes ED B5 AA, which UTF-8 does not allow)
        byte[] cbor = hex("A3 6163 63EDB5AA 6166 00 616C 190100");
        assertRejected(() -> StreamRequests.get(cbor, Format.CBOR), RejectionCode.INVALID_CBOR);
        assertThat(StreamRequests.clientToken(cbor, Format.CBOR)).isEmpty();
        assertThat(StreamRequests.get(utf8("{\"c\":\"\\ud83d\\ude00\",\"f\":0,\"l\":256}"), Format.JSON)
                .clientToken()).contains("\uD83D\uDE00");
    }

    @Test
    void a_rejected_request_still_names_its_valid_client_token() {
        byte[] payload = utf8("{\"c\":\"tok-1\",\"f\":0,\"l\":100}");

        assertRejected(() -> StreamRequests.get(payload, Format.JSON), RejectionCode.BLOCK_SIZE_OUT_OF_BOUNDS);
        assertThat(StreamRequests.clientToken(payload, Format.JSON)).contains("tok-1");
        assertThat(StreamRequests.clientToken(utf8("{\"c\":\"tok-1\""), Format.JSON)).isEmpty();
        assertThat(StreamRequests.clientToken(utf8("{\"c\":7}"), Format.JSON)).isEmpty();
    }

    @Test
    void bounded_before_parsing_and_in_depth() {
        byte[] huge = concat(utf8("{\"f\":0,\"l\":256,\"x\":\""), repeat('a', 131_072), utf8("\"}"));
        assertRejected(() -> StreamRequests.get(huge, Format.JSON), RejectionCode.INVALID_REQUEST);
        String deep = "[".repeat(100) + "]".repeat(100);
        assertRejected(get("{\"f\":0,\"l\":256,\"x\":" + deep + "}"), RejectionCode.INVALID_JSON);
    }

    private static org.assertj.core.api.ThrowableAssert.ThrowingCallable get(String json) {
        return () -> StreamRequests.get(utf8(json), Format.JSON);
    }

    private static AbstractThrowableAssert<?, ?> assertRejected(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, RejectionCode code) {
        return assertThatThrownBy(call).isInstanceOf(DeviceRejection.class)
                .satisfies(e -> assertThat(((DeviceRejection) e).code()).as(e.getMessage()).isEqualTo(code));
    }
}
