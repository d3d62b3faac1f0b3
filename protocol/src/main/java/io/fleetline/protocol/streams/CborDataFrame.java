package io.fleetline.protocol.streams;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A data message in CBOR written by hand, as Jackson's generator writes it ({@link StreamMessages}: a map of definite
 * length, one-letter text keys, integers in their shortest form, the block one byte string) but with the block's bytes
 * left to fill at the end of the one array the message is: a block read from a file lands in the message, with no
 * generator, buffer or copy between. A download is thousands of these messages.
 */
final class CborDataFrame {
    private static final int MAP = 0xA0;
    private static final int UNSIGNED = 0x00;
    private static final int BYTES = 0x40;
    private static final int TEXT = 0x60;

    private CborDataFrame() {
    }

    /** {@code c f l i p} with room for {@code length} bytes of {@code p} at the end of the array. */
    static byte[] of(Optional<String> clientToken, int fileId, int blockId, int length) {
        if (fileId < 0 || blockId < 0 || length < 0) {
            throw new IllegalArgumentException("a data message has no negative number: " + fileId + ", " + blockId
                    + ", " + length);
        }
        byte[] token = clientToken.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        int size = 1 + (token == null ? 0 : 2 + headLength(token.length) + token.length)
                + 2 + headLength(fileId) + 2 + headLength(length) + 2 + headLength(blockId)
                + 2 + headLength(length) + length;
        byte[] message = new byte[size];
        int at = head(message, 0, MAP, token == null ? 4 : 5);
        if (token != null) {
            at = key(message, at, 'c');
            at = head(message, at, TEXT, token.length);
            System.arraycopy(token, 0, message, at, token.length);
            at += token.length;
        }
        at = head(message, key(message, at, 'f'), UNSIGNED, fileId);
        at = head(message, key(message, at, 'l'), UNSIGNED, length);
        at = head(message, key(message, at, 'i'), UNSIGNED, blockId);
        head(message, key(message, at, 'p'), BYTES, length);
        return message;
    }

    /** A one-letter text key. */
    private static int key(byte[] out, int at, char letter) {
        out[at] = (byte) (TEXT | 1);
        out[at + 1] = (byte) letter;
        return at + 2;
    }

    private static int headLength(int value) {
        if (value < 24) {
            return 1;
        }
        if (value <= 0xFF) {
            return 2;
        }
        return value <= 0xFFFF ? 3 : 5;
    }

    /** A major type and its argument in the shortest form; where the next item starts. */
    private static int head(byte[] out, int at, int major, int value) {
        int length = headLength(value);
        if (length == 1) {
            out[at] = (byte) (major | value);
            return at + 1;
        }
        out[at] = (byte) (major | (length == 2 ? 24 : length == 3 ? 25 : 26));
        for (int i = length - 1; i >= 1; i--) {
            out[at + i] = (byte) value;
            value >>>= 8;
        }
        return at + length;
    }
}
