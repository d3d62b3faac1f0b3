package io.fleetline.protocol.jobs;

import java.util.Optional;

/** The status of a job execution as the jobs device protocol names it. */
public enum JobExecutionStatus {
    QUEUED,
    IN_PROGRESS,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    REJECTED,
    REMOVED,
    CANCELED;

    /** The status a device named; {@code SUCCESS}, which the 2018 guide writes in places, means SUCCEEDED. */
    public static Optional<JobExecutionStatus> of(String name) {
        if ("SUCCESS".equals(name)) {
            return Optional.of(SUCCEEDED);
        }
        for (JobExecutionStatus status : values()) {
            if (status.name().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
