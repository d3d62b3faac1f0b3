package io.fleetline.api.http;

import io.fleetline.api.auth.BodyException;
import io.fleetline.api.auth.BodyException.Reason;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's body as Jetty delivers it, as a blocking stream of at most {@code max} bytes. Each read waits at most
 * the stall limit for bytes to come — progress, not the whole body, is timed, as S3 times it, since a large body may
 * rightly take long. Nothing is buffered beyond the chunk Jetty hands over, and nothing is charged to the budget of
 * buffered bodies. Failures are {@link BodyException}s.
 */
final class RequestBodyStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyStream.class);

    private final Request request;
    private final long max;
    private final Duration stall;
    private Content.Chunk chunk;
    private long read;
    private boolean ended;

    RequestBodyStream(Request request, long max, Duration stall) {
        this.request = request;
        this.max = max;
        this.stall = stall;
    }

    /** Whether the request has a body of which some is still unread (the connection cannot carry another request). */
    boolean unread() {
        return hasBody(request) && !ended;
    }

    /** Whether a request carries a body at all: a length above zero, or chunks. */
    static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /** Refuses a declared length past the maximum before a byte is read. */
    void checkDeclaredLength() {
        if (request.getLength() > max) {
            throw tooLarge();
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        while (chunk == null || !chunk.getByteBuffer().hasRemaining()) {
            if (ended || !nextChunk()) {
                ended = true;
                return -1;
            }
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        int n = Math.min(length, bytes.remaining());
        if (read + n > max) {
            throw tooLarge();
        }
        bytes.get(into, offset, n);
        read += n;
        return n;
    }

    /** Moves to Jetty's next chunk of content; false at the end. */
    private boolean nextChunk() {
        boolean last = chunk != null && chunk.isLast();
        release();
        if (last) {
            return false;
        }
        long deadline = System.nanoTime() + stall.toNanos();
        while (true) {
            Content.Chunk next = request.read();
            if (next == null) {
                awaitContent(deadline);
                continue;
            }
            if (Content.Chunk.isFailure(next)) {
                Throwable failure = next.getFailure();
                next.release();
                throw unreadable(failure);
            }
            if (!next.hasRemaining() && next.isLast()) {
                next.release();
                return false;
            }
            chunk = next;
            return true;
        }
    }

    private void awaitContent(long deadline) {
        try {
            if (!ContentDemand.await(request, deadline)) {
                throw stalled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreadable(e);
        }
    }

    private BodyException stalled() {
        LOG.debug("a streamed request body stalled for {} after {} bytes", stall, read);
        return new BodyException(Reason.TIMEOUT, "No byte of the request body arrived within "
                + stall.toSeconds() + " seconds");
    }

    /** The client went away or fell silent mid-body: its fault, logged without a trace. */
    private BodyException unreadable(Throwable failure) {
        if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
            return stalled();
        }
        LOG.debug("a streamed request body broke off after {} bytes: {}", read, failure.toString());
        return new BodyException(Reason.INCOMPLETE, "The request body ended after " + read + " bytes, before all "
                + "it announced arrived");
    }

    private BodyException tooLarge() {
        return new BodyException(Reason.TOO_LARGE, "The request body is larger than " + max + " bytes");
    }

    private void release() {
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}
