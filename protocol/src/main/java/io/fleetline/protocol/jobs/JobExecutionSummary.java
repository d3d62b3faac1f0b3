package io.fleetline.protocol.jobs;

import java.time.Instant;
import java.util.Optional;

/** A pending execution as GetPendingJobExecutions and {@code notify} list it. */
public record JobExecutionSummary(String jobId, Instant queuedAt, Optional<Instant> startedAt, Instant lastUpdatedAt,
                                  long versionNumber, long executionNumber) {
}
