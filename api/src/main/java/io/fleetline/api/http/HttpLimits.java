package io.fleetline.api.http;

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
 */
public record HttpLimits(int maxBodyBytes, long bodyBudgetBytes, Duration bodyTimeout, Duration idleTimeout) {
    /** No operation of the served models takes more; the object store streams its bodies instead. */
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final long MIN_BUDGET = 16L * 1024 * 1024;
    private static final long MAX_BUDGET = 1024L * 1024 * 1024;
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

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
        return new HttpLimits(maxBodyBytes, bytes, bodyTimeout, idleTimeout);
    }

    public HttpLimits withBodyTimeout(Duration timeout) {
        return new HttpLimits(maxBodyBytes, bodyBudgetBytes, timeout, idleTimeout);
    }

    public HttpLimits withIdleTimeout(Duration timeout) {
        return new HttpLimits(maxBodyBytes, bodyBudgetBytes, bodyTimeout, timeout);
    }

    private static void requireTimeout(String name, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the " + name + " must be more than 0 and at most 1 hour: " + timeout);
        }
    }
}
