package io.fleetline.jobs.job;

import io.fleetline.jobs.execution.ExecutionStatus;

/** The failures abort and retry criteria count: one status, or ALL of them. */
public enum FailureType {
    FAILED,
    REJECTED,
    TIMED_OUT,
    ALL;

    public boolean matches(ExecutionStatus status) {
        return switch (this) {
            case FAILED -> status == ExecutionStatus.FAILED;
            case REJECTED -> status == ExecutionStatus.REJECTED;
            case TIMED_OUT -> status == ExecutionStatus.TIMED_OUT;
            case ALL -> status == ExecutionStatus.FAILED || status == ExecutionStatus.REJECTED
                    || status == ExecutionStatus.TIMED_OUT;
        };
    }
}
