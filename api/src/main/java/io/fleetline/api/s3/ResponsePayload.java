package io.fleetline.api.s3;

import java.io.InputStream;
import java.nio.channels.FileChannel;

/**
 * A streamed response body (GetObject's bytes), which the HTTP route sends after the head and then closes. The
 * operation's output says its length and range in its headers ({@code Content-Length}, {@code Content-Range}).
 */
public sealed interface ResponsePayload permits ResponsePayload.Streamed, ResponsePayload.FileRange {
    /** How many bytes will be sent. */
    long length();

    /** Bytes read from a stream, which the route closes once sent (or when the response is not sent). */
    record Streamed(InputStream stream, long length) implements ResponsePayload {
        public Streamed {
            if (length < 0) {
                throw new IllegalArgumentException("negative length " + length);
            }
        }
    }

    /**
     * A region of a file open for reading, which the route sends without copying it through the heap and then
     * closes (or closes unsent). The open channel keeps the bytes readable even if the file is deleted meanwhile.
     */
    record FileRange(FileChannel channel, long offset, long length) implements ResponsePayload {
        public FileRange {
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
            }
        }
    }
}
