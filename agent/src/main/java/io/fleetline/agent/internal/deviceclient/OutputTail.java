package io.fleetline.agent.internal.deviceclient;

import java.nio.charset.StandardCharsets;

/**
 * The last bytes a job wrote to one stream, however much it wrote: a ring of fixed size, so output never grows the
 * agent's memory. Written by the thread draining the stream, read once the step is over.
 */
final class OutputTail {
    private final byte[] ring;
    private long written;

    OutputTail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 byte: " + capacity);
        }
        this.ring = new byte[capacity];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        int skip = Math.max(0, length - ring.length);
        written += skip;
        for (int i = offset + skip; i < offset + length; i++) {
            ring[(int) (written++ % ring.length)] = bytes[i];
        }
    }

    /** The bytes kept, decoded as UTF-8 (a character cut at the start of the ring becomes U+FFFD). */
    synchronized String text() {
        int kept = (int) Math.min(written, ring.length);
        byte[] tail = new byte[kept];
        int start = (int) ((written - kept) % ring.length);
        for (int i = 0; i < kept; i++) {
            tail[i] = ring[(start + i) % ring.length];
        }
        return new String(tail, StandardCharsets.UTF_8);
    }
}
