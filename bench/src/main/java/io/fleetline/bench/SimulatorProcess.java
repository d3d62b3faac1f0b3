package io.fleetline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FleetSimulator} JVM as the fleet benchmark drives it: started with the benchmark's class path and its own
 * JVM options and GC log, commanded over its standard input, its answers read from its standard output (its log goes
 * to a file beside the GC log).
 */
final class SimulatorProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String group;
    private final int devices;
    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;
    private final GcLog gcLog;

    private SimulatorProcess(String group, int devices, Process process, GcLog gcLog) {
        this.group = group;
        this.devices = devices;
        this.process = process;
        this.gcLog = gcLog;
        this.commands = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts a simulator of {@code devices} things of {@code group}; its identities are kept under {@code stateDir}
     * (so a later run reuses them), its log and GC log in {@code logDir}.
     */
    static SimulatorProcess start(FleetlineBroker server, String group, int devices, Path stateDir, Path logDir,
                                  Path codeSigner, long bootDelayMillis, List<String> jvmOptions) throws IOException {
        GcLog gc = new GcLog(logDir.resolve(group + "-gc.log"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", gc.jvmOption()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FleetSimulator.class.getName(),
                server.dataDir().toString(), group, Integer.toString(devices), stateDir.toString(),
                codeSigner.toString(), Long.toString(bootDelayMillis)));
        Process process = new ProcessBuilder(command).redirectError(logDir.resolve(group + ".log").toFile()).start();
        return new SimulatorProcess(group, devices, process, gc);
    }

    /** Sends a command and waits for its answer. */
    JsonNode call(String command) throws IOException {
        commands.println(command);
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith("@@ ")) {
                JsonNode answer = JSON.readTree(line.substring(3));
                if (answer.has("error")) {
                    throw new IllegalStateException(group + ": " + answer.get("error").asText());
                }
                return answer;
            }
        }
        throw new IOException("the simulator of " + group + " exited (see its log)");
    }

    String group() {
        return group;
    }

    int devices() {
        return devices;
    }

    ProcessHandle process() {
        return process.toHandle();
    }

    GcLog gcLog() {
        return gcLog;
    }

    @Override
    public void close() {
        commands.println("quit");
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
