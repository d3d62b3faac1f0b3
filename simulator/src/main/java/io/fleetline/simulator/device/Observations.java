package io.fleetline.simulator.device;

import io.fleetline.agent.Step;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulated devices told the simulation, as their agents saw it: each job's devices and how far each got
 * (the phases the progress bars show), how each ended, and each device's connections and power cycles.
 */
public final class Observations {
    /** The phases of a job on a device, in order; a device only moves forward. */
    public enum Phase { NOTIFIED, DOWNLOADING, INSTALLING, DONE }

    /** One device's run of one job. */
    public static final class Trace {
        private final Instant seenAt;
        private volatile Phase phase = Phase.NOTIFIED;
        private volatile String status = "";
        private volatile Instant endedAt;
        private volatile String reason = "";

        Trace(Instant seenAt) {
            this.seenAt = seenAt;
        }

        /** When the device first reported on the job. */
        public Instant seenAt() {
            return seenAt;
        }

        public Phase phase() {
            return phase;
        }

        /** The terminal status the agent reported last; empty while it has reported none. */
        public String status() {
            return status;
        }

        public Optional<Instant> endedAt() {
            return Optional.ofNullable(endedAt);
        }

        /** Why the job failed, as the agent said in statusDetails; empty when it did not fail. */
        public String reason() {
            return reason;
        }
    }

    /** Devices of one job in each phase or past it. */
    private static final class JobCounts {
        final Map<String, Trace> devices = new ConcurrentHashMap<>();
        final AtomicLong[] reached = {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()};
    }

    private final Clock clock;
    private final Map<String, JobCounts> jobs = new ConcurrentHashMap<>();
    private final List<String> jobOrder = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> connections = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> powerCycles = new ConcurrentHashMap<>();
    private final AtomicLong connectedOnce = new AtomicLong();

    public Observations(Clock clock) {
        this.clock = clock;
    }

    void stepped(String thing, String jobId, Step step) {
        advance(thing, jobId, switch (step) {
            case DOWNLOADING, VERIFYING -> Phase.DOWNLOADING;
            case APPLYING, REBOOTING, SELF_TEST -> Phase.INSTALLING;
            case CONFIRMED, ROLLED_BACK -> Phase.DONE;
        });
    }

    void ended(String thing, String jobId, String status, Map<String, String> details) {
        Trace trace = advance(thing, jobId, Phase.DONE);
        trace.status = status;
        trace.reason = details.getOrDefault("reason", "");
        trace.endedAt = clock.instant();
    }

    void connected(String thing) {
        if (connections.computeIfAbsent(thing, t -> new AtomicLong()).incrementAndGet() == 1) {
            synchronized (connectedOnce) {
                connectedOnce.incrementAndGet();
                connectedOnce.notifyAll();
            }
        }
    }

    /** Waits until {@code devices} devices connected at least once, or {@code timeout} passed; true when they did. */
    public boolean awaitConnected(long devices, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (connectedOnce) {
            while (connectedOnce.get() < devices) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(connectedOnce, left);
            }
            return true;
        }
    }

    void powerCycled(String thing) {
        powerCycles.computeIfAbsent(thing, t -> new AtomicLong()).incrementAndGet();
    }

    private Trace advance(String thing, String jobId, Phase to) {
        JobCounts job = jobs.computeIfAbsent(jobId, id -> {
            jobOrder.add(id);
            return new JobCounts();
        });
        Trace trace = job.devices.computeIfAbsent(thing, t -> {
            job.reached[0].incrementAndGet();
            return new Trace(clock.instant());
        });
        synchronized (trace) {
            for (int p = trace.phase.ordinal() + 1; p <= to.ordinal(); p++) {
                job.reached[p].incrementAndGet();
            }
            if (to.compareTo(trace.phase) > 0) {
                trace.phase = to;
            }
        }
        return trace;
    }

    /** The jobs the devices have seen, in the order they were first seen. */
    public List<String> jobs() {
        return List.copyOf(jobOrder);
    }

    /** How many devices of {@code jobId} reached {@code phase} or went past it. */
    public long reached(String jobId, Phase phase) {
        JobCounts job = jobs.get(jobId);
        return job == null ? 0 : job.reached[phase.ordinal()].get();
    }

    /** A device's run of a job, if the device saw the job. */
    public Optional<Trace> trace(String jobId, String thing) {
        return Optional.ofNullable(jobs.get(jobId)).map(job -> job.devices.get(thing));
    }

    /** Devices that connected at least once. */
    public long connectedDevices() {
        return connectedOnce.get();
    }

    /** How often a device's agent connected (the first connection of each power-on included). */
    public long connections(String thing) {
        return connections.getOrDefault(thing, new AtomicLong()).get();
    }

    /** How often a device was rebooted, crashed or lost power. */
    public long powerCycles(String thing) {
        return powerCycles.getOrDefault(thing, new AtomicLong()).get();
    }
}
