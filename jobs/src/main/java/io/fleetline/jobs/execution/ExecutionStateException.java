package io.fleetline.jobs.execution;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;

/**
 * A device's update refused because of where its execution stands: an impossible transition, or a version other
 * than the one it expected. Devices are told the execution's state with the refusal (MQTT {@code executionState}).
 */
public final class ExecutionStateException extends FleetlineException {
    private final transient JobExecution execution;
    private final boolean versionMismatch;

    private ExecutionStateException(String message, JobExecution execution, boolean versionMismatch) {
        // the jobs data plane has no version-conflict error: both are its InvalidStateTransitionException (409)
        super(ErrorCode.INVALID_STATE_TRANSITION, message);
        this.execution = execution;
        this.versionMismatch = versionMismatch;
    }

    public static ExecutionStateException transition(JobExecution execution, String message) {
        return new ExecutionStateException(message, execution, false);
    }

    public static ExecutionStateException versionMismatch(JobExecution execution, long expected) {
        return new ExecutionStateException("The job execution is at version " + execution.versionNumber()
                + ", not the expected " + expected, execution, true);
    }

    public JobExecution execution() {
        return execution;
    }

    /** True for VersionMismatch, false for InvalidStateTransition. */
    public boolean versionMismatch() {
        return versionMismatch;
    }
}
