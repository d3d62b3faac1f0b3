package io.fleetline.ota.streams;

import io.fleetline.core.error.FleetlineException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Objects held in memory, read as the real stores read them: by range, their ETag checked. */
final class FakeObjects implements StreamObjects {
    private final Map<String, byte[]> objects = new HashMap<>();
    private final Map<String, String> etags = new HashMap<>();
    private int puts;
    /** The most bytes one read asked for: blocks, never a whole file. */
    final AtomicInteger largestRead = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    /** Objects opened, and heads asked, since the start. */
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger heads = new AtomicInteger();

    /** Puts (or replaces) an object; the ETag changes with every put. */
    FakeObjects put(String bucket, String key, byte[] bytes) {
        objects.put(bucket + "/" + key, bytes.clone());
        etags.put(bucket + "/" + key, "\"etag-" + ++puts + "\"");
        return this;
    }

    void remove(String bucket, String key) {
        objects.remove(bucket + "/" + key);
    }

    static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + i / 251);
        }
        return bytes;
    }

    @Override
    public ObjectFacts head(FileSource source) {
        heads.incrementAndGet();
        byte[] bytes = objects.get(name(source));
        if (bytes == null) {
            throw FleetlineException.notFound("The stream file " + source + " does not exist");
        }
        return new ObjectFacts(bytes.length, etags.get(name(source)));
    }

    @Override
    public OpenObject open(FileSource source, String expectedEtag) {
        byte[] bytes = objects.get(name(source));
        if (bytes == null) {
            throw FleetlineException.notFound("The stream file " + source + " does not exist");
        }
        if (!etags.get(name(source)).equals(expectedEtag)) {
            throw ObjectErrors.changed(source);
        }
        open.incrementAndGet();
        opened.incrementAndGet();
        return new OpenObject() {
            @Override
            public byte[] read(long position, int length) {
                largestRead.accumulateAndGet(length, Math::max);
                byte[] range = new byte[length];
                System.arraycopy(bytes, (int) position, range, 0, length);
                return range;
            }

            @Override
            public void close() {
                open.decrementAndGet();
            }
        };
    }

    private static String name(FileSource source) {
        return source.bucket() + "/" + source.key() + source.version().map(v -> "?" + v).orElse("");
    }
}
