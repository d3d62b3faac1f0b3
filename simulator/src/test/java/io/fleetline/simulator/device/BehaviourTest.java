package io.fleetline.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.agent.AgentListener;
import io.fleetline.agent.HealthCheck;
import io.fleetline.agent.Step;
import io.fleetline.core.time.ManualClock;
import io.fleetline.simulator.profile.Cohort;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BehaviourTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2025-06-01T10:00:00Z"));
    private final Timers timers = new Timers(clock, Duration.ofMillis(5));
    private final Observations observations = new Observations(clock);

    @AfterEach
    void stop() {
        timers.close();
    }

    /** Counted down when the device powers on again (it starts no agent here: none is needed). */
    private final CountDownLatch poweredOn = new CountDownLatch(1);

    private Behaviour behaving(Cohort cohort) {
        SimulatedDevice device = new SimulatedDevice("dev-1", cohort, null, null, Path.of("unused"), "1.0.0",
                Duration.ofSeconds(3), timers, observations, () -> {
                    poweredOn.countDown();
                    throw new IllegalStateException("no agent in this test");
                });
        return new Behaviour(device, cohort, observations);
    }

    @Test
    void a_healthy_device_keeps_what_it_receives_and_passes_its_health_check() throws IOException {
        Behaviour healthy = behaving(new Cohort.Healthy());
        byte[] chunk = {1, 2, 3};

        assertThat(healthy.chunk("job", 0, chunk)).isSameAs(chunk);
        assertThat(healthy.signature("job", chunk)).isSameAs(chunk);
        assertThat(healthy.check("2.0.0").passed()).isTrue();
        assertThatCode(() -> healthy.onStep("job", Step.APPLYING, Map.of())).doesNotThrowAnyException();
    }

    @Test
    void drops_the_download_once_a_job_at_the_first_chunk_past_its_offset() throws IOException {
        Behaviour dropping = behaving(new Cohort.DropMidDownload(1_000));

        assertThat(dropping.chunk("job-1", 0, new byte[1_000])).hasSize(1_000);
        assertThatThrownBy(() -> dropping.chunk("job-1", 1_000, new byte[1_000])).isInstanceOf(IOException.class);
        assertThat(dropping.chunk("job-1", 1_000, new byte[1_000])).as("the resumed download").hasSize(1_000);
        assertThatThrownBy(() -> dropping.chunk("job-2", 5_000, new byte[10])).isInstanceOf(IOException.class);
    }

    @Test
    void corrupts_the_first_chunk_of_every_download_and_every_signature() throws IOException {
        byte[] chunk = {10, 20, 30};

        assertThat(behaving(new Cohort.CorruptImage()).chunk("job", 0, chunk)).isNotEqualTo(chunk).hasSize(3)
                .endsWith(20, 30);
        assertThat(chunk).containsExactly(10, 20, 30);
        assertThat(behaving(new Cohort.CorruptImage()).chunk("job", 3, chunk)).isSameAs(chunk);
        assertThat(behaving(new Cohort.BadSignature()).signature("job", chunk)).isNotEqualTo(chunk).hasSize(3);
        assertThat(behaving(new Cohort.BadSignature()).signature("job", new byte[0])).hasSize(1);
    }

    @Test
    void fails_the_health_check_of_every_new_image() {
        HealthCheck.Result result = behaving(new Cohort.FailHealthCheck()).check("2.0.0");

        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).contains("2.0.0");
    }

    @Test
    void crashes_once_a_job_as_it_applies_and_boots_again_after_the_boot_delay() throws InterruptedException {
        Behaviour crashing = behaving(new Cohort.CrashMidInstall());

        assertThatCode(() -> crashing.onStep("job", Step.DOWNLOADING, Map.of())).doesNotThrowAnyException();
        assertThatThrownBy(() -> crashing.onStep("job", Step.APPLYING, Map.of()))
                .isInstanceOf(AgentListener.SimulatedCrash.class);
        assertThatCode(() -> crashing.onStep("job", Step.APPLYING, Map.of())).as("after the restart")
                .doesNotThrowAnyException();
        assertThat(observations.powerCycles("dev-1")).isEqualTo(1);
        assertThat(poweredOn.getCount()).as("not before the boot delay").isEqualTo(1);

        clock.advance(Duration.ofSeconds(3));
        assertThat(poweredOn.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void goes_offline_once_a_job_as_its_download_starts() {
        Behaviour offline = behaving(new Cohort.Offline(Duration.ofMinutes(15)));

        assertThatThrownBy(() -> offline.onStep("job", Step.DOWNLOADING, Map.of()))
                .isInstanceOf(AgentListener.SimulatedCrash.class).hasMessageContaining("PT15M");
        assertThatCode(() -> offline.onStep("job", Step.DOWNLOADING, Map.of())).doesNotThrowAnyException();
        assertThat(observations.trace("job", "dev-1")).get().extracting(Observations.Trace::phase)
                .isEqualTo(Observations.Phase.DOWNLOADING);
    }

    @Test
    void a_slow_link_takes_the_time_its_rate_gives() throws IOException {
        long start = System.nanoTime();
        behaving(new Cohort.Slow(100_000)).chunk("job", 0, new byte[20_000]);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
}
