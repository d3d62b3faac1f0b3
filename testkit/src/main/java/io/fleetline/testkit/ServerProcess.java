package io.fleetline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code fleetline serve} in a child JVM, for what only a real process shows: exit codes, SIGTERM, and
 * {@code kill -9} in the middle of writes. Start-up is awaited by reading the "ready" line it prints.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final List<String> output;
    private final CompletableFuture<Void> drained;

    private ServerProcess(Process process, List<String> output, CompletableFuture<Void> drained) {
        this.process = process;
        this.output = output;
        this.drained = drained;
    }

    /** Starts {@code serve} with the given flags and waits until it is ready or has exited. */
    public static ServerProcess serve(String... flags) {
        return serve(java.util.Map.of(), flags);
    }

    /** Like {@link #serve(String...)}, with extra environment variables (TMPDIR, FLEETLINE_*). */
    public static ServerProcess serve(java.util.Map<String, String> environment, String... flags) {
        return serve(List.of(), environment, flags);
    }

    /**
     * Like {@link #serve(java.util.Map, String...)}, with options for the server's JVM ({@code -Xmx192m}, system
     * properties), as an operator passes them in {@code FLEETLINE_JAVA_OPTS}.
     */
    public static ServerProcess serve(List<String> jvmOptions, java.util.Map<String, String> environment,
                                      String... flags) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");  // as ./fleetline runs it: see the launcher
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.fleetline.server.Main", "serve"));
        command.addAll(Arrays.asList(flags));
        return start(command, environment);
    }

    /**
     * {@code <launcher> serve <flags>}: the server as the README starts it, through the {@code fleetline} script (which
     * picks the JDK and the JVM's flags), with this JVM's JDK as {@code JAVA_HOME}.
     */
    public static ServerProcess launch(Path launcher, String... flags) {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "serve"));
        command.addAll(Arrays.asList(flags));
        return start(command, java.util.Map.of("JAVA_HOME", System.getProperty("java.home")));
    }

    private static ServerProcess start(List<String> command, java.util.Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> ready = new CompletableFuture<>();
            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        output.add(line);
                        if (line.startsWith("fleetline: ready")) {
                            ready.complete(null);
                        }
                    }
                } catch (IOException e) {
                    // the process went away; what it printed is in output
                }
                ready.complete(null);
            });
            ready.get(120, TimeUnit.SECONDS);
            return new ServerProcess(process, output, drained);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the server process did not get ready", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end and answers its exit code. */
    public int waitForExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the server did not exit within 60 s");
            }
            drained.get(10, TimeUnit.SECONDS);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** The endpoint.json the server wrote into {@code dataDir}. */
    public static JsonNode endpoint(Path dataDir) {
        try {
            return new ObjectMapper().readTree(dataDir.resolve("endpoint.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as an operator or a service manager stops it. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
