package io.fleetline.bench;

import java.util.Arrays;

/** Latencies of one client thread, merged after a run into percentiles. */
final class LatencyRecorder {
    private long[] nanos = new long[1 << 14];
    private int count;
    private int errors;
    private String firstError;

    void record(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    /** A request that failed: counted apart, never in the latencies. */
    void fail(RuntimeException e) {
        if (errors++ == 0) {
            firstError = e.toString();
        }
    }

    static Summary summarize(Iterable<LatencyRecorder> recorders, double seconds) {
        int total = 0;
        int errors = 0;
        String firstError = null;
        for (LatencyRecorder r : recorders) {
            total += r.count;
            errors += r.errors;
            firstError = firstError == null ? r.firstError : firstError;
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder r : recorders) {
            System.arraycopy(r.nanos, 0, all, at, r.count);
            at += r.count;
        }
        Arrays.sort(all);
        return new Summary(total, total / seconds, percentile(all, 0.50), percentile(all, 0.99), errors,
                java.util.Optional.ofNullable(firstError));
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** Requests done, requests per second, the p50 / p99 latency in milliseconds, and failures. */
    record Summary(int requests, double perSecond, double p50Millis, double p99Millis, int errors,
                   java.util.Optional<String> firstError) {
    }
}
