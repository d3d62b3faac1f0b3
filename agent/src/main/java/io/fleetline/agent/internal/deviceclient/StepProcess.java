package io.fleetline.agent.internal.deviceclient;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one step's program: no shell (the arguments reach it as they are), no standard input, its output drained into
 * bounded tails, and killed with everything it started if it outlives the step timeout.
 */
final class StepProcess {
    /**
     * How long to go on draining output after the program exited: a background child it left holding the pipes must
     * not hold the job.
     */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);
    private static final File NO_INPUT = new File("/dev/null");

    /** How the program ended; {@code exitCode} is meaningless when it {@code timedOut}. */
    record Result(int exitCode, boolean timedOut, long stderrLines) {
    }

    private StepProcess() {
    }

    static Result run(List<String> argv, Path workingDirectory, Duration timeout, OutputTail stdout,
                      OutputTail stderr) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT)).start();
        AtomicLong stderrLines = new AtomicLong();
        Thread out = Thread.ofVirtual().start(() -> drain(process.getInputStream(), stdout, new AtomicLong()));
        Thread err = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), stderr, stderrLines));
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        if (!exited) {
            kill(process);
        }
        out.join(DRAIN_GRACE);
        err.join(DRAIN_GRACE);
        return new Result(exited ? process.exitValue() : -1, !exited, stderrLines.get());
    }

    /** Kills the program and what it started (a handler's wget, a command's children). */
    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }

    /** Copies a stream into its tail, counting lines (a last line without a line break counts too). */
    private static void drain(InputStream stream, OutputTail tail, AtomicLong lines) {
        byte[] buffer = new byte[8192];
        boolean inLine = false;
        try (stream) {
            for (int n; (n = stream.read(buffer)) >= 0; ) {
                tail.write(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines.incrementAndGet();
                    }
                }
                inLine = n > 0 ? buffer[n - 1] != '\n' : inLine;
            }
        } catch (IOException e) {
            // the stream closed under us (the program was killed): what was read is what there is
        }
        if (inLine) {
            lines.incrementAndGet();
        }
    }
}
