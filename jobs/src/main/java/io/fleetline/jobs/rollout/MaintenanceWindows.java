package io.fleetline.jobs.rollout;

import io.fleetline.jobs.job.JobConfig;
import java.time.Instant;
import java.util.Optional;

/** Whether a job may release now: always without maintenance windows, else only while one is open. */
final class MaintenanceWindows {
    private MaintenanceWindows() {
    }

    static boolean open(Optional<JobConfig.Scheduling> scheduling, Instant now) {
        if (scheduling.isEmpty() || scheduling.get().maintenanceWindows().isEmpty()) {
            return true;
        }
        return scheduling.get().maintenanceWindows().stream().anyMatch(w -> w.isOpen(now));
    }
}
