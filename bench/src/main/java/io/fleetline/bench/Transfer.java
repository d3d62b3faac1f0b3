package io.fleetline.bench;

import java.util.List;
import java.util.Locale;

/**
 * One path's delivery of the image to every device of a run, measured the same way whatever carried it (MQTT
 * stream, broker relay, HTTPS): from the moment all devices were told to start to the last byte of the last device.
 *
 * @param path        what carried the bytes ("fleetline stream", "mosquitto relay", "fleetline https")
 * @param devices     devices (subscribers, clients) in the run
 * @param bytes       payload bytes the devices received and kept, duplicates not counted
 * @param seconds     start to the last device's last byte
 * @param completions each finished device's own start-to-last-byte time, in seconds
 * @param failed      devices that did not get the whole image, or got it corrupted
 * @param cpu         CPU of the server process and of this JVM over the run
 * @param notes       what a reader should know about this run (retries, duplicates, first error)
 */
record Transfer(String path, int devices, long bytes, double seconds, List<Double> completions, int failed, CpuUse cpu,
                List<String> notes) {
    /** The unit the rates count in: a stream block, a relayed payload. */
    static final int BLOCK_BYTES = 4096;

    double megabytesPerSecond() {
        return bytes / 1e6 / seconds;
    }

    /** Blocks of {@link #BLOCK_BYTES} a second (for HTTPS, the bytes in block-sized units). */
    double blocksPerSecond() {
        return bytes / (double) BLOCK_BYTES / seconds;
    }

    /** Server CPU milliseconds per MB delivered (MB = 10^6 bytes). */
    double serverMillisPerMegabyte() {
        return 1000 * cpu.brokerSeconds() / Math.max(1e-9, bytes / 1e6);
    }

    double completionP50() {
        return percentile(0.50);
    }

    double completionMax() {
        return percentile(1.0);
    }

    private double percentile(double p) {
        if (completions.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = completions.stream().sorted().toList();
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)));
    }

    /** The header of {@link #row()}, a Markdown table as docs/benchmarks.md keeps them. */
    static List<String> header() {
        return List.of("| devices | path | blocks/s | MB/s | server ms CPU/MB | device p50 s | device max s | total s"
                        + " | failed | server CPU % | load gen CPU % | machine CPU % |",
                "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    String row() {
        return String.format(Locale.ROOT, "| %,d | %s | %,.0f | %,.1f | %.2f | %.2f | %.2f | %.2f | %d | %.0f | %.0f | %.0f |",
                devices, path, blocksPerSecond(), megabytesPerSecond(), serverMillisPerMegabyte(), completionP50(),
                completionMax(), seconds, failed, cpu.brokerPercent(), cpu.loadPercent(), cpu.machinePercent());
    }
}
