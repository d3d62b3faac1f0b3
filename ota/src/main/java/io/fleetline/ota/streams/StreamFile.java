package io.fleetline.ota.streams;

/**
 * A file of a stream as kept: its id, where its bytes are, and the size and ETag the object had when the stream was
 * created or updated (what devices are told, and what the bytes they read must still be).
 */
public record StreamFile(int fileId, FileSource source, long size, String etag) {
    public StreamFile {
        if (size < 0 || etag == null || etag.isEmpty()) {
            throw new IllegalArgumentException("a stream file has a size and an ETag: " + size + ", " + etag);
        }
    }
}
