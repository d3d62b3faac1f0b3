package io.fleetline.protocol.streams;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The blocks a {@code GetStream} request asks for, relative to its offset: bit {@code i} stands for block
 * {@code offset + i}, and byte {@code k} holds bits {@code 8k+7} (its most significant) down to {@code 8k} (its
 * least), so byte 0 holds blocks {@code o+7 … o}. In JSON it travels as the bytes in hexadecimal ("0x130080" asks for
 * bits 0, 1, 4 and 23), in CBOR as a byte string.
 */
public final class BlockBitmap {
    private final byte[] bytes;

    private BlockBitmap(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A bitmap of these bytes (copied); at least one. */
    public static BlockBitmap of(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a block bitmap has at least one byte");
        }
        return new BlockBitmap(bytes.clone());
    }

    /**
     * A bitmap written in hexadecimal, two digits a byte, with or without a leading {@code 0x}; anything else is an
     * {@link IllegalArgumentException}.
     */
    public static BlockBitmap ofHex(String text) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.isEmpty() || digits.length() % 2 != 0) {
            throw new IllegalArgumentException("a block bitmap is an even number of hexadecimal digits");
        }
        return new BlockBitmap(HexFormat.of().parseHex(digits));
    }

    /** How many bytes the bitmap has. */
    public int size() {
        return bytes.length;
    }

    /** Whether bit {@code bit} (block {@code offset + bit}) is set; bits past the bitmap are not. */
    public boolean isSet(int bit) {
        if (bit < 0 || bit >= bytes.length * 8) {
            return false;
        }
        return (bytes[bit >>> 3] >>> (bit & 7) & 1) == 1;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes in lower-case hexadecimal, without a prefix. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockBitmap bitmap && Arrays.equals(bytes, bitmap.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "BlockBitmap[" + (bytes.length > 16 ? HexFormat.of().formatHex(bytes, 0, 16) + "…" : hex()) + "]";
    }
}
