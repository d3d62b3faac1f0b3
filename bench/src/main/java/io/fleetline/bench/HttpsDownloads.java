package io.fleetline.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * N devices downloading the same presigned URL once each over HTTPS, as a device with a minimal HTTP/1.1 client
 * does: one TLS connection each (its own TLS context, so every device makes a full handshake, as the MQTT devices
 * do), the server certificate checked against Fleetline's CA, the body hashed as it arrives and its SHA-256
 * compared with the image's. Connections and handshakes come first, 32 at a time; the clock starts when every
 * device sends its GET, so the figures compare with the MQTT paths, whose connections are made beforehand too.
 */
final class HttpsDownloads {
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    private HttpsDownloads() {
    }

    static Transfer run(ProcessHandle server, String url, int devices, String sha256, TrustManagerFactory trust,
                        java.time.Duration timeout) throws Exception {
        URI uri = URI.create(url);
        List<SSLSocket> sockets = connectAll(uri, devices, trust);
        try {
            CountDownLatch done = new CountDownLatch(devices);
            Map<Integer, String> failures = new ConcurrentHashMap<>();
            double[] completions = new double[devices];
            AtomicLong bytes = new AtomicLong();
            CpuUse.Meter cpu = CpuUse.start(server);
            long started = System.nanoTime();
            for (int i = 0; i < devices; i++) {
                int device = i;
                Thread.ofVirtual().name("https-device-" + i).start(() -> {
                    try {
                        String got = download(sockets.get(device), uri, bytes);
                        completions[device] = (System.nanoTime() - started) / 1e9;
                        if (!got.equals(sha256)) {
                            failures.put(device, "SHA-256 " + got + ", expected " + sha256);
                        }
                    } catch (IOException | RuntimeException e) {
                        failures.put(device, e.toString());
                    } finally {
                        done.countDown();
                    }
                });
            }
            boolean all = done.await(timeout.toSeconds(), TimeUnit.SECONDS);
            CpuUse used = cpu.stop();
            List<Double> finished = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                if (completions[i] > 0 && !failures.containsKey(i)) {
                    finished.add(completions[i]);
                }
            }
            double seconds = all ? finished.stream().mapToDouble(Double::doubleValue).max().orElse(used.wallSeconds())
                    : used.wallSeconds();
            List<String> notes = new ArrayList<>();
            if (!all) {
                notes.add("NOT all devices finished within " + timeout.toSeconds() + " s");
            }
            failures.values().stream().findFirst().ifPresent(reason ->
                    notes.add(failures.size() + " devices failed; one: " + reason));
            return new Transfer("fleetline https", devices, bytes.get(), seconds, finished,
                    devices - finished.size(), used, notes);
        } finally {
            for (SSLSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** Opens every device's connection and completes its handshake, {@code 32} at a time. */
    private static List<SSLSocket> connectAll(URI uri, int devices, TrustManagerFactory trust) throws Exception {
        List<SSLSocket> sockets = new ArrayList<>(devices);
        Semaphore slots = new Semaphore(32);
        Map<Integer, Exception> failures = new ConcurrentHashMap<>();
        CountDownLatch connected = new CountDownLatch(devices);
        for (int i = 0; i < devices; i++) {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(uri.getHost(), uri.getPort());
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            sockets.add(socket);
            int device = i;
            slots.acquire();
            Thread.ofVirtual().start(() -> {
                try {
                    socket.startHandshake();
                } catch (IOException e) {
                    failures.put(device, e);
                } finally {
                    slots.release();
                    connected.countDown();
                }
            });
        }
        connected.await();
        if (!failures.isEmpty()) {
            for (SSLSocket socket : sockets) {
                socket.close();
            }
            Exception first = failures.values().iterator().next();
            throw new IllegalStateException(failures.size() + " of " + devices + " HTTPS handshakes failed; first: "
                    + first, first);
        }
        return sockets;
    }

    /** One GET on the device's connection: the body's SHA-256 in hex; its bytes are added to {@code bytes}. */
    private static String download(SSLSocket socket, URI uri, AtomicLong bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                + uri.getPort() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        long length = contentLength(head(in));
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);  // every JDK has SHA-256
        }
        byte[] buffer = new byte[64 * 1024];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the body ended " + left + " bytes short");
            }
            sha256.update(buffer, 0, n);
            bytes.addAndGet(n);
            left -= n;
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The response head up to its blank line, read byte by byte so none of the body is taken with it. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() >= MAX_HEAD_BYTES) {
                throw new IOException("no complete response head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The Content-Length of a 200 response; anything else (another status, a chunked body) is refused. */
    private static long contentLength(String head) throws IOException {
        String[] lines = head.split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 200")) {
            throw new IOException("response " + lines[0]);
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                return Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        throw new IOException("no Content-Length in " + lines[0]);
    }
}
