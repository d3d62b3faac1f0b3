package io.fleetline.ota.update;

/** The job's target selection: {@code SNAPSHOT} (the targets at creation) or {@code CONTINUOUS} (groups as they grow). */
public enum OtaTargetSelection {
    CONTINUOUS,
    SNAPSHOT
}
