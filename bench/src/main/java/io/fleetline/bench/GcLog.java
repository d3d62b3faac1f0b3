package io.fleetline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's heap after each collection, read from the GC log it writes ({@code -Xlog:gc:file=...}): a line such as
 * {@code [12.345s][info][gc] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 45M->12M(256M) 3.456ms} says 12 MB
 * were left after collection GC(12). Used heap sampled at any moment mostly counts garbage not yet collected; what is
 * left after a collection is what the server holds on to, and if it stays flat while 1,000 downloads run, no download
 * keeps a buffer of its own on the heap.
 */
final class GcLog {
    private static final Pattern COLLECTION = Pattern.compile("GC\\(\\d+\\) (Pause .*?)\\s(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Path file;

    GcLog(Path file) {
        this.file = file;
    }

    /** The JVM option that makes the server write this log. */
    String jvmOption() {
        return "-Xlog:gc:file=" + file.toAbsolutePath();
    }

    /** Lines so far: a mark to read the collections after. */
    int mark() {
        return lines().size();
    }

    /** The collections logged after {@code mark}. */
    Window since(int mark) {
        List<String> lines = lines();
        int count = 0;
        long minAfter = Long.MAX_VALUE;
        long maxAfter = 0;
        long maxBefore = 0;
        long lastAfter = -1;
        long capacity = 0;
        for (String line : lines.subList(Math.min(mark, lines.size()), lines.size())) {
            Matcher m = COLLECTION.matcher(line);
            if (m.find()) {
                count++;
                long after = Long.parseLong(m.group(3));
                minAfter = Math.min(minAfter, after);
                maxAfter = Math.max(maxAfter, after);
                maxBefore = Math.max(maxBefore, Long.parseLong(m.group(2)));
                lastAfter = after;
                capacity = Long.parseLong(m.group(4));
            }
        }
        return new Window(count, count == 0 ? -1 : minAfter, count == 0 ? -1 : maxAfter, lastAfter, capacity,
                count == 0 ? -1 : maxBefore);
    }

    private List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Collections in a stretch of time, with the heap in MB left after them (-1 without one), and the most the heap
     * held before one of them (garbage included: the heap used at its peak).
     */
    record Window(int collections, long minAfterMb, long maxAfterMb, long lastAfterMb, long committedMb,
                  long maxBeforeMb) {
        String describe() {
            return collections == 0 ? "no collection"
                    : "%d collections, heap after GC %d–%d MB (last %d MB) of %d MB committed".formatted(collections,
                    minAfterMb, maxAfterMb, lastAfterMb, committedMb);
        }
    }
}
