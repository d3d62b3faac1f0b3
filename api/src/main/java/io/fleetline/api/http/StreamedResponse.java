package io.fleetline.api.http;

import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link StreamingRoute} answers: a status, headers, and a body the server writes without holding it whole.
 * The server sets {@code Content-Length} from the body where its length is known, and answers a {@code HEAD} request
 * with the headers alone, closing the body unread.
 */
public record StreamedResponse(int status, Map<String, String> headers, Body body) {
    public StreamedResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A response without a body; the route sets {@code Content-Length} itself where one is due (HEAD). */
    public static StreamedResponse of(int status, Map<String, String> headers) {
        return new StreamedResponse(status, headers, new Empty());
    }

    /** A body written once the headers are out. */
    public sealed interface Body permits Empty, Bytes, Stream, FileRegion {
    }

    /** No body at all. */
    public record Empty() implements Body {
    }

    /** A small body in memory (an XML document). */
    public record Bytes(byte[] bytes) implements Body {
        public Bytes {
            bytes = bytes.clone();
        }
    }

    /**
     * A body read from a stream as it is written, which the server closes once written.
     *
     * @param length its length when known (sent as {@code Content-Length}, and the stream must hold exactly as
     *               many bytes), else -1 (sent chunked)
     */
    public record Stream(InputStream in, long length) implements Body {
        public Stream {
            if (length < -1) {
                throw new IllegalArgumentException("a stream's length is known (0 or more) or -1");
            }
        }
    }

    /**
     * A region of a file, read into a pooled direct buffer and written from it, so that its bytes never pass through
     * the heap. The server closes the channel once written; the file must not be truncated meanwhile (renaming or
     * deleting it does no harm).
     */
    public record FileRegion(FileChannel channel, long offset, long length) implements Body {
        public FileRegion {
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("a file region starts at 0 or later and is 0 or more bytes long");
            }
        }
    }
}
