package io.fleetline.s3store;

import io.fleetline.blobs.BlobErrors;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The caller's body, held to its declared length as the request reads it: a body that ends early, runs past the
 * length or breaks off fails the read, so the SDK abandons the request before its end and the store keeps nothing.
 * {@link #refusal()} then says why, as the embedded store says it ({@code IncompleteBody}).
 */
final class ExactBody extends InputStream {
    private final InputStream source;
    private final long length;
    private long read;
    private volatile FleetlineException refusal;

    ExactBody(InputStream source, long length) {
        this.source = source;
        this.length = length;
    }

    Optional<FleetlineException> refusal() {
        return Optional.ofNullable(refusal);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (refusal != null) {
            // for good: a retry that replays the bytes the SDK kept must not find an end that was never there
            throw new IOException(refusal.getMessage());
        }
        if (count == 0) {
            return 0;
        }
        if (read == length) {
            // the declared end: anything more is a body of another length, refused before the request completes
            if (readSource(new byte[1], 0, 1) > 0) {
                throw refuse(length + 1);
            }
            return -1;
        }
        int n = readSource(buffer, offset, (int) Math.min(count, length - read));
        if (n < 0) {
            throw refuse(read);
        }
        read += n;
        if (read == length && readSource(new byte[1], 0, 1) > 0) {
            throw refuse(length + 1);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(source.available(), length - read);
    }

    private int readSource(byte[] buffer, int offset, int count) throws IOException {
        try {
            return source.read(buffer, offset, count);
        } catch (IOException e) {
            refusal = BlobErrors.incompleteBody(length, read);
            throw e;
        }
    }

    private IOException refuse(long received) {
        refusal = BlobErrors.incompleteBody(length, received);
        return new IOException(refusal.getMessage());
    }
}
