package io.fleetline.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The Debian {@code nginx} binary as a child process with a configuration of our own in a directory of our own, on
 * two free loopback ports: our own instance, never the system one. It serves each file under the URL path it is given
 * ({@code location = /bucket/key { alias <file>; }}), over plain HTTP and over HTTPS with the server certificate and key
 * Fleetline presents, so both servers send the very same file from the same page cache. {@code sendfile on} is the
 * setting an operator serving firmware would choose; over HTTPS nginx reads the file into its buffers and encrypts
 * them with OpenSSL (no kernel TLS: Jetty has none either).
 */
final class NginxServer implements AutoCloseable {
    private final Process process;
    private final int httpPort;
    private final int httpsPort;

    private NginxServer(Process process, int httpPort, int httpsPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    /**
     * @param files       URL path ({@code /bench/fw-8m.bin}) to the file served there
     * @param serverChain the certificate chain Fleetline's HTTPS listeners present
     * @param serverKey   its key
     */
    static NginxServer start(Path dir, Map<String, Path> files, Path serverChain, Path serverKey)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int httpPort = freePort();
        int httpsPort = freePort();
        String locations = files.entrySet().stream()
                .map(e -> "    location = %s { alias %s; }".formatted(e.getKey(), e.getValue().toAbsolutePath()))
                .collect(Collectors.joining("\n"));
        Path config = dir.resolve("nginx.conf");
        Files.writeString(config, """
                # written by the Fleetline object store benchmark
                daemon off;
                master_process on;
                # one worker per core, as an operator would run it
                worker_processes auto;
                # started as root, nginx's workers become 'nobody' unless told otherwise; the files are root's
                user root;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 8192; }
                worker_rlimit_nofile 20000;
                http {
                  access_log off;
                  sendfile on;
                  tcp_nopush on;
                  keepalive_requests 1000000;
                  keepalive_timeout 120s;
                  default_type application/octet-stream;
                  client_body_temp_path %1$s/client_body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  ssl_certificate %2$s;
                  ssl_certificate_key %3$s;
                  ssl_protocols TLSv1.2 TLSv1.3;
                  server {
                    listen 127.0.0.1:%4$d;
                    listen 127.0.0.1:%5$d ssl;
                %6$s
                  }
                }
                """.formatted(dir.toAbsolutePath(), serverChain.toAbsolutePath(), serverKey.toAbsolutePath(), httpPort,
                httpsPort, locations));
        Process process = new ProcessBuilder(nginx(), "-p", dir.toAbsolutePath() + "/", "-c", config.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!accepts(httpPort) || !accepts(httpsPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.out"))
                        + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
            }
            Thread.sleep(50);
        }
        return new NginxServer(process, httpPort, httpsPort);
    }

    private static String nginx() {
        for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("nginx is not installed (Debian: apt-get install -y nginx)");
    }

    /** {@code nginx version: nginx/1.22.1}. */
    static String version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(nginx(), "-v").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int httpPort() {
        return httpPort;
    }

    int httpsPort() {
        return httpsPort;
    }

    /** The master process; its workers are its children, whose CPU counts too. */
    ProcessHandle process() {
        return process.toHandle();
    }

    /** Stops the instance this benchmark started, by its own process handle (SIGTERM: a fast shutdown). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
