package io.fleetline.protocol.streams;

import java.util.Arrays;
import java.util.Optional;

/**
 * One block of a {@code GetStream} answer: {@code c} (the request's token), {@code f} (the file), {@code i} (the
 * block's number from 0), {@code l} (its length in bytes: the block size, less for the file's last block) and
 * {@code p} (its bytes: base64 in JSON, a byte string in CBOR).
 */
public record DataBlock(Optional<String> clientToken, int fileId, int blockId, byte[] payload) {
    /** {@code l}: the payload's length. */
    public int length() {
        return payload.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataBlock block && clientToken.equals(block.clientToken) && fileId == block.fileId
                && blockId == block.blockId && Arrays.equals(payload, block.payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * clientToken.hashCode() + fileId) + blockId) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "DataBlock[file " + fileId + ", block " + blockId + ", " + payload.length + " bytes]";
    }
}
