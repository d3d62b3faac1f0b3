package io.fleetline.simulator.fleet;

import java.time.Duration;
import java.util.List;

/**
 * The provisioned fleet: things in {@code group}, each with its certificate and key.
 *
 * @param created devices provisioned by this run
 * @param reused  devices found provisioned by an earlier run (in the group, their identity in the state directory)
 * @param took    how long provisioning took
 */
public record Fleet(String group, List<DeviceIdentity> devices, int created, int reused, Duration took) {
    public Fleet {
        devices = List.copyOf(devices);
    }
}
