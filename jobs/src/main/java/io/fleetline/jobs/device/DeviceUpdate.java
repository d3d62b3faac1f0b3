package io.fleetline.jobs.device;

import io.fleetline.jobs.execution.ExecutionStatus;
import java.util.Map;
import java.util.Optional;

/**
 * UpdateJobExecution as a device sends it.
 *
 * @param statusDetails        replaces the execution's details; absent keeps them
 * @param stepTimeoutInMinutes starts (or restarts) the step timer; -1 stops it
 */
public record DeviceUpdate(ExecutionStatus status, Optional<Map<String, String>> statusDetails,
                           Optional<Long> expectedVersion, Optional<Long> executionNumber,
                           Optional<Long> stepTimeoutInMinutes) {
}
