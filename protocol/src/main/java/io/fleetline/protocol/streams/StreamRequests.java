package io.fleetline.protocol.streams;

import io.fleetline.protocol.Format;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the streams requests from their payloads, strictly: a payload that is not one JSON object (CBOR map) is
 * {@code InvalidJson} ({@code InvalidCbor}); a member of the wrong kind, or a required one missing, is
 * {@code InvalidRequest}; a number out of its range is the code AWS answers for that member
 * ({@code BlockSizeOutOfBounds}, {@code OffsetOutOfBounds}, {@code BlockCountLimitExceeded},
 * {@code BlockBitmapLimitExceeded}), however large it is. Members the protocol does not have are ignored.
 *
 * <p>Each failure is a {@link DeviceRejection}; {@link #clientToken} then says which token the rejection echoes.
 */
public final class StreamRequests {
    private StreamRequests() {
    }

    /** A {@code DescribeStream} request: {@code {"c": "token"}}, or an empty payload. */
    public static DescribeStreamRequest describe(byte[] payload, Format format) {
        RequestFields fields = RequestFields.read(payload, format);
        return new DescribeStreamRequest(fields.text("c", "client token"));
    }

    /** A {@code GetStream} request: {@code c s f l o n b}. */
    public static GetStreamRequest get(byte[] payload, Format format) {
        RequestFields fields = RequestFields.read(payload, format);
        Optional<String> clientToken = fields.text("c", "client token");
        OptionalInt version = optional(fields, "s", "stream version", RejectionCode.INVALID_REQUEST);
        int fileId = required(fields, "f", "file id", RejectionCode.INVALID_REQUEST);
        int blockSize = required(fields, "l", "block size", RejectionCode.BLOCK_SIZE_OUT_OF_BOUNDS);
        int offset = optional(fields, "o", "block offset", RejectionCode.OFFSET_OUT_OF_BOUNDS).orElse(0);
        OptionalInt count = optional(fields, "n", "number of blocks", RejectionCode.BLOCK_COUNT_LIMIT_EXCEEDED);
        Optional<BlockBitmap> bitmap = bitmap(fields, format);
        return new GetStreamRequest(clientToken, version, fileId, blockSize, offset, count, bitmap);
    }

    /**
     * The client token a rejection of this payload echoes: the request's {@code c} when the payload parses and it is
     * a valid token (as AWS, a malformed token is not echoed); never fails.
     */
    public static Optional<String> clientToken(byte[] payload, Format format) {
        try {
            return RequestFields.read(payload, format).text("c", "client token").filter(ClientTokens::isValid);
        } catch (DeviceRejection unreadable) {
            return Optional.empty();
        }
    }

    private static int required(RequestFields fields, String key, String name, RejectionCode outOfRange) {
        return optional(fields, key, name, outOfRange).orElseThrow(() -> new DeviceRejection(
                RejectionCode.INVALID_REQUEST, "The " + name + " (" + key + ") is required"));
    }

    /**
     * An integer member; one that does not fit an {@code int} is out of every range the protocol has, and refused
     * with {@code outOfRange} rather than narrowed (the record checks the exact range).
     */
    private static OptionalInt optional(RequestFields fields, String key, String name, RejectionCode outOfRange) {
        Optional<BigInteger> value = fields.integer(key, name);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (value.get().bitLength() >= Integer.SIZE) {
            throw new DeviceRejection(outOfRange, "The " + name + " (" + key + ") is out of range: " + value.get());
        }
        return OptionalInt.of(value.get().intValue());
    }

    /** {@code b}: hexadecimal text in JSON, a byte string in CBOR. */
    private static Optional<BlockBitmap> bitmap(RequestFields fields, Format format) {
        Optional<Object> raw = fields.raw("b");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (format == Format.CBOR) {
            if (!(raw.get() instanceof byte[] bytes)) {
                throw RequestFields.wrongKind("b", "block bitmap", "a byte string");
            }
            return Optional.of(nonEmpty(bytes.length, () -> BlockBitmap.of(bytes)));
        }
        if (!(raw.get() instanceof String text)) {
            throw RequestFields.wrongKind("b", "block bitmap", "a string of hexadecimal digits");
        }
        // two digits a byte: a bitmap over the limit is refused for its size, before it is decoded
        int bytes = (text.length() - (text.startsWith("0x") || text.startsWith("0X") ? 2 : 0) + 1) / 2;
        return Optional.of(nonEmpty(bytes, () -> {
            try {
                return BlockBitmap.ofHex(text);
            } catch (IllegalArgumentException e) {
                throw new DeviceRejection(RejectionCode.INVALID_REQUEST, "The block bitmap (b) must be an even number"
                        + " of hexadecimal digits, optionally after 0x");
            }
        }));
    }

    private static BlockBitmap nonEmpty(int bytes, java.util.function.Supplier<BlockBitmap> bitmap) {
        if (bytes > GetStreamRequest.MAX_BITMAP_BYTES) {
            throw new DeviceRejection(RejectionCode.BLOCK_BITMAP_LIMIT_EXCEEDED, "The block bitmap (b) must be at most "
                    + GetStreamRequest.MAX_BITMAP_BYTES + " bytes: " + bytes);
        }
        if (bytes == 0) {
            throw new DeviceRejection(RejectionCode.INVALID_REQUEST, "The block bitmap (b) is empty");
        }
        return bitmap.get();
    }
}
