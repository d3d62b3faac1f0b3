package io.fleetline.console.live;

import io.fleetline.core.bus.Presence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What the broker's presence events said, as the console shows it: who is connected now, each device's last connect
 * and disconnect, and the most devices connected at once in each of the last 24 hours. Kept in memory from the events
 * themselves (after a restart every device counts as disconnected until it connects again, as fleet indexing's
 * connectivity does); a thing's entry is one small record, the hours are 24 numbers.
 */
public final class PresenceLog implements Consumer<Presence> {
    /** A device's last connection and disconnection (epoch ms), and why it went away. */
    public record Seen(boolean connected, Optional<Instant> lastConnect, Optional<Instant> lastDisconnect,
                       String disconnectReason) {
    }

    private static final int HOURS = 24;
    private final Clock clock;
    private final Map<String, Seen> devices = new ConcurrentHashMap<>();
    /** Peak connected count per hour slot (epoch hour modulo 24), and which epoch hour each slot holds. */
    private final long[] peaks = new long[HOURS];
    private final long[] slotHour = new long[HOURS];
    private long connected;

    public PresenceLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void accept(Presence presence) {
        Seen before = devices.get(presence.clientId());
        Instant at = Instant.ofEpochMilli(presence.timestamp());
        boolean was = before != null && before.connected();
        Seen now = presence.connected()
                ? new Seen(true, Optional.of(at), before == null ? Optional.empty() : before.lastDisconnect(), "")
                : new Seen(false, before == null ? Optional.empty() : before.lastConnect(), Optional.of(at),
                        presence.disconnectReason());
        devices.put(presence.clientId(), now);
        connected += (presence.connected() ? 1 : 0) - (was ? 1 : 0);
        recordPeak();
    }

    /** Devices connected now. */
    public synchronized long connectedNow() {
        return connected;
    }

    public Optional<Seen> seen(String clientId) {
        return Optional.ofNullable(devices.get(clientId));
    }

    /** The most devices connected at once in each of the last 24 hours, the oldest first (0 for an hour unseen). */
    public synchronized long[] lastDay() {
        recordPeak();
        long hour = currentHour();
        long[] day = new long[HOURS];
        for (int i = 0; i < HOURS; i++) {
            long h = hour - (HOURS - 1) + i;
            int slot = (int) Math.floorMod(h, (long) HOURS);
            day[i] = slotHour[slot] == h ? peaks[slot] : 0;
        }
        return day;
    }

    /** A reset ended every session. */
    public synchronized void forget() {
        devices.clear();
        connected = 0;
        java.util.Arrays.fill(peaks, 0);
        java.util.Arrays.fill(slotHour, 0);
    }

    private void recordPeak() {
        long hour = currentHour();
        int slot = (int) Math.floorMod(hour, (long) HOURS);
        if (slotHour[slot] != hour) {
            slotHour[slot] = hour;
            peaks[slot] = connected;
        } else {
            peaks[slot] = Math.max(peaks[slot], connected);
        }
    }

    private long currentHour() {
        return clock.millis() / Duration.ofHours(1).toMillis();
    }
}
