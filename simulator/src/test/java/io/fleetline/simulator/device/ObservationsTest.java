package io.fleetline.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.agent.Step;
import io.fleetline.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservationsTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2025-06-01T10:00:00Z"));
    private final Observations observations = new Observations(clock);

    @Test
    void counts_each_device_once_per_phase_it_reached_or_passed() {
        observations.stepped("a", "job", Step.DOWNLOADING);
        observations.stepped("a", "job", Step.VERIFYING);
        observations.stepped("a", "job", Step.APPLYING);
        observations.stepped("b", "job", Step.DOWNLOADING);
        observations.stepped("b", "job", Step.DOWNLOADING);  // a resumed download
        observations.ended("c", "job", "REJECTED", Map.of("reason", "no handler"));

        assertThat(observations.reached("job", Observations.Phase.NOTIFIED)).isEqualTo(3);
        assertThat(observations.reached("job", Observations.Phase.DOWNLOADING)).isEqualTo(3);
        assertThat(observations.reached("job", Observations.Phase.INSTALLING)).isEqualTo(2);
        assertThat(observations.reached("job", Observations.Phase.DONE)).isEqualTo(1);
        assertThat(observations.trace("job", "c")).get().extracting(Observations.Trace::reason)
                .isEqualTo("no handler");
        assertThat(observations.jobs()).containsExactly("job");
    }

    @Test
    void waits_for_devices_to_connect_once_each() throws InterruptedException {
        observations.connected("a");
        observations.connected("a");

        assertThat(observations.awaitConnected(2, Duration.ofMillis(50))).isFalse();
        Thread.ofVirtual().start(() -> observations.connected("b"));
        assertThat(observations.awaitConnected(2, Duration.ofSeconds(10))).isTrue();
        assertThat(observations.connections("a")).isEqualTo(2);
    }
}
