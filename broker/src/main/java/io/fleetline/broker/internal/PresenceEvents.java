package io.fleetline.broker.internal;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.bus.Presence;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Lifecycle events as AWS IoT publishes them on {@code $aws/events/presence/connected|disconnected/{clientId}},
 * with a per-client version number that orders them.
 */
final class PresenceEvents {
    private final MessageBus bus;
    private final Clock clock;
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    private final List<BiConsumer<AccountScope, Presence>> listeners = new CopyOnWriteArrayList<>();

    PresenceEvents(MessageBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    /** Forgets the version numbers (a reset: every session ended). */
    void forget() {
        versions.clear();
    }

    /**
     * Tells {@code listener} of every connection and disconnection in process, before the event is published: who
     * hears the event can count on the listeners having seen it (fleet indexing answers it at once).
     */
    void listen(BiConsumer<AccountScope, Presence> listener) {
        listeners.add(listener);
    }

    void connected(DeviceSession session) {
        long now = clock.millis();
        tell(session, new Presence(session.deviceClientId(), true, now, ""));
        publish("connected", session, "", now);
    }

    void disconnected(DeviceSession session, String reason) {
        long now = clock.millis();
        tell(session, new Presence(session.deviceClientId(), false, now, reason));
        publish("disconnected", session, ",\"clientInitiatedDisconnect\":"
                + reason.equals("CLIENT_INITIATED_DISCONNECT") + ",\"disconnectReason\":" + quote(reason), now);
    }

    private void tell(DeviceSession session, Presence presence) {
        listeners.forEach(listener -> listener.accept(session.account().scope(), presence));
    }

    /** {@code $aws/events/subscriptions/subscribed|unsubscribed/{clientId}} with the topic filters concerned. */
    void subscriptions(DeviceSession session, boolean subscribed, java.util.List<String> topics) {
        String eventType = subscribed ? "subscribed" : "unsubscribed";
        String list = topics.stream().map(PresenceEvents::quote).collect(java.util.stream.Collectors.joining(",", "[", "]"));
        String json = event(eventType, session, ",\"topics\":" + list, clock.millis());
        bus.publish(session.account().inside("$aws/events/subscriptions/" + eventType + "/" + session.deviceClientId()),
                json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private void publish(String eventType, DeviceSession session, String extra, long timestamp) {
        long version = versions.computeIfAbsent(session.clientId(), id -> new AtomicLong()).incrementAndGet();
        String json = event(eventType, session, extra + ",\"versionNumber\":" + version, timestamp);
        bus.publish(session.account().inside("$aws/events/presence/" + eventType + "/" + session.deviceClientId()),
                json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private String event(String eventType, DeviceSession session, String extra, long timestamp) {
        return "{\"clientId\":" + quote(session.deviceClientId())
                + ",\"timestamp\":" + timestamp
                + ",\"eventType\":" + quote(eventType)
                + ",\"sessionIdentifier\":" + quote(session.sessionId())
                + ",\"principalIdentifier\":" + quote(session.certificate().map(c -> c.id()).orElse("anonymous"))
                + extra + "}";
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
