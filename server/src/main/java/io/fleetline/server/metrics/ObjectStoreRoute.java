package io.fleetline.server.metrics;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.http.StreamedRequest;
import io.fleetline.api.http.StreamedResponse;
import io.fleetline.api.http.StreamingRoute;
import io.fleetline.core.error.FleetlineException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The S3 API's meters, around its route: {@code fleetline_object_store_bytes_total{direction}} (request bodies as
 * decoded, and response bodies as answered: an object's bytes, a listing's XML), {@code fleetline_s3_requests_seconds}
 * by method and status for the requests the route served (its own refusals included), and
 * {@code fleetline_s3_refused_total} by status for those refused before it (a bad signature, a body too large) or that
 * failed inside it.
 */
final class ObjectStoreRoute implements StreamingRoute {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "DELETE");

    private final StreamingRoute route;
    private final MeterRegistry registry;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> refused = new ConcurrentHashMap<>();

    ObjectStoreRoute(StreamingRoute route, MeterRegistry registry) {
        this.route = route;
        this.registry = registry;
        this.bytesIn = bytes("in");
        this.bytesOut = bytes("out");
    }

    private Counter bytes(String direction) {
        return Counter.builder("fleetline.object.store.bytes").baseUnit("bytes")
                .description("Body bytes the S3 API took in (decoded) and answered").tag("direction", direction)
                .register(registry);
    }

    @Override
    public String signingName() {
        return route.signingName();
    }

    @Override
    public long maxBodyBytes() {
        return route.maxBodyBytes();
    }

    @Override
    public StreamedResponse serve(StreamedRequest request) throws IOException {
        long started = System.nanoTime();
        StreamedResponse response;
        try {
            response = route.serve(request);
        } catch (FleetlineException refusal) {
            response = route.failure(request.head(), request.requestId(), refusal);
        } finally {
            bytesIn.increment(request.body().bytesRead());
        }
        timer(request.head().method(), response.status()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return "HEAD".equals(request.head().method()) ? response : counted(response);
    }

    @Override
    public StreamedResponse failure(RawRequest head, String requestId, FleetlineException failure) {
        StreamedResponse response = route.failure(head, requestId, failure);
        refused.computeIfAbsent(response.status(), status -> Counter.builder("fleetline.s3.refused")
                .description("S3 requests refused before the route served them, or failed inside it, by status")
                .tag("status", Integer.toString(status)).register(registry)).increment();
        return response;
    }

    private Timer timer(String method, int status) {
        String known = METHODS.contains(method) ? method : Labels.OTHER;
        return timers.computeIfAbsent(known + " " + status, key -> Timer.builder("fleetline.s3.requests")
                .description("S3 requests the object store served, by method and status")
                .tag("method", known).tag("status", Integer.toString(status))
                .serviceLevelObjectives(RequestMetrics.BUCKETS).register(registry));
    }

    /** The response, its body's bytes counted: at once when its length is known, else as the stream is read. */
    private StreamedResponse counted(StreamedResponse response) {
        return switch (response.body()) {
            case StreamedResponse.Empty empty -> response;
            case StreamedResponse.Bytes bytes -> {
                bytesOut.increment(bytes.bytes().length);
                yield response;
            }
            case StreamedResponse.FileRegion region -> {
                bytesOut.increment(region.length());
                yield response;
            }
            case StreamedResponse.Stream stream when stream.length() >= 0 -> {
                bytesOut.increment(stream.length());
                yield response;
            }
            case StreamedResponse.Stream stream -> new StreamedResponse(response.status(), response.headers(),
                    new StreamedResponse.Stream(new CountingStream(stream.in(), bytesOut), -1));
        };
    }

    /** Counts what is read through it. */
    private static final class CountingStream extends FilterInputStream {
        private final Counter counter;

        CountingStream(InputStream in, Counter counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counter.increment();
            }
            return b;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            int n = super.read(into, offset, length);
            if (n > 0) {
                counter.increment(n);
            }
            return n;
        }
    }
}
