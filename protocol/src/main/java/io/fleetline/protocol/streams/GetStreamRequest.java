package io.fleetline.protocol.streams;

import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code GetStream} request: blocks of {@code blockSize} bytes of file {@code fileId}, counted from block
 * {@code blockOffset}: the next {@code blockCount} of them, or those the bitmap marks (then {@code blockCount} caps
 * how many are answered). Whatever it asks, one request is answered with at most {@link #MAX_ANSWER_BYTES} of blocks
 * ({@link #maxBlocks()}); the device asks again for the rest.
 *
 * @param clientToken   {@code c}: echoed in every answer
 * @param streamVersion {@code s}: when given, the stream's version must be this one ({@code VersionMismatch})
 * @param fileId        {@code f}: 0 to 255
 * @param blockSize     {@code l}: {@value #MIN_BLOCK_SIZE} to {@value #MAX_BLOCK_SIZE} bytes
 * @param blockOffset   {@code o}: in blocks, 0 to {@value #MAX_BLOCK_OFFSET}; 0 when not given
 * @param blockCount    {@code n}: 0 to {@value #MAX_BLOCK_COUNT}; 0 or absent means as many as one answer holds
 * @param bitmap        {@code b}: at most {@value #MAX_BITMAP_BYTES} bytes
 */
public record GetStreamRequest(Optional<String> clientToken, OptionalInt streamVersion, int fileId, int blockSize,
                               int blockOffset, OptionalInt blockCount, Optional<BlockBitmap> bitmap) {
    public static final int MAX_FILE_ID = 255;
    public static final int MIN_BLOCK_SIZE = 256;
    public static final int MAX_BLOCK_SIZE = 131_072;
    /** 24 MB (a stream file's largest size) in blocks of the smallest size. */
    public static final int MAX_BLOCK_OFFSET = 98_304;
    public static final int MAX_BLOCK_COUNT = 98_304;
    /** The bitmap of every block of the largest file in the smallest blocks. */
    public static final int MAX_BITMAP_BYTES = 12_288;
    /** What one request is answered with at most, in block payload bytes: 128 KB. */
    public static final int MAX_ANSWER_BYTES = 131_072;

    public GetStreamRequest {
        clientToken.ifPresent(ClientTokens::require);
        streamVersion.ifPresent(version -> require(version >= 0, RejectionCode.INVALID_REQUEST,
                "The stream version (s) must not be negative"));
        require(fileId >= 0 && fileId <= MAX_FILE_ID, RejectionCode.INVALID_REQUEST,
                "The file id (f) must be 0 to " + MAX_FILE_ID + ": " + fileId);
        require(blockSize >= MIN_BLOCK_SIZE && blockSize <= MAX_BLOCK_SIZE, RejectionCode.BLOCK_SIZE_OUT_OF_BOUNDS,
                "The block size (l) must be " + MIN_BLOCK_SIZE + " to " + MAX_BLOCK_SIZE + " bytes: " + blockSize);
        require(blockOffset >= 0 && blockOffset <= MAX_BLOCK_OFFSET, RejectionCode.OFFSET_OUT_OF_BOUNDS,
                "The block offset (o) must be 0 to " + MAX_BLOCK_OFFSET + ": " + blockOffset);
        blockCount.ifPresent(count -> require(count >= 0 && count <= MAX_BLOCK_COUNT,
                RejectionCode.BLOCK_COUNT_LIMIT_EXCEEDED,
                "The number of blocks (n) must be 0 to " + MAX_BLOCK_COUNT + ": " + count));
        bitmap.ifPresent(map -> require(map.size() <= MAX_BITMAP_BYTES, RejectionCode.BLOCK_BITMAP_LIMIT_EXCEEDED,
                "The block bitmap (b) must be at most " + MAX_BITMAP_BYTES + " bytes: " + map.size()));
    }

    private static void require(boolean condition, RejectionCode code, String message) {
        if (!condition) {
            throw new DeviceRejection(code, message);
        }
    }

    /**
     * How many blocks this request is answered with at most: {@code n} when given (and not 0), never more than fit
     * in {@link #MAX_ANSWER_BYTES}.
     */
    public int maxBlocks() {
        int fit = MAX_ANSWER_BYTES / blockSize;
        int asked = blockCount.orElse(0);
        return asked == 0 ? fit : Math.min(asked, fit);
    }
}
