package io.fleetline.agent.internal;

import io.fleetline.agent.AgentListener.SimulatedCrash;
import io.fleetline.agent.BootSlots;
import io.fleetline.agent.DeviceAgent;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The agent: boots (opens the slots), then runs {@link Life lives} one after another on a virtual thread of its own.
 * A life ends when the agent is closed, crashes (a {@link SimulatedCrash}), or reboots; with the built-in reboot the
 * next life starts in this process on freshly opened slots, which for {@link DirectorySlots} is a boot.
 */
final class JobsAgent implements DeviceAgent {
    private final AgentSettings settings;
    private final Object lock = new Object();
    private BootSlots slots;
    private Life life;
    private Thread thread;
    private boolean closed;

    JobsAgent(AgentSettings settings) {
        this.settings = settings;
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException("the agent was started already");
            }
            boot();
            thread = Thread.ofVirtual().name("agent-" + settings.thingName()).start(this::live);
        }
    }

    private void boot() {
        try {
            slots = settings.slots().open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the boot slots", e);
        }
    }

    private void live() {
        while (true) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                life = new Life(settings, slots, () -> settings.reboot().ifPresent(r -> r.reboot()));
            }
            Life.End end = life.run();
            synchronized (lock) {
                if (end != Life.End.REBOOTED || closed || settings.reboot().isPresent()) {
                    return;
                }
                boot();  // the built-in reboot: a new life on freshly opened slots
            }
        }
    }

    @Override
    public String runningVersion() {
        synchronized (lock) {
            if (slots == null) {
                boot();
            }
            try {
                return slots.runningVersion();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            closed = true;
            running = thread;
            if (life != null) {
                life.stop();
            }
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
