package io.fleetline.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The device's two firmware slots (A/B) and its boot control: which slot boots, whether that boot is on trial. The
 * agent writes an update to the inactive slot, marks it to boot once on trial ({@link #tryInactive}), and after the
 * reboot either {@link #confirm confirms} it or {@link #rollBack rolls back}. A trial boot that is never confirmed
 * falls back to the previous slot, as a bootloader would: at every moment one slot holds a confirmed image.
 *
 * <p>Implementations make each change durable before returning (the agent may be killed right after).
 */
public interface BootSlots {
    /** The version the device runs now (the booted slot's). */
    String runningVersion() throws IOException;

    /** Whether the booted slot is on trial: switched to by an update and not yet confirmed. */
    boolean onTrial() throws IOException;

    /** The version held by the inactive slot, when it holds one. */
    Optional<String> inactiveVersion() throws IOException;

    /** Writes an image to the inactive slot, replacing what it held; the booted slot is untouched. */
    void writeInactive(String version, InputStream image) throws IOException;

    /** Boots the inactive slot next, on trial; the current slot stays the fallback. */
    void tryInactive() throws IOException;

    /** Keeps the slot booted on trial: it becomes the confirmed one. */
    void confirm() throws IOException;

    /** Returns to the fallback slot: the next boot is of the previous, confirmed image. */
    void rollBack() throws IOException;

    /** Slots as two files and a boot-control file in {@code directory}, each change written atomically. */
    static BootSlots directory(java.nio.file.Path directory, String factoryVersion) throws IOException {
        return io.fleetline.agent.internal.DirectorySlots.open(directory, factoryVersion);
    }
}
