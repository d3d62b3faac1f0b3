package io.fleetline.blobs.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A content opened for reading. The open channel keeps the bytes readable even if the content is deleted meanwhile
 * (POSIX keeps an unlinked file while it is open), so a download that has started always finishes. {@link #path()} is
 * for senders that want the file itself (zero-copy); it is valid as long as the content is referenced.
 */
public final class ContentReader implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final long size;

    public ContentReader(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = channel.size();
    }

    public Path path() {
        return path;
    }

    /** The open channel; read it with positional reads ({@link FileChannel#read(ByteBuffer, long)}, transferTo). */
    public FileChannel channel() {
        return channel;
    }

    public long size() {
        return size;
    }

    /** The bytes from {@code offset}, {@code length} of them, as a stream over this reader's channel. */
    public InputStream stream(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside a content of " + size);
        }
        return new RangeStream(channel, offset, offset + length);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Positional reads, so several streams of one reader do not move each other. */
    private static final class RangeStream extends InputStream {
        private final FileChannel channel;
        private final long end;
        private long position;

        RangeStream(FileChannel channel, long start, long end) {
            this.channel = channel;
            this.position = start;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= end) {
                return -1;
            }
            int wanted = (int) Math.min(length, end - position);
            int read = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
            if (read < 0) {
                throw new IOException("content ended " + (end - position) + " bytes early");
            }
            position += read;
            return read;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }
    }
}
