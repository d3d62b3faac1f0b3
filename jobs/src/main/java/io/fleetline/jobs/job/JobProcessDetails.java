package io.fleetline.jobs.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.jobs.execution.ExecutionStatus;
import java.util.EnumMap;
import java.util.Map;

/**
 * DescribeJob's counters: how many of the job's things have their latest execution in each status (a retried
 * thing counts once, by its latest attempt).
 */
public record JobProcessDetails(Map<ExecutionStatus, Long> counts) {
    public JobProcessDetails {
        EnumMap<ExecutionStatus, Long> all = new EnumMap<>(ExecutionStatus.class);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            all.put(status, counts.getOrDefault(status, 0L));
        }
        counts = Map.copyOf(all);
    }

    public long count(ExecutionStatus status) {
        return counts.get(status);
    }

    /** Things whose execution reached a terminal status. */
    public long finished() {
        return counts.entrySet().stream().filter(e -> e.getKey().terminal()).mapToLong(Map.Entry::getValue).sum();
    }

    /** Things that were notified: every execution released so far. */
    public long notified() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long pending() {
        return count(ExecutionStatus.QUEUED) + count(ExecutionStatus.IN_PROGRESS);
    }

    public ObjectNode write(ObjectNode out) {
        out.put("numberOfCanceledThings", count(ExecutionStatus.CANCELED));
        out.put("numberOfSucceededThings", count(ExecutionStatus.SUCCEEDED));
        out.put("numberOfFailedThings", count(ExecutionStatus.FAILED));
        out.put("numberOfRejectedThings", count(ExecutionStatus.REJECTED));
        out.put("numberOfQueuedThings", count(ExecutionStatus.QUEUED));
        out.put("numberOfInProgressThings", count(ExecutionStatus.IN_PROGRESS));
        out.put("numberOfRemovedThings", count(ExecutionStatus.REMOVED));
        out.put("numberOfTimedOutThings", count(ExecutionStatus.TIMED_OUT));
        return out;
    }
}
