package io.fleetline.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * s3proxy 2.6.0 (its filesystem provider) in a JVM of its own, from its all-in-one jar, which the build copies to
 * {@code bench/target/s3proxy/} (the parent pom's {@code maven-dependency-plugin} execution, as for s3store's tests)
 * and names in the system property {@value #JAR_PROPERTY}. Unlike the tests' {@code S3ProxyProcess}, which trims its
 * JIT and heap to start fast, it runs with the JVM's default ergonomics, as an operator would run it. It keeps its
 * buckets in the directory it is given: on the same disk as Fleetline's data directory.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String JAR_PROPERTY = "fleetline.s3proxy.jar";
    static final String ACCESS_KEY_ID = "fleetline-bench";
    static final String SECRET_ACCESS_KEY = "fleetline-bench-secret";

    private final Process process;
    private final URI endpoint;

    private S3ProxyServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
        String jar = System.getProperty(JAR_PROPERTY, "bench/target/s3proxy/s3proxy.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("s3proxy's jar is not at " + JAR_PROPERTY + "=" + jar
                    + " (the bench module's build copies it there: run bench/run)");
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        int port = NginxServer.freePort();
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY_ID,
                "s3proxy.credential=" + SECRET_ACCESS_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=" + ACCESS_KEY_ID,
                "jclouds.credential=" + SECRET_ACCESS_KEY,
                "jclouds.filesystem.basedir=" + data.toAbsolutePath(), ""));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");  // its Guava
        }
        command.addAll(List.of("-jar", jar, "--properties", conf.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("s3proxy did not start; see " + dir.resolve("s3proxy.log"));
            }
            Thread.sleep(50);
        }
        return new S3ProxyServer(process, URI.create("http://127.0.0.1:" + port));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    URI endpoint() {
        return endpoint;
    }

    ProcessHandle process() {
        return process.toHandle();
    }

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
