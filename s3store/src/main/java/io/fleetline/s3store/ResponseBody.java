package io.fleetline.s3store;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * The bytes of a GET's response as the caller reads them. Closed before its end, it ends the connection
 * ({@link ResponseInputStream#abort()}) rather than reading the rest of a firmware image to reuse it.
 */
final class ResponseBody extends FilterInputStream {
    private final ResponseInputStream<?> response;
    private long remaining;

    private ResponseBody(ResponseInputStream<?> response, InputStream in, long length) {
        super(in);
        this.response = response;
        this.remaining = length;
    }

    static ResponseBody of(ResponseInputStream<?> response, long length) {
        return new ResponseBody(response, response, length);
    }

    /** {@code length} bytes from {@code first} of a response that holds the whole object. */
    static ResponseBody slice(ResponseInputStream<?> response, long first, long length) {
        try {
            response.skipNBytes(first);
        } catch (IOException e) {
            response.abort();
            throw new FleetlineException(ErrorCode.S3_SERVICE_UNAVAILABLE,
                    "The blob store broke off a response (" + e.getMessage() + "); retry later");
        }
        return new ResponseBody(response, response, length);
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = super.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int n = super.read(buffer, offset, (int) Math.min(count, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(super.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        if (remaining > 0) {
            response.abort();
        }
        super.close();
    }
}
