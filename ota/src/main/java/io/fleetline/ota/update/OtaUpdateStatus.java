package io.fleetline.ota.update;

/**
 * Where an OTA update is in its life. Creation runs after CreateOTAUpdate answers: {@code CREATE_PENDING} (recorded),
 * {@code CREATE_IN_PROGRESS} (the worker took it up), then {@code CREATE_COMPLETE} or {@code CREATE_FAILED}.
 * DeleteOTAUpdate makes it {@code DELETE_IN_PROGRESS} until it is gone, or {@code DELETE_FAILED} when a part refused.
 */
public enum OtaUpdateStatus {
    CREATE_PENDING,
    CREATE_IN_PROGRESS,
    CREATE_COMPLETE,
    CREATE_FAILED,
    DELETE_IN_PROGRESS,
    DELETE_FAILED;

    /** Whether the worker still has something to do for an update in this status. */
    public boolean unfinished() {
        return this == CREATE_PENDING || this == CREATE_IN_PROGRESS || this == DELETE_IN_PROGRESS;
    }

    /** Whether creation is still under way (the update may yet get a stream and a job). */
    public boolean creating() {
        return this == CREATE_PENDING || this == CREATE_IN_PROGRESS;
    }
}
