package io.fleetline.search;

/**
 * A thing's connectivity as fleet indexing shows it: connected or not, since when (epoch milliseconds), and why it
 * went away ({@code disconnectReason} empty while connected or when unknown).
 */
public record Connectivity(boolean connected, long timestamp, String disconnectReason) {
    public Connectivity {
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp must not be negative");
        }
        if (connected && !disconnectReason.isEmpty()) {
            throw new IllegalArgumentException("a connected thing has no disconnect reason");
        }
    }

    public static Connectivity connected(long timestamp) {
        return new Connectivity(true, timestamp, "");
    }

    public static Connectivity disconnected(long timestamp, String reason) {
        return new Connectivity(false, timestamp, reason);
    }
}
