package io.fleetline.s3store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real S3 implementation on loopback for the tests: s3proxy 2.6.0 (its filesystem provider) in a child JVM, run from
 * its own all-in-one jar, which the build copies to {@code target/s3proxy/} and names in the system property
 * {@value #JAR_PROPERTY}. It brings Jetty 11 and jclouds of its own: in a JVM of its own they meet none of
 * Fleetline's libraries, and it is on no classpath of Fleetline's, the tests' included.
 */
public final class S3ProxyProcess implements AutoCloseable {
    public static final String JAR_PROPERTY = "fleetline.s3proxy.jar";
    public static final String ACCESS_KEY_ID = "fleetline-test";
    public static final String SECRET_ACCESS_KEY = "fleetline-test-secret";
    /** Jetty's line once it listens, with the port it took. */
    private static final Pattern STARTED = Pattern.compile("Started ServerConnector@.*\\{127\\.0\\.0\\.1:(\\d+)}");
    private static final int LINES_KEPT = 40;

    private static S3ProxyProcess shared;
    private static RuntimeException failedToStart;

    private final Process process;
    private final URI endpoint;

    private S3ProxyProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** One s3proxy for every test of the JVM, stopped when it exits; tests keep apart by their buckets' names. */
    public static synchronized S3ProxyProcess shared() {
        if (failedToStart != null) {
            throw failedToStart;  // once is enough to wait for
        }
        if (shared == null) {
            try {
                shared = start(Files.createTempDirectory("s3proxy"));
            } catch (IOException e) {
                failedToStart = new UncheckedIOException(e);
                throw failedToStart;
            } catch (RuntimeException e) {
                failedToStart = e;
                throw e;
            }
            S3ProxyProcess started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "s3proxy-stop"));
        }
        return shared;
    }

    /** Starts s3proxy keeping its buckets in {@code dir}, and returns once it listens. */
    public static S3ProxyProcess start(Path dir) throws IOException {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("s3proxy's jar is not at " + JAR_PROPERTY + "=" + jar
                    + " (the build copies it there: run the tests through Maven)");
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:0",
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY_ID,
                "s3proxy.credential=" + SECRET_ACCESS_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=" + ACCESS_KEY_ID,
                "jclouds.credential=" + SECRET_ACCESS_KEY,
                "jclouds.filesystem.basedir=" + data.toAbsolutePath(), ""));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");  // its Guava; earlier JDKs know no such flag
        }
        command.addAll(List.of("-jar", jar, "--properties", conf.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Deque<String> lastLines = new ArrayDeque<>();
        Thread reader = new Thread(() -> readOutput(process, port, lastLines), "s3proxy-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new S3ProxyProcess(process, URI.create("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS)));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            synchronized (lastLines) {
                throw new IllegalStateException("s3proxy did not start: " + String.join("\n", lastLines), e);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while s3proxy started", e);
        }
    }

    /** Drains s3proxy's output (a full pipe would stop it), watching for the line that says it listens. */
    private static void readOutput(Process process, CompletableFuture<Integer> port, Deque<String> lastLines) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (lastLines) {
                    if (line.contains("|-INFO in ") || line.isBlank()) {
                        continue;  // logback's account of its own configuration
                    }
                    lastLines.addLast(line);
                    if (lastLines.size() > LINES_KEPT) {
                        lastLines.removeFirst();
                    }
                }
                Matcher started = STARTED.matcher(line);
                if (started.find()) {
                    port.complete(Integer.parseInt(started.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("s3proxy exited"));
    }

    /** {@code http://127.0.0.1:port}. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
