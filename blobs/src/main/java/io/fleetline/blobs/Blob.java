package io.fleetline.blobs;

import io.fleetline.blobs.object.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * An object being read from a {@link BlobStore}: what it is, the range being read (absent: all of it), and the bytes
 * of that range as a stream. Close it when done (it holds a file or a connection).
 */
public record Blob(BlobInfo info, Optional<ByteRange> range, InputStream stream) implements AutoCloseable {
    /** How many bytes {@link #stream()} gives. */
    public long length() {
        return range.map(ByteRange::length).orElse(info.size());
    }

    /** Reads the whole stream; for small objects such as job documents. */
    public byte[] readAll() {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
