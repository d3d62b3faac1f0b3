package io.fleetline.jobs.execution;

import io.fleetline.jobs.JobStore;
import io.fleetline.jobs.JobTx;
import io.fleetline.jobs.device.Notifier;
import io.fleetline.jobs.device.PendingJobs;
import io.fleetline.jobs.events.JobEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Changes to one thing's executions, made in one transaction, and then told: the device gets notify and
 * notify-next when its pending list or next execution changed, and executions that ended get their events. Every
 * path that changes an execution (the device API, the control plane, the rollout engine) goes through here, so no
 * change goes untold.
 */
public final class ExecutionUpdates {
    private final JobStore store;
    private final Notifier notifier;
    private final JobEvents events;

    public ExecutionUpdates(JobStore store, Notifier notifier, JobEvents events) {
        this.store = store;
        this.notifier = notifier;
        this.events = events;
    }

    /** Collects, inside the transaction, the executions that ended in it. */
    public static final class Ended {
        private final List<JobExecution> executions = new ArrayList<>();

        public void add(JobExecution execution) {
            executions.add(execution);
        }
    }

    /** Runs {@code work} on the thing's executions, then tells the device and the event topics what changed. */
    public <T> T onThing(String thingName, BiFunction<JobTx, Ended, T> work) {
        Ended ended = new Ended();
        record Outcome<T>(T value, PendingJobs before, PendingJobs after) {
        }
        Outcome<T> outcome = store.transact(tx -> {
            ended.executions.clear();  // a retried transaction starts over
            PendingJobs before = new PendingJobs(thingName, tx.pendingExecutions(thingName));
            T value = work.apply(tx, ended);
            return new Outcome<>(value, before, new PendingJobs(thingName, tx.pendingExecutions(thingName)));
        });
        notifier.changed(outcome.before(), outcome.after());
        // abort criteria and completion are the engine's, at its next tick: waking it for every ended execution
        // would have it count a big job's executions hundreds of times a second
        ended.executions.forEach(execution -> {
            events.executionEntered(execution.status());
            events.executionEnded(execution);
        });
        return outcome.value();
    }

    /** What work on one of a thing's executions stored: the execution as written, and whether a retry was queued. */
    public record Written<T>(T value, Optional<JobExecution> execution, boolean retried) {
        public static <T> Written<T> nothing(T value) {
            return new Written<>(value, Optional.empty(), false);
        }
    }

    /** Work that changes at most one of a thing's executions (and may queue its retry), given the pending list. */
    @FunctionalInterface
    public interface PendingWork<T> {
        Written<T> apply(JobTx tx, PendingJobs before);
    }

    /**
     * {@link #onThing} for the device's own requests, the busiest path: the work gets the pending list it starts
     * from, and the list after it is worked out from what it wrote instead of being read again, unless that cannot
     * be told (a retry was queued, or an execution joined the list).
     */
    public <T> T onPending(String thingName, PendingWork<T> work) {
        record Outcome<T>(Written<T> written, PendingJobs before, PendingJobs after) {
        }
        Outcome<T> outcome = store.transactLockingRows(tx -> {
            PendingJobs before = new PendingJobs(thingName, tx.pendingExecutions(thingName));
            Written<T> written = work.apply(tx, before);
            Optional<PendingJobs> after = written.retried() ? Optional.empty()
                    : written.execution().map(before::after).orElse(Optional.of(before));
            return new Outcome<>(written, before,
                    after.orElseGet(() -> new PendingJobs(thingName, tx.pendingExecutions(thingName))));
        });
        notifier.changed(outcome.before(), outcome.after());
        outcome.written().execution().filter(e -> entered(outcome.before(), e))
                .ifPresent(e -> events.executionEntered(e.status()));
        outcome.written().execution().filter(e -> e.status().terminal()).ifPresent(events::executionEnded);
        return outcome.written().value();
    }

    /** Whether {@code written} moved its execution into another status than it had in {@code before}. */
    private static boolean entered(PendingJobs before, JobExecution written) {
        return before.executions().stream().noneMatch(e -> e.jobId().equals(written.jobId())
                && e.status() == written.status());
    }

    /** Tells things their pending lists after the rollout released the job's executions to them. */
    public void released(List<String> thingNames, String jobId) {
        if (!thingNames.isEmpty()) {
            events.released(thingNames.size());
        }
        Map<String, List<JobExecution>> pending = store.read(tx -> tx.pendingExecutions(thingNames));
        for (String thingName : thingNames) {
            PendingJobs now = new PendingJobs(thingName, pending.getOrDefault(thingName, List.of()));
            List<JobExecution> before = now.executions().stream().filter(e -> !e.jobId().equals(jobId)).toList();
            notifier.changed(new PendingJobs(thingName, before), now);
        }
    }
}
