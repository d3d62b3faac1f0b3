package io.fleetline.simulator.device;

import io.fleetline.agent.BootSlots;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * A simulated device's A/B slots, in memory: they outlive the device's agents (a simulated reboot starts a new agent
 * on the same slots) but not the simulation. An image's bytes are read to the end and dropped, so that thousands of
 * devices need no memory for their images; the slot keeps the version. {@link #boot} is the bootloader: it boots a
 * slot tried by {@link #tryInactive} once, on trial, and the confirmed slot at any other boot.
 */
public final class MemorySlots implements BootSlots {
    private final String[] versions = new String[2];
    private int confirmed;
    private int booted;
    private boolean trialNext;

    /** Slots whose first holds {@code factoryVersion}, confirmed and booted. */
    public MemorySlots(String factoryVersion) {
        versions[0] = factoryVersion;
    }

    /** A boot: the slot tried last, once, on trial; otherwise the confirmed one (an unconfirmed trial falls back). */
    public synchronized void boot() {
        booted = trialNext ? 1 - confirmed : confirmed;
        trialNext = false;
    }

    @Override
    public synchronized String runningVersion() {
        return versions[booted];
    }

    @Override
    public synchronized boolean onTrial() {
        return booted != confirmed;
    }

    @Override
    public synchronized Optional<String> inactiveVersion() {
        return Optional.ofNullable(versions[1 - booted]);
    }

    @Override
    public void writeInactive(String version, InputStream image) throws IOException {
        image.transferTo(OutputStream.nullOutputStream());
        synchronized (this) {
            versions[1 - booted] = version;
            trialNext = false;
        }
    }

    @Override
    public synchronized void tryInactive() throws IOException {
        if (versions[1 - booted] == null || onTrial()) {
            throw new IOException("no image to try: the inactive slot is " + (onTrial() ? "the fallback" : "empty"));
        }
        trialNext = true;
    }

    @Override
    public synchronized void confirm() {
        confirmed = booted;
    }

    @Override
    public synchronized void rollBack() {
        trialNext = false;
    }
}
