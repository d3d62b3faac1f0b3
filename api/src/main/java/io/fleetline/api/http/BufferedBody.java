package io.fleetline.api.http;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's body read into memory on demand: no larger than the limit, within the time allowed, and only while the
 * server's budget for buffered bodies has room for it (a declared length is taken from the budget whole before a byte
 * is read; a chunked body takes its room as it grows, starting with what a small body takes). {@link #close()} gives
 * the room back.
 */
final class BufferedBody implements BodySource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedBody.class);
    private static final byte[] EMPTY = new byte[0];
    /** What a body of unknown length takes from the budget at first. */
    private static final int FIRST_CHUNKED_ROOM = BodyBudget.SMALL_BODY;

    private final Request request;
    private final BodyBudget budget;
    private final HttpLimits limits;
    private long taken;
    private boolean ended;

    BufferedBody(Request request, BodyBudget budget, HttpLimits limits) {
        this.request = request;
        this.budget = budget;
        this.limits = limits;
    }

    @Override
    public byte[] read() {
        long declared = request.getLength();
        if (declared > limits.maxBodyBytes()) {
            throw tooLarge();
        }
        if (declared == 0) {
            ended = true;
            return EMPTY;
        }
        byte[] buffer = new byte[declared > 0 ? room((int) declared) : room(Math.min(FIRST_CHUNKED_ROOM,
                limits.maxBodyBytes()))];
        int length = 0;
        long deadline = System.nanoTime() + limits.bodyTimeout().toNanos();
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                awaitContent(deadline);
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    throw unreadable(chunk.getFailure());
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int n = bytes.remaining();
                if (n > 0) {
                    if ((long) length + n > (declared > 0 ? declared : limits.maxBodyBytes())) {
                        throw tooLarge();
                    }
                    if (length + n > buffer.length) {
                        buffer = Arrays.copyOf(buffer, room(Math.max(length + n, Math.min(buffer.length * 2,
                                limits.maxBodyBytes()))));
                    }
                    bytes.get(buffer, length, n);
                    length += n;
                }
                if (chunk.isLast()) {
                    ended = true;
                    return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
                }
            } finally {
                chunk.release();
            }
        }
    }

    /** Takes room for {@code size} bytes of buffer from the budget (beyond what this body holds already). */
    private int room(int size) {
        long more = size - taken;
        if (more > 0) {
            if (!budget.tryTake(more, size <= BodyBudget.SMALL_BODY)) {
                throw new FleetlineException(ErrorCode.SERVICE_UNAVAILABLE, "The server is busy receiving other "
                        + "requests; try again");
            }
            taken += more;
        }
        return size;
    }

    private void awaitContent(long deadline) {
        try {
            if (!ContentDemand.await(request, deadline)) {
                throw slow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreadable(e);
        }
    }

    private FleetlineException slow() {
        LOG.debug("a request body did not arrive within {}", limits.bodyTimeout());
        return new FleetlineException(ErrorCode.REQUEST_TIMEOUT, "The request body did not arrive within "
                + limits.bodyTimeout().toSeconds() + " seconds");
    }

    /** The client went away or fell silent mid-body: a client's fault, logged without a trace. */
    private FleetlineException unreadable(Throwable failure) {
        if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
            return slow();
        }
        LOG.debug("a request body could not be read: {}", failure.toString());
        return FleetlineException.invalid("The request body could not be read");
    }

    private FleetlineException tooLarge() {
        return new FleetlineException(ErrorCode.REQUEST_TOO_LARGE, "The request body is larger than "
                + limits.maxBodyBytes() + " bytes");
    }

    /** Whether the request has a body of which some is still unread (refused before, or cut off while reading). */
    boolean unread() {
        return RequestBodyStream.hasBody(request) && !ended;
    }

    @Override
    public void close() {
        budget.giveBack(taken);
        taken = 0;
    }
}
