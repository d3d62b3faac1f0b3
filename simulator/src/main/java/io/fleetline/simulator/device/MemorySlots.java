package io.fleetline.simulator.device;

import io.fleetline.agent.BootSlots;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * A simulated device's A/B slots, in memory: they outlive the device's agents (a simulated reboot starts a new agent
 * on the same slots) but not the simulation. They behave as the agent's own directory slots do; an image's bytes are
 * read to the end and dropped, so that thousands of devices need no memory for their images, and the slot keeps the
 * version. {@link #boot} is the bootloader: a trial asked for boots once, on trial; a trial boot that comes back
 * unconfirmed falls back to the confirmed slot.
 */
public final class MemorySlots implements BootSlots {
    private enum Trial { NONE, PENDING, BOOTED }

    private final String[] versions = new String[2];
    private int confirmed;
    private int booted;
    private Trial trial = Trial.NONE;

    /** Slots whose first holds {@code factoryVersion}, confirmed and booted. */
    public MemorySlots(String factoryVersion) {
        versions[0] = factoryVersion;
    }

    /** A boot: a pending trial boots on trial; a trial booted before and never confirmed falls back. */
    public synchronized void boot() {
        trial = switch (trial) {
            case NONE -> Trial.NONE;
            case PENDING -> Trial.BOOTED;
            case BOOTED -> Trial.NONE;
        };
        booted = trial == Trial.BOOTED ? 1 - confirmed : confirmed;
    }

    @Override
    public synchronized String runningVersion() {
        return versions[booted];
    }

    @Override
    public synchronized boolean onTrial() {
        return booted != confirmed && trial == Trial.BOOTED;
    }

    @Override
    public synchronized Optional<String> inactiveVersion() {
        return Optional.ofNullable(versions[1 - booted]);
    }

    @Override
    public void writeInactive(String version, InputStream image) throws IOException {
        synchronized (this) {
            if (1 - booted == confirmed) {
                throw new IllegalStateException("the inactive slot holds the confirmed image of a trial boot;"
                        + " confirm or roll back first");
            }
            versions[1 - booted] = null;
            trial = Trial.NONE;
        }
        image.transferTo(OutputStream.nullOutputStream());
        synchronized (this) {
            versions[1 - booted] = version;
        }
    }

    @Override
    public synchronized void tryInactive() {
        if (1 - booted == confirmed || versions[1 - booted] == null) {
            throw new IllegalStateException("the inactive slot holds no new image to try");
        }
        trial = Trial.PENDING;
    }

    @Override
    public synchronized void confirm() {
        if (onTrial()) {
            confirmed = booted;
            trial = Trial.NONE;
        }
    }

    @Override
    public synchronized void rollBack() {
        trial = Trial.NONE;
    }
}
