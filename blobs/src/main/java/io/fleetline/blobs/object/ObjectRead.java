package io.fleetline.blobs.object;

import io.fleetline.blobs.content.ContentReader;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An object being read: the version, the range asked for (absent: all of it), and its bytes, open. The bytes stay
 * readable until this is closed, even if the version is deleted meanwhile. Send them as a stream ({@link #stream()}),
 * or zero-copy from {@link #channel()} or {@link #path()} at {@link #offset()} for {@link #length()} bytes.
 */
public record ObjectRead(ObjectVersion version, Optional<ByteRange> range, ContentReader reader)
        implements AutoCloseable {

    public long offset() {
        return range.map(ByteRange::first).orElse(0L);
    }

    public long length() {
        return range.map(ByteRange::length).orElse(version.size());
    }

    public InputStream stream() {
        return reader.stream(offset(), length());
    }

    public FileChannel channel() {
        return reader.channel();
    }

    public Path path() {
        return reader.path();
    }

    @Override
    public void close() {
        reader.close();
    }
}
