package io.fleetline.api.http;

import io.fleetline.api.auth.Admission;
import io.fleetline.api.auth.BodyException;
import io.fleetline.api.auth.PayloadStream;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.log.LimitedLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on a {@link StreamingRoute}: its head admitted by the routes' authenticator, its body streamed to the
 * route, the route's response streamed back. Every failure before the response starts is the route's to word.
 */
final class StreamingExchange {
    private static final Logger REQUESTS = LoggerFactory.getLogger("fleetline.requests");
    private static final LimitedLog FAILED = new LimitedLog(LoggerFactory.getLogger(StreamingExchange.class));
    /** What is written of a stream, or read of a file, at a time. */
    private static final int STREAM_BUFFER = 64 * 1024;
    private static final int FILE_BUFFER = 256 * 1024;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final StreamingRoute route;
    private final StreamingRoutes routes;
    private final HttpLimits limits;

    StreamingExchange(StreamingRoute route, StreamingRoutes routes, HttpLimits limits) {
        this.route = route;
        this.routes = routes;
        this.limits = limits;
    }

    void serve(RawRequest head, Request request, Response response, Callback callback) {
        String requestId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        StreamedResponse answer;
        boolean unread;
        try (RequestBodyStream wire = new RequestBodyStream(request, route.maxBodyBytes(), limits.bodyTimeout())) {
            answer = answer(head, requestId, wire);
            unread = wire.unread();
        }
        if (unread) {
            // the rest of a refused body is not worth reading: the client learns at once and the connection ends
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        if (REQUESTS.isDebugEnabled()) {
            REQUESTS.debug("{} {} {} -> {} ({}) {} us", requestId, head.method(), head.rawPath(), answer.status(),
                    route.signingName(), (System.nanoTime() - started) / 1000);
        }
        write(head, answer, response, callback);
    }

    private StreamedResponse answer(RawRequest head, String requestId, RequestBodyStream wire) {
        try {
            Admission admission = routes.authenticator().admit(head);
            wire.checkDeclaredLength();
            PayloadStream body = admission.stream(head, wire);
            return route.serve(new StreamedRequest(requestId, admission.caller(), head, body));
        } catch (FleetlineException e) {
            if (e instanceof BodyException) {
                REQUESTS.debug("{} body refused: {}", requestId, e.getMessage());
            }
            return failure(head, requestId, e);
        } catch (IOException | RuntimeException e) {
            FAILED.error("request {} ({} {}) failed", requestId, head.method(), head.rawPath(), e);
            return failure(head, requestId, new FleetlineException(ErrorCode.INTERNAL_FAILURE,
                    "Internal failure; request id " + requestId));
        }
    }

    private StreamedResponse failure(RawRequest head, String requestId, FleetlineException failure) {
        try {
            return route.failure(head, requestId, failure);
        } catch (RuntimeException e) {
            FAILED.error("request {}: the {} route could not word its failure", requestId, route.signingName(), e);
            return new StreamedResponse(500, Map.of("Content-Type", "text/plain"),
                    new StreamedResponse.Bytes(("Internal failure; request id " + requestId)
                            .getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Writes the response; a failure once the headers are out can only cut the connection. */
    private static void write(RawRequest head, StreamedResponse answer, Response response, Callback callback) {
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        boolean headOnly = head.method().equals("HEAD");
        try {
            switch (answer.body()) {
                case StreamedResponse.Empty empty -> response.write(true, NOTHING, callback);
                case StreamedResponse.Bytes bytes -> {
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.bytes().length);
                    response.write(true, headOnly ? NOTHING : ByteBuffer.wrap(bytes.bytes()), callback);
                }
                case StreamedResponse.Stream stream -> {
                    try (InputStream in = stream.in()) {
                        if (stream.length() >= 0) {
                            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, stream.length());
                        }
                        if (!headOnly) {
                            copy(in, response);
                        }
                    }
                    response.write(true, NOTHING, callback);
                }
                case StreamedResponse.FileRegion region -> {
                    try (FileChannel channel = region.channel()) {
                        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, region.length());
                        if (!headOnly) {
                            writeRegion(channel, region.offset(), region.length(), response);
                        }
                    }
                    response.write(true, NOTHING, callback);
                }
            }
        } catch (IOException | RuntimeException e) {
            REQUESTS.debug("a streamed response broke off: {}", e.toString());
            callback.failed(e);
        }
    }

    private static void copy(InputStream in, Response response) throws IOException {
        byte[] buffer = new byte[STREAM_BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (n > 0) {
                writeBlocking(response, ByteBuffer.wrap(buffer, 0, n));
            }
        }
    }

    /**
     * Writes a file region through one pooled direct buffer: the file's bytes never pass through the heap, and the
     * buffer goes back to Jetty's pool when done, so a download holds no memory past its own write. Not memory
     * mappings: a mapped window is released only when the garbage collector gets to it, and until then the disk space
     * of a file deleted after its download stays taken (a full disk stays full after the operator deleted objects).
     */
    private static void writeRegion(FileChannel channel, long offset, long length, Response response)
            throws IOException {
        if (offset + length > channel.size()) {
            throw new IOException("the file region " + offset + "+" + length + " lies past the file's end ("
                    + channel.size() + " bytes)");
        }
        ByteBufferPool pool = response.getRequest().getComponents().getByteBufferPool();
        RetainableByteBuffer pooled = pool.acquire((int) Math.min(FILE_BUFFER, Math.max(length, 1)), true);
        try {
            ByteBuffer buffer = pooled.getByteBuffer();
            long end = offset + length;
            for (long at = offset; at < end; ) {
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), end - at));
                int read = channel.read(buffer, at);
                if (read < 0) {
                    throw new IOException("the file ended at " + at + " of the region " + offset + "+" + length);
                }
                buffer.flip();
                writeBlocking(response, buffer);
                at += read;
            }
        } finally {
            pooled.release();
        }
    }

    private static void writeBlocking(Response response, ByteBuffer bytes) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(false, bytes, written);
            written.block();
        }
    }
}
