package io.fleetline.jobs.execution;

import java.util.EnumSet;
import java.util.Set;

/** The status of a job execution, as AWS IoT Jobs names them. QUEUED and IN_PROGRESS are pending; the rest end it. */
public enum ExecutionStatus {
    QUEUED,
    IN_PROGRESS,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    REJECTED,
    REMOVED,
    CANCELED;

    /** What a device may report in UpdateJobExecution. */
    public static final Set<ExecutionStatus> DEVICE_REPORTABLE = EnumSet.of(IN_PROGRESS, SUCCEEDED, FAILED, REJECTED);

    public boolean pending() {
        return this == QUEUED || this == IN_PROGRESS;
    }

    public boolean terminal() {
        return !pending();
    }

    /**
     * Whether a device may move an execution from this status to {@code next}: pending executions only, to a status
     * a device may report; QUEUED → IN_PROGRESS starts it, IN_PROGRESS → IN_PROGRESS reports progress.
     */
    public boolean deviceMayMoveTo(ExecutionStatus next) {
        return pending() && DEVICE_REPORTABLE.contains(next);
    }

    /** Parses a status a device sent; {@code SUCCESS}, which the 2018 guide writes in places, means SUCCEEDED. */
    public static ExecutionStatus parse(String text) {
        return "SUCCESS".equals(text) ? SUCCEEDED : valueOf(text);
    }
}
