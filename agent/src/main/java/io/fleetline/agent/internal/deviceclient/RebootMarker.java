package io.fleetline.agent.internal.deviceclient;

import io.fleetline.agent.internal.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What tells a job run after a restart that one of its steps rebooted the device: the Device Client's reboot handler
 * leaves a lock file holding the boot time, and on the next run finds the machine booted since. Here the file, in the
 * job's own work directory, says in which boot the reboot was asked for (the kernel's boot id, or the agent's life
 * where it only restarts itself: a run in the same boot finds the device did not reboot), which execution and which
 * step, so the job goes on after that step.
 */
final class RebootMarker {
    static final String FILE_NAME = ".device-client-reboot";
    /** The marker is three short lines; anything larger is not one this agent wrote. */
    private static final long MAX_SIZE = 1024;
    private final Path file;

    /** A reboot asked for in boot {@code boot}, in step {@code step} of execution {@code execution}. */
    record Entry(String boot, long execution, int step) {
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
            return Optional.of(new Entry(properties.getProperty("boot", properties.getProperty("agent-run", "")),
                    Long.parseLong(properties.getProperty("execution", "")),
                    Integer.parseInt(properties.getProperty("step", ""))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Writes the marker durably (synced, then moved into place) before the device reboots. */
    void write(Entry entry) throws IOException {
        String text = "boot=" + entry.boot() + "\nexecution=" + entry.execution() + "\nstep=" + entry.step() + "\n";
        AtomicFiles.DURABLE.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
