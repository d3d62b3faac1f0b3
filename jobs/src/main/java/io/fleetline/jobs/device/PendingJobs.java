package io.fleetline.jobs.device;

import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A thing's pending executions, oldest queued first: what GetPendingJobExecutions lists and what decides the
 * "next" execution ($next, start-next, notify-next): the oldest IN_PROGRESS one, else the oldest QUEUED one.
 */
public record PendingJobs(String thingName, List<JobExecution> executions) {
    public PendingJobs {
        executions = List.copyOf(executions);
    }

    public List<JobExecution> inProgress() {
        return executions.stream().filter(e -> e.status() == ExecutionStatus.IN_PROGRESS).toList();
    }

    public List<JobExecution> queued() {
        return executions.stream().filter(e -> e.status() == ExecutionStatus.QUEUED).toList();
    }

    public Optional<JobExecution> next() {
        // every device request and every release asks this: one pass, no lists built
        JobExecution firstQueued = null;
        for (JobExecution e : executions) {
            if (e.status() == ExecutionStatus.IN_PROGRESS) {
                return Optional.of(e);
            }
            if (firstQueued == null && e.status() == ExecutionStatus.QUEUED) {
                firstQueued = e;
            }
        }
        return Optional.ofNullable(firstQueued);
    }

    /**
     * This list once {@code written}, the latest attempt of its job on this thing, is stored: the one it replaces
     * updated in place, or gone when it ended. Empty when that cannot be told without reading the list again: it
     * joins the list, or its place in the order (queuedAt) moved.
     */
    public Optional<PendingJobs> after(JobExecution written) {
        List<JobExecution> changed = new ArrayList<>(executions);
        for (int i = 0; i < changed.size(); i++) {
            JobExecution current = changed.get(i);
            if (!current.jobId().equals(written.jobId())) {
                continue;
            }
            if (!written.status().pending()) {
                changed.remove(i);
            } else if (current.queuedAt().equals(written.queuedAt())) {
                changed.set(i, written);
            } else {
                return Optional.empty();
            }
            return Optional.of(new PendingJobs(thingName, changed));
        }
        return written.status().pending() ? Optional.empty() : Optional.of(this);
    }

    /** Whether the list notify describes differs: an execution came or went, or one changed status. */
    public boolean listDiffersFrom(PendingJobs other) {
        if (executions.size() != other.executions.size()) {
            return true;
        }
        for (int i = 0; i < executions.size(); i++) {
            JobExecution mine = executions.get(i);
            if (!sameAttempt(mine, other.executions.get(i)) || mine.status() != other.executions.get(i).status()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the next execution is another one (not merely updated). */
    public boolean nextDiffersFrom(PendingJobs other) {
        Optional<JobExecution> mine = next();
        Optional<JobExecution> theirs = other.next();
        return mine.isPresent() != theirs.isPresent() || (mine.isPresent() && !sameAttempt(mine.get(), theirs.get()));
    }

    private static boolean sameAttempt(JobExecution a, JobExecution b) {
        return a.executionNumber() == b.executionNumber() && a.jobId().equals(b.jobId());
    }
}
