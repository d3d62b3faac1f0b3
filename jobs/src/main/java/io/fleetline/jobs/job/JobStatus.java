package io.fleetline.jobs.job;

/** A job's status. SCHEDULED waits for its start time; COMPLETED and CANCELED are final. */
public enum JobStatus {
    SCHEDULED,
    IN_PROGRESS,
    CANCELED,
    COMPLETED,
    DELETION_IN_PROGRESS;

    /** Whether the job still releases executions or may still complete. */
    public boolean active() {
        return this == SCHEDULED || this == IN_PROGRESS;
    }
}
