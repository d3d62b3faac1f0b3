package io.fleetline.agent;

/**
 * How the agent "reboots" into a newly switched slot. After {@link #reboot} returns the agent stops; what starts it
 * again is the device's (a supervisor restarting the process, or the simulator starting a new agent on the same state).
 */
@FunctionalInterface
public interface Reboot {
    /** Reboots the device (or its simulation). The slots and the journal are durable by now. */
    void reboot();
}
