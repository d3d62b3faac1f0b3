package io.fleetline.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client that writes exactly the bytes it is given, as a hostile or broken one would, and reads what comes back.
 * Shared with the end-to-end hostile-client suites.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public RawHttp(int port) {
        this(connect(port));
    }

    private RawHttp(Socket socket) {
        try {
            this.socket = socket;
            socket.setSoTimeout(20_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Over a connection made otherwise (TLS with a client certificate, a WebSocket upgraded by hand). */
    public static RawHttp over(Socket socket) {
        return new RawHttp(socket);
    }

    private static Socket connect(int port) {
        try {
            return new Socket("127.0.0.1", port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawHttp send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes what it can; a server that closed the connection early is no failure here. */
    public RawHttp trySend(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException closed) {
            // the server answered and closed without reading it all
        }
        return this;
    }

    /** The next response: status, headers (names lower-cased) and the body its Content-Length announces. */
    public Reply reply() {
        try {
            Reply head = replyHead();
            int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new Reply(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next response's status and headers, its body left to be read from {@link #input()}. */
    public Reply replyHead() {
        try {
            String head = readHead();
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new Reply(status, headers, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the server sends, to be read as it comes (a large body). */
    public InputStream input() {
        return in;
    }

    /** The client's stream, for writing a large body as it is made. */
    public OutputStream output() {
        return out;
    }

    /** Ends what the client sends (a body cut short) while still reading what the server answers. */
    public RawHttp endSending() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Whether the server closed the connection (end of stream) within the socket's timeout. */
    public boolean closedByServer() {
        return closedWithin(20_000);
    }

    /** Whether the server closes the connection within {@code millis}, before sending anything more. */
    public boolean closedWithin(int millis) {
        try {
            socket.setSoTimeout(millis);
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Reads to the end of whatever is answered: true when the server then closes the connection. */
    public boolean closedAfterAnyAnswer() {
        try {
            while (in.read(new byte[8192]) >= 0) {
                // what the server answered before closing does not matter here
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** True when the server sends nothing more within {@code millis} (it closes, or stays silent). */
    public boolean sendsNothingMoreWithin(int millis) {
        try {
            socket.setSoTimeout(millis);
            return in.read() < 0;
        } catch (SocketTimeoutException silent) {
            return true;
        } catch (IOException reset) {
            return true;
        } finally {
            try {
                socket.setSoTimeout(20_000);  // what follows reads with the usual patience
            } catch (IOException closed) {
                // nothing more to read anyway
            }
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before a response: " + head);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1).trim();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    public record Reply(int status, Map<String, String> headers, String body) {
        public String errorType() {
            return headers.get("x-amzn-errortype");
        }
    }
}
