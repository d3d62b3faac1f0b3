package io.fleetline.ota.streams;

import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.Format;
import io.fleetline.protocol.RejectionCode;
import io.fleetline.protocol.streams.BlockBitmap;
import io.fleetline.protocol.streams.DataBlock;
import io.fleetline.protocol.streams.GetStreamRequest;
import io.fleetline.protocol.streams.StreamMessages;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the blocks a {@code GetStream} request asks for. Which blocks: from the offset, the next ones, or those the
 * bitmap marks (bits past the file's end are ignored), never past the file's last block and never more than
 * {@link GetStreamRequest#maxBlocks()}, so at most 128 KB of blocks; the device asks again for the rest. The file's
 * last block is as long as what is left of the file.
 */
final class BlockReader {
    private final StreamObjects objects;

    BlockReader(StreamObjects objects) {
        this.objects = objects;
    }

    /**
     * The blocks of {@code stream} the request asks for, read from the object store: {@code VersionMismatch} when the
     * request names another version of the stream, {@code ResourceNotFound} for a file the stream does not have,
     * {@code OffsetOutOfBounds} for an offset past the file's last block, {@code ETagMismatch} when the object changed.
     */
    List<DataBlock> read(Stream stream, GetStreamRequest request) {
        Blocks blocks = blocks(stream, request);
        List<DataBlock> read = new ArrayList<>(blocks.ids().size());
        try (StreamObjects.OpenObject object = objects.open(blocks.file().source(), blocks.file().etag())) {
            for (int id : blocks.ids()) {
                read.add(new DataBlock(request.clientToken(), blocks.file().fileId(), id,
                        object.read(blocks.position(id), blocks.length(id))));
            }
        }
        return read;
    }

    /**
     * As {@link #read}, each block as its data message in {@code format}: in CBOR (what AWS's OTA agent asks for) the
     * block is read straight into its message, with no copy between.
     */
    List<byte[]> messages(Stream stream, GetStreamRequest request, Format format) {
        if (format != Format.CBOR) {
            return read(stream, request).stream().map(block -> StreamMessages.data(block, format)).toList();
        }
        Blocks blocks = blocks(stream, request);
        List<byte[]> messages = new ArrayList<>(blocks.ids().size());
        try (StreamObjects.OpenObject object = objects.open(blocks.file().source(), blocks.file().etag())) {
            for (int id : blocks.ids()) {
                int length = blocks.length(id);
                byte[] message = StreamMessages.cborDataFrame(request.clientToken(), blocks.file().fileId(), id,
                        length);
                object.readInto(blocks.position(id), message, message.length - length, length);
                messages.add(message);
            }
        }
        return messages;
    }

    /** Which blocks of which file, of what size. */
    private record Blocks(StreamFile file, int blockSize, List<Integer> ids) {
        long position(int id) {
            return (long) id * blockSize;
        }

        int length(int id) {
            return (int) Math.min(blockSize, file.size() - position(id));
        }
    }

    private static Blocks blocks(Stream stream, GetStreamRequest request) {
        if (request.streamVersion().isPresent() && request.streamVersion().getAsInt() != stream.version()) {
            throw new DeviceRejection(RejectionCode.VERSION_MISMATCH, "Stream " + stream.id() + " is at version "
                    + stream.version() + ", not " + request.streamVersion().getAsInt());
        }
        StreamFile file = stream.file(request.fileId()).orElseThrow(() -> new DeviceRejection(
                RejectionCode.RESOURCE_NOT_FOUND, "Stream " + stream.id() + " has no file " + request.fileId()));
        long blockCount = blockCount(file.size(), request.blockSize());
        if (request.blockOffset() >= blockCount) {
            throw new DeviceRejection(RejectionCode.OFFSET_OUT_OF_BOUNDS, "File " + file.fileId() + " has "
                    + blockCount + " blocks of " + request.blockSize() + " bytes: block " + request.blockOffset()
                    + " is past its last");
        }
        List<Integer> ids = select(request, blockCount);
        if (ids.isEmpty()) {
            throw new DeviceRejection(RejectionCode.INVALID_REQUEST, "The block bitmap (b) marks no block of file "
                    + file.fileId());
        }
        return new Blocks(file, request.blockSize(), ids);
    }

    static long blockCount(long fileSize, int blockSize) {
        return (fileSize + blockSize - 1) / blockSize;
    }

    /** The ids of the blocks to answer with, ascending; the offset lies within the file. */
    static List<Integer> select(GetStreamRequest request, long blockCount) {
        int offset = request.blockOffset();
        int max = request.maxBlocks();
        int inFile = (int) Math.min(blockCount - offset, Integer.MAX_VALUE);
        List<Integer> ids = new ArrayList<>(Math.min(max, inFile));
        if (request.bitmap().isEmpty()) {
            for (int i = 0; i < inFile && ids.size() < max; i++) {
                ids.add(offset + i);
            }
            return ids;
        }
        BlockBitmap bitmap = request.bitmap().get();
        int bits = Math.min(bitmap.size() * 8, inFile);
        for (int bit = 0; bit < bits && ids.size() < max; bit++) {
            if (bitmap.isSet(bit)) {
                ids.add(offset + bit);
            }
        }
        return ids;
    }
}
