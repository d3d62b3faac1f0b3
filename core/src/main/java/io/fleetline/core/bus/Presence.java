package io.fleetline.core.bus;

/**
 * A device's connection came or went, as the broker's lifecycle events say it ({@code $aws/events/presence/...}):
 * the client id (the thing name, for devices that follow AWS's advice), when (epoch milliseconds), and, for a
 * disconnection, AWS's {@code disconnectReason} ({@code CLIENT_INITIATED_DISCONNECT}, ...).
 */
public record Presence(String clientId, boolean connected, long timestamp, String disconnectReason) {
    public Presence {
        if (connected && !disconnectReason.isEmpty()) {
            throw new IllegalArgumentException("a connection has no disconnect reason");
        }
    }
}
