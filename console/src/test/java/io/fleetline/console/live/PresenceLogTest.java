package io.fleetline.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.bus.Presence;
import io.fleetline.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PresenceLogTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T10:30:00Z"));
    final PresenceLog log = new PresenceLog(clock);

    private void connect(String device) {
        log.accept(new Presence(device, true, clock.millis(), ""));
    }

    private void disconnect(String device, String reason) {
        log.accept(new Presence(device, false, clock.millis(), reason));
    }

    @Test
    void counts_who_is_connected_now_and_remembers_the_last_connect_and_disconnect() {
        connect("a");
        connect("b");
        connect("a");  // a reconnect without a disconnect between counts once
        clock.advance(Duration.ofMinutes(1));
        disconnect("b", "CLIENT_INITIATED_DISCONNECT");
        assertThat(log.connectedNow()).isEqualTo(1);
        PresenceLog.Seen b = log.seen("b").orElseThrow();
        assertThat(b.connected()).isFalse();
        assertThat(b.lastConnect()).hasValue(Instant.parse("2026-01-01T10:30:00Z"));
        assertThat(b.lastDisconnect()).hasValue(Instant.parse("2026-01-01T10:31:00Z"));
        assertThat(b.disconnectReason()).isEqualTo("CLIENT_INITIATED_DISCONNECT");
    }

    @Test
    void keeps_each_hours_peak_for_a_day() {
        connect("a");
        connect("b");
        disconnect("b", "");
        clock.advance(Duration.ofHours(1));
        connect("c");
        long[] day = log.lastDay();
        assertThat(day).hasSize(24);
        assertThat(day[22]).as("the hour before").isEqualTo(2);
        assertThat(day[23]).as("this hour").isEqualTo(2);
        clock.advance(Duration.ofHours(24));
        assertThat(log.lastDay()[0]).as("a day later the old hours are gone").isZero();
        assertThat(log.lastDay()[23]).isEqualTo(2);
    }
}
