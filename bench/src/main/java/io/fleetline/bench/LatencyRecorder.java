package io.fleetline.bench;

import java.util.Arrays;

/** Latencies of one client thread, merged after a run into percentiles. */
final class LatencyRecorder {
    private long[] nanos = new long[1 << 14];
    private int count;

    void record(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    int count() {
        return count;
    }

    static Summary summarize(Iterable<LatencyRecorder> recorders, double seconds) {
        int total = 0;
        for (LatencyRecorder r : recorders) {
            total += r.count;
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder r : recorders) {
            System.arraycopy(r.nanos, 0, all, at, r.count);
            at += r.count;
        }
        Arrays.sort(all);
        return new Summary(total, total / seconds, percentile(all, 0.50), percentile(all, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** Requests done, requests per second, and the p50 / p99 latency in milliseconds. */
    record Summary(int requests, double perSecond, double p50Millis, double p99Millis) {
    }
}
