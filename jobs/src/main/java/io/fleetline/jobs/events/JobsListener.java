package io.fleetline.jobs.events;

import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.job.JobStatus;

/**
 * Hears how jobs move, in process, after each change committed: what operators count (the server binds it to its
 * metrics). Unlike the MQTT events of {@link JobEvents} it hears everything, whatever UpdateEventConfigurations says.
 *
 * <p>It runs on the thread that made the change (a device's request, the rollout engine's tick): it must be quick and
 * must not throw. Thing names and job ids are left out on purpose: a listener that counts by them grows without bound.
 */
public interface JobsListener {
    /** Hears nothing. */
    JobsListener NONE = new JobsListener() {
    };

    /** A rollout released {@code count} executions (they became QUEUED and their devices were told). */
    default void released(int count) {
    }

    /**
     * An execution entered {@code status}: IN_PROGRESS when its device started it, a terminal status when it ended (by
     * its device, a timeout, a cancellation or a removal). Releases are told by {@link #released} instead.
     */
    default void executionEntered(ExecutionStatus status) {
    }

    /** A job ended: COMPLETED, or CANCELED (by a caller, its schedule or its abort criteria). */
    default void jobEnded(JobStatus status) {
    }

    /** A job's abort criteria were met: the engine cancels it (and {@link #jobEnded} follows). */
    default void jobAborted() {
    }
}
