package io.fleetline.api.http;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How much a client may send, and how slowly, on every HTTP listener. Bodies are read only after the request's head
 * passed authentication; what is buffered of all requests at once stays within {@code bodyBudgetBytes}, past which
 * requests are answered {@code 503 ServiceUnavailableException} (the AWS SDKs retry it).
 *
 * @param maxBodyBytes    the largest body an operation takes
 * @param bodyBudgetBytes what all requests together may hold buffered at once; at least {@code maxBodyBytes}
 * @param bodyTimeout     how long a body may take to arrive, from the first byte read to the last
 * @param idleTimeout     how long a connection may stay silent, between requests or inside one
 * @param maxConnections  how many connections both HTTP listeners hold open at once; past it they stop accepting
 *                        (clients wait in the listen queue) until one closes, so that a burst of downloads cannot
 *                        take the file descriptors the database, the object store and the MQTT listener need
 */
public record HttpLimits(int maxBodyBytes, long bodyBudgetBytes, Duration bodyTimeout, Duration idleTimeout,
                         int maxConnections) {
    /** No operation of the served models takes more; the object store streams its bodies instead. */
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final long MIN_BUDGET = 16L * 1024 * 1024;
    private static final long MAX_BUDGET = 1024L * 1024 * 1024;
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private static final int MIN_CONNECTIONS = 1;
    private static final int MAX_CONNECTIONS = 1_000_000;

    public HttpLimits {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("the largest request body must be at least 1 byte");
        }
        if (bodyBudgetBytes < maxBodyBytes) {
            throw new IllegalArgumentException("the budget for buffered request bodies (" + bodyBudgetBytes
                    + " bytes) must hold at least the largest body (" + maxBodyBytes + " bytes)");
        }
        requireTimeout("body timeout", bodyTimeout);
        requireTimeout("idle timeout", idleTimeout);
        if (maxConnections < MIN_CONNECTIONS || maxConnections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("the most HTTP connections at once must be from " + MIN_CONNECTIONS
                    + " to " + MAX_CONNECTIONS + "; got " + maxConnections);
        }
    }

    /** Limits with the default connection limit ({@link #defaultMaxConnections()}). */
    public HttpLimits(int maxBodyBytes, long bodyBudgetBytes, Duration bodyTimeout, Duration idleTimeout) {
        this(maxBodyBytes, bodyBudgetBytes, bodyTimeout, idleTimeout, defaultMaxConnections());
    }

    /**
     * A quarter of the files this process may open (at least 256): the rest stay for MQTT connections, the
     * databases and the object store's files. With 20,000, 5,000 HTTP connections.
     */
    public static int defaultMaxConnections() {
        long files = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 40_000;
        return Math.clamp(files / 4, 256, MAX_CONNECTIONS);
    }

    public HttpLimits withMaxConnections(int connections) {
        return new HttpLimits(maxBodyBytes, bodyBudgetBytes, bodyTimeout, idleTimeout, connections);
    }

    /** The defaults, with a budget of an eighth of this JVM's heap (from 16 MiB to 1 GiB). */
    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_MAX_BODY_BYTES, defaultBudget(), DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }

    /** An eighth of the heap: what the bodies in flight may take without starving everything else. */
    public static long defaultBudget() {
        return Math.clamp(Runtime.getRuntime().maxMemory() / 8, MIN_BUDGET, MAX_BUDGET);
    }

    public HttpLimits withBodyBudget(long bytes) {
        return new HttpLimits(maxBodyBytes, bytes, bodyTimeout, idleTimeout, maxConnections);
    }

    public HttpLimits withBodyTimeout(Duration timeout) {
        return new HttpLimits(maxBodyBytes, bodyBudgetBytes, timeout, idleTimeout, maxConnections);
    }

    public HttpLimits withIdleTimeout(Duration timeout) {
        return new HttpLimits(maxBodyBytes, bodyBudgetBytes, bodyTimeout, timeout, maxConnections);
    }

    private static void requireTimeout(String name, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the " + name + " must be more than 0 and at most 1 hour: " + timeout);
        }
    }
}
