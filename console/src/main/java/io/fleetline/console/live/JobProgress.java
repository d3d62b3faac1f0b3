package io.fleetline.console.live;

import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.job.JobProcessDetails;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live progress of the jobs someone watches: one sampler counts each watched job's executions by status once per
 * interval, however many consoles watch it, and keeps the samples where the counts changed (the chart's history, at
 * most {@value #MAX_SAMPLES}). Each open console's stream waits for a newer sample; nothing is counted for a job nobody
 * watches (a job stops being sampled {@link #LINGER} after its last viewer left, its history is dropped then too).
 */
public final class JobProgress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobProgress.class);
    static final int MAX_SAMPLES = 720;
    static final Duration LINGER = Duration.ofMinutes(5);

    /** The counts at one moment. */
    public record Sample(Instant at, Map<ExecutionStatus, Long> counts, long version) {
        public long count(ExecutionStatus status) {
            return counts.getOrDefault(status, 0L);
        }
    }

    private static final class Track {
        final ArrayDeque<Sample> samples = new ArrayDeque<>();
        long version;
        int watchers;
        Instant lastWatched;
    }

    private final Function<String, JobProcessDetails> counter;
    private final Clock clock;
    private final Map<String, Track> tracks = new HashMap<>();
    private final ScheduledExecutorService sampler;
    private boolean closed;

    /**
     * @param counter  a job's counts, as DescribeJob's {@code jobProcessDetails} has them
     * @param interval how often a watched job is counted
     */
    public JobProgress(Function<String, JobProcessDetails> counter, Clock clock, Duration interval) {
        this.counter = counter;
        this.clock = clock;
        this.sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("fleetline-console-progress").factory());
        sampler.scheduleWithFixedDelay(this::sampleAll, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * A viewer starts watching: the job is counted now (a page shows the counts as they are when it loads, and the
     * sample joins the history when they changed), then on every interval while anyone watches.
     */
    public Sample watch(String jobId) {
        synchronized (this) {
            Track track = tracks.computeIfAbsent(jobId, id -> new Track());
            track.watchers++;
            track.lastWatched = clock.instant();
        }
        try {
            return sample(jobId).orElseThrow();
        } catch (RuntimeException e) {
            unwatch(jobId);
            throw e;
        }
    }

    public synchronized void unwatch(String jobId) {
        Track track = tracks.get(jobId);
        if (track != null) {
            track.watchers--;
            track.lastWatched = clock.instant();
        }
    }

    /** The samples kept for the job, the oldest first (empty when nobody watched it lately). */
    public synchronized List<Sample> history(String jobId) {
        Track track = tracks.get(jobId);
        return track == null ? List.of() : List.copyOf(track.samples);
    }

    /** Waits up to {@code timeout} for a sample newer than {@code version}; empty when none came or on close. */
    public synchronized Optional<Sample> next(String jobId, long version, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            Track track = tracks.get(jobId);
            // a reset may have dropped the samples since the version moved on: wait for the next one then
            if (track != null && track.version > version && !track.samples.isEmpty()) {
                return Optional.of(track.samples.getLast());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return Optional.empty();
    }

    /** Counts every watched job now (the sampler does this each interval; tests and benchmarks may call it). */
    public void sampleAll() {
        List<String> watched;
        synchronized (this) {
            Instant now = clock.instant();
            tracks.values().removeIf(t -> t.watchers <= 0 && !now.isBefore(t.lastWatched.plus(LINGER)));
            watched = List.copyOf(tracks.keySet());
        }
        for (String jobId : watched) {
            try {
                sample(jobId);
            } catch (RuntimeException e) {
                LOG.debug("could not count job {}: {}", jobId, e.getMessage());
            }
        }
    }

    private Optional<Sample> sample(String jobId) {
        Map<ExecutionStatus, Long> counts = counter.apply(jobId).counts();
        synchronized (this) {
            Track track = tracks.get(jobId);
            if (track == null) {
                return Optional.empty();
            }
            if (!track.samples.isEmpty() && track.samples.getLast().counts().equals(counts)) {
                return Optional.of(track.samples.getLast());
            }
            track.version++;
            track.samples.addLast(new Sample(clock.instant(), counts, track.version));
            if (track.samples.size() > MAX_SAMPLES) {
                track.samples.removeFirst();
            }
            notifyAll();
            return Optional.of(track.samples.getLast());
        }
    }

    /** Forgets every job's history (a reset). */
    public synchronized void forget() {
        tracks.values().forEach(t -> t.samples.clear());
    }

    /** Stops counting and wakes every waiting stream, which then ends. */
    @Override
    public void close() {
        sampler.shutdownNow();
        synchronized (this) {
            closed = true;
            notifyAll();
        }
    }
}
