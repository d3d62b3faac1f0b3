package io.fleetline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One fleet update as the devices and the meters saw it: which devices ended it how and when, and what the server and
 * the simulators spent meanwhile. Durations are per device: from its first report on the job ({@code downloading})
 * to its end, and from the update's creation to its end.
 */
record FleetRun(String protocol, int devices, long succeeded, long otherEnded, Map<String, Integer> statuses,
                Map<String, Integer> reasons, long createMillis, long[] deviceMillis, long[] sinceCreationMillis,
                FleetSampler.Use use, GcLog.Window serverGc, long simulatorHeapAfterGcMaxMb,
                long simulatorHeapBeforeGcMaxMb) {

    /** Combines the simulators' answers to {@code await} (see {@link FleetSimulator}). */
    static FleetRun of(String protocol, long createdAtMillis, long createMillis, List<JsonNode> answers,
                       FleetSampler.Use use, GcLog.Window serverGc, List<GcLog.Window> simulatorGc) {
        List<Long> device = new ArrayList<>();
        List<Long> since = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        int devices = 0;
        for (JsonNode answer : answers) {
            devices += answer.get("devices").asInt();
            for (int i = 0; i < answer.get("ended").size(); i++) {
                String status = answer.get("status").get(i).asText();
                statuses.merge(status, 1, Integer::sum);
                if (status.equals("SUCCEEDED")) {
                    long ended = answer.get("ended").get(i).asLong();
                    device.add(ended - answer.get("seen").get(i).asLong());
                    since.add(ended - createdAtMillis);
                }
            }
            answer.get("reasons").properties().forEach(e -> reasons.merge(e.getKey(), e.getValue().asInt(),
                    Integer::sum));
        }
        long succeeded = statuses.getOrDefault("SUCCEEDED", 0);
        long ended = statuses.values().stream().mapToLong(Integer::longValue).sum();
        return new FleetRun(protocol, devices, succeeded, ended - succeeded, statuses, reasons, createMillis,
                sorted(device), sorted(since), use, serverGc,
                simulatorGc.stream().mapToLong(GcLog.Window::maxAfterMb).sum(),
                simulatorGc.stream().mapToLong(GcLog.Window::maxBeforeMb).sum());
    }

    private static long[] sorted(List<Long> values) {
        long[] all = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(all);
        return all;
    }

    /** Seconds from the update's creation to the last device's success. */
    double seconds() {
        return sinceCreationMillis.length == 0 ? use.wallSeconds() : sinceCreationMillis[sinceCreationMillis.length - 1]
                / 1000.0;
    }

    double perMinute() {
        return succeeded * 60 / seconds();
    }

    /** The rate between the 10th and the 90th percent of the successes: the run without its ramp and its tail. */
    double middlePerMinute() {
        int n = sinceCreationMillis.length;
        if (n < 10) {
            return perMinute();
        }
        long from = sinceCreationMillis[n / 10];
        long to = sinceCreationMillis[n * 9 / 10];
        return to == from ? perMinute() : (n * 9 / 10 - n / 10) * 60_000.0 / (to - from);
    }

    double serverMillisPerUpdate() {
        return succeeded == 0 ? Double.NaN : use.serverCpuSeconds() * 1000 / succeeded;
    }

    double simulatorMillisPerUpdate() {
        return succeeded == 0 ? Double.NaN : use.simulatorCpuSeconds() * 1000 / succeeded;
    }

    static String percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.1f", sorted[(int) Math.min(sorted.length - 1,
                Math.ceil(p * sorted.length) - 1)] / 1000.0);
    }

    static List<String> header() {
        return List.of("| devices | protocol | succeeded | other | s | updates/min | 10–90% /min | server ms CPU/update"
                        + " | simulators ms CPU/update | server CPU % | simulators CPU % | machine CPU % | device p50 s"
                        + " | device p95 s | since creation p50 s | p95 s | server RSS peak MB | server heap after GC max MB"
                        + " | simulators heap after GC max MB | simulators RSS peak MB | device state peak MB |",
                "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    String row() {
        return String.format(Locale.ROOT, "| %,d | %s | %,d | %,d | %.1f | %,.0f | %,.0f | %.2f | %.2f | %.0f | %.0f | %.0f"
                        + " | %s | %s | %s | %s | %,d | %d | %d | %,d | %,d |", devices, protocol, succeeded, otherEnded,
                seconds(), perMinute(), middlePerMinute(), serverMillisPerUpdate(), simulatorMillisPerUpdate(),
                use.percent(use.serverCpuSeconds()), use.percent(use.simulatorCpuSeconds()),
                use.percent(use.machineSeconds()), percentile(deviceMillis, 0.5), percentile(deviceMillis, 0.95),
                percentile(sinceCreationMillis, 0.5), percentile(sinceCreationMillis, 0.95), use.serverRssPeak() >> 20,
                serverGc.maxAfterMb(), simulatorHeapAfterGcMaxMb, use.simulatorRssPeak() >> 20,
                use.deviceStatePeak() >> 20);
    }

    /** What the row does not say: the statuses and reasons of devices that did not succeed, the creation's time. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "CreateOTAUpdate to CREATE_COMPLETE %.2f s; ended %s of %,d devices; "
                        + "server heap: %s; simulators' heap before GC at most %,d MB; machine memory available at least"
                        + " %,d MB", createMillis / 1000.0, statuses, devices, serverGc.describe(),
                simulatorHeapBeforeGcMaxMb, use.memoryAvailableLow() >> 20));
        reasons.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
                .forEach(e -> notes.add("  " + e.getValue() + " × " + e.getKey()));
        return notes;
    }
}
