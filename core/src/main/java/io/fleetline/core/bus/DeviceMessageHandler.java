package io.fleetline.core.bus;

/** Handles a device's message on a reserved topic. */
@FunctionalInterface
public interface DeviceMessageHandler {
    void handle(DeviceMessage message);
}
