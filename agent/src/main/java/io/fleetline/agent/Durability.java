package io.fleetline.agent;

/**
 * How hard the agent works to keep its state through a power cut ({@link DeviceAgent.Builder#durability}). Either
 * way every file of its state (the journal, an update's phase, the blocks a download holds, the slots' boot control)
 * is replaced atomically, by a rename: a crash of the agent's process leaves the old file or the new one, never a
 * part.
 */
public enum Durability {
    /**
     * Each change is forced to the disk before the agent goes on (the file, then its directory), so that a power cut
     * at any moment leaves the state the agent last acted on. For a real device.
     */
    FULL,
    /**
     * Nothing is forced: the operating system writes the state back when it will. A power cut may lose the last
     * changes; a killed process loses nothing. For simulated devices, whose "power cut" is the process's own, and
     * which would otherwise spend the machine's disk on thousands of devices' fsyncs.
     */
    NONE
}
