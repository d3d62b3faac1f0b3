package io.fleetline.agent.internal.deviceclient;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What tells a job run after a restart that one of its steps rebooted the device: the Device Client's reboot handler
 * leaves a lock file holding the boot time, and on the next run finds the machine booted since. Here the file says
 * which agent run asked for the reboot (a run that finds its own marker did not reboot), which execution and which
 * step, so the job goes on after that step.
 */
final class RebootMarker {
    static final String FILE_NAME = ".device-client-reboot";
    /** The marker is three short lines; anything larger is not one this agent wrote. */
    private static final long MAX_SIZE = 1024;
    private final Path file;

    /** A reboot asked for by agent run {@code agentRun}, in step {@code step} of execution {@code execution}. */
    record Entry(String agentRun, long execution, int step) {
    }

    RebootMarker(Path workDirectory) {
        this.file = workDirectory.resolve(FILE_NAME);
    }

    Optional<Entry> read() throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) > MAX_SIZE) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        try {
            return Optional.of(new Entry(properties.getProperty("agent-run", ""),
                    Long.parseLong(properties.getProperty("execution", "")),
                    Integer.parseInt(properties.getProperty("step", ""))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Writes the marker durably (synced, then moved into place) before the device reboots. */
    void write(Entry entry) throws IOException {
        Path partial = file.resolveSibling(FILE_NAME + ".partial");
        String text = "agent-run=" + entry.agentRun() + "\nexecution=" + entry.execution() + "\nstep=" + entry.step()
                + "\n";
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
