package io.fleetline.broker.internal;

import io.fleetline.core.bus.MessageBus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lifecycle events as AWS IoT publishes them on {@code $aws/events/presence/connected|disconnected/{clientId}},
 * with a per-client version number that orders them.
 */
final class PresenceEvents {
    private final MessageBus bus;
    private final Clock clock;
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

    PresenceEvents(MessageBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    void connected(DeviceSession session) {
        publish("connected", session, "");
    }

    void disconnected(DeviceSession session, String reason) {
        publish("disconnected", session, ",\"clientInitiatedDisconnect\":"
                + reason.equals("CLIENT_INITIATED_DISCONNECT") + ",\"disconnectReason\":" + quote(reason));
    }

    private void publish(String eventType, DeviceSession session, String extra) {
        long version = versions.computeIfAbsent(session.clientId(), id -> new AtomicLong()).incrementAndGet();
        String json = "{\"clientId\":" + quote(session.clientId())
                + ",\"timestamp\":" + clock.millis()
                + ",\"eventType\":" + quote(eventType)
                + ",\"sessionIdentifier\":" + quote(session.sessionId())
                + ",\"principalIdentifier\":" + quote(session.certificate().map(c -> c.id()).orElse("anonymous"))
                + extra
                + ",\"versionNumber\":" + version + "}";
        bus.publish("$aws/events/presence/" + eventType + "/" + session.clientId(),
                json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** JSON string quoting for the few characters a client id or reason can hold. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
