package io.fleetline.blobs.object;

/** A satisfiable range of an object's bytes, {@code first} to {@code last} inclusive, as a 206 answer sends it. */
public record ByteRange(long first, long last, long objectSize) {
    public ByteRange {
        if (first < 0 || last < first || last >= objectSize) {
            throw new IllegalArgumentException("bytes " + first + "-" + last + " of " + objectSize);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} header's value. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + objectSize;
    }
}
