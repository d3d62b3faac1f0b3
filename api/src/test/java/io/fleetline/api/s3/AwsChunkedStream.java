package io.fleetline.api.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payload of an {@code aws-chunked} body ({@code <hex size>;chunk-signature=...\r\n<bytes>\r\n ... 0;...\r\n
 * <trailers>\r\n\r\n}), as the SDKs send uploads by default, with its trailers. Test harness only: it checks no
 * signature; the streaming route does that for the server.
 */
final class AwsChunkedStream extends InputStream {
    private final InputStream in;
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private long left;
    private boolean done;

    AwsChunkedStream(InputStream in) {
        this.in = in;
    }

    Map<String, String> trailers() {
        return trailers;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (done) {
            return -1;
        }
        if (left == 0) {
            String header = line();
            int semicolon = header.indexOf(';');
            left = Long.parseLong(semicolon < 0 ? header : header.substring(0, semicolon), 16);
            if (left == 0) {
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    int colon = trailer.indexOf(':');
                    trailers.put(trailer.substring(0, colon).trim().toLowerCase(), trailer.substring(colon + 1).trim());
                }
                done = true;
                return -1;
            }
        }
        int read = in.read(buffer, offset, (int) Math.min(length, left));
        if (read < 0) {
            throw new IOException("the body ended inside a chunk");
        }
        left -= read;
        if (left == 0) {
            line();
        }
        return read;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.toString(StandardCharsets.ISO_8859_1).trim();
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).trim();
    }
}
