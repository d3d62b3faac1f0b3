package io.fleetline.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.time.ManualClock;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.job.JobProcessDetails;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobProgressTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Map<String, Map<ExecutionStatus, Long>> counts = new ConcurrentHashMap<>();
    final AtomicInteger counted = new AtomicInteger();
    /** The sampler's own schedule is far off: the test counts rounds itself with sampleAll(). */
    final JobProgress progress = new JobProgress(jobId -> {
        counted.incrementAndGet();
        return new JobProcessDetails(counts.getOrDefault(jobId, Map.of()));
    }, clock, Duration.ofHours(1));

    @AfterEach
    void close() {
        progress.close();
    }

    @Test
    void a_job_is_counted_once_a_round_however_many_watch_it() {
        progress.watch("job");
        progress.watch("job");
        progress.watch("job");
        counted.set(0);
        progress.sampleAll();
        assertThat(counted).hasValue(1);
    }

    @Test
    void keeps_a_sample_only_when_the_counts_changed_and_wakes_the_waiting_stream() throws Exception {
        JobProgress.Sample first = progress.watch("job");
        progress.sampleAll();
        assertThat(progress.history("job")).hasSize(1);
        assertThat(progress.next("job", first.version(), Duration.ZERO)).isEmpty();

        counts.put("job", Map.of(ExecutionStatus.SUCCEEDED, 3L));
        clock.advance(Duration.ofSeconds(2));
        progress.sampleAll();
        JobProgress.Sample next = progress.next("job", first.version(), Duration.ZERO).orElseThrow();
        assertThat(next.count(ExecutionStatus.SUCCEEDED)).isEqualTo(3);
        assertThat(progress.history("job")).extracting(JobProgress.Sample::version).containsExactly(1L, 2L);
    }

    @Test
    void stops_counting_a_job_some_minutes_after_its_last_viewer_left() {
        progress.watch("job");
        progress.unwatch("job");
        clock.advance(JobProgress.LINGER.minusSeconds(1));
        counted.set(0);
        progress.sampleAll();
        assertThat(counted).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        counted.set(0);
        progress.sampleAll();
        assertThat(counted).hasValue(0);
        assertThat(progress.history("job")).isEmpty();
    }

    @Test
    void a_job_that_cannot_be_counted_leaves_no_watcher_behind() {
        JobProgress failing = new JobProgress(jobId -> {
            throw new IllegalStateException("no such job");
        }, clock, Duration.ofHours(1));
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.watch("gone"))
                    .isInstanceOf(IllegalStateException.class);
            clock.advance(JobProgress.LINGER);
            failing.sampleAll();
            assertThat(failing.history("gone")).isEmpty();
        } finally {
            failing.close();
        }
    }
}
