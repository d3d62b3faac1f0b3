package io.fleetline.simulator.device;

import io.fleetline.agent.DeviceAgent;
import io.fleetline.simulator.profile.Cohort;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device: its slots and state directory, which outlive its agents, and the agent that runs on them now.
 * Powering on boots the slots and starts a new agent; a reboot, a crash or a power cut closes the agent and powers on
 * again after the boot delay (or the time offline), on the simulation's {@link Timers}.
 */
public final class SimulatedDevice {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDevice.class);

    private final String thingName;
    private final Cohort cohort;
    private final KeyManagerFactory keys;
    private final TrustManagerFactory trust;
    private final Path stateDirectory;
    private final MemorySlots slots;
    private final Duration bootDelay;
    private final Timers timers;
    private final Observations observations;
    private final Supplier<DeviceAgent.Builder> agents;
    private final Behaviour behaviour;
    private DeviceAgent agent;
    private boolean stopped;

    /**
     * @param agents a builder with what all the fleet's agents share (endpoint, durability); the device adds its own
     */
    public SimulatedDevice(String thingName, Cohort cohort, KeyManagerFactory keys, TrustManagerFactory trust,
                           Path stateDirectory, String factoryVersion, Duration bootDelay, Timers timers,
                           Observations observations, Supplier<DeviceAgent.Builder> agents) {
        this.thingName = thingName;
        this.cohort = cohort;
        this.keys = keys;
        this.trust = trust;
        this.stateDirectory = stateDirectory;
        this.slots = new MemorySlots(factoryVersion);
        this.bootDelay = bootDelay;
        this.timers = timers;
        this.observations = observations;
        this.agents = agents;
        this.behaviour = new Behaviour(this, cohort, observations);
    }

    public String thingName() {
        return thingName;
    }

    public Cohort cohort() {
        return cohort;
    }

    /** The version the device runs. */
    public String runningVersion() {
        return slots.runningVersion();
    }

    Duration bootDelay() {
        return bootDelay;
    }

    /** Boots the slots and starts a new agent on them (nothing once the device is stopped). */
    public void powerOn() {
        DeviceAgent started;
        synchronized (this) {
            if (stopped || agent != null) {
                return;
            }
            slots.boot();
            try {
                started = agents.get().thingName(thingName).tls(keys, trust).stateDirectory(stateDirectory).slots(slots)
                        .healthCheck(behaviour).downloadTap(behaviour).listener(behaviour)
                        .reboot(() -> cutPower(bootDelay)).build();
            } catch (RuntimeException e) {
                LOG.warn("{}: no agent could be built: {}", thingName, e.toString());
                return;
            }
            agent = started;
        }
        try {
            started.start();
        } catch (RuntimeException e) {
            LOG.warn("{}: the agent did not start: {}", thingName, e.toString());
        }
    }

    /**
     * The device goes down now (a reboot, a crash, a power cut) and boots again {@code downFor} later, once its agent
     * is closed. Called on the agent's own thread: the agent is closed from a timer's.
     */
    void cutPower(Duration downFor) {
        DeviceAgent dying;
        synchronized (this) {
            dying = agent;
            agent = null;
        }
        observations.powerCycled(thingName);
        Instant back = timers.now().plus(downFor);
        // the old agent is gone (its thread ended) before the device is powered on again: never two at once
        timers.after(Duration.ZERO, () -> {
            closeQuietly(dying);
            timers.at(back, this::powerOn);
        });
    }

    /** Powers the device off for good. */
    public void stop() {
        DeviceAgent last;
        synchronized (this) {
            stopped = true;
            last = agent;
            agent = null;
        }
        closeQuietly(last);
    }

    private void closeQuietly(DeviceAgent dying) {
        if (dying == null) {
            return;
        }
        try {
            dying.close();
        } catch (RuntimeException e) {
            LOG.debug("{}: closing the agent: {}", thingName, e.toString());
        }
    }
}
