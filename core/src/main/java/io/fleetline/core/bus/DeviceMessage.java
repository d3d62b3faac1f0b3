package io.fleetline.core.bus;

/** A message a device published: who sent it, where, and what. */
public record DeviceMessage(String clientId, String topic, byte[] payload, int qos) {
}
