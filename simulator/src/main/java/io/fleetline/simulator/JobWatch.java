package io.fleetline.simulator;

import io.fleetline.simulator.report.Facts;
import io.fleetline.simulator.report.Report;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Job;
import software.amazon.awssdk.services.iot.model.JobExecutionSummaryForJob;
import software.amazon.awssdk.services.iot.model.JobProcessDetails;
import software.amazon.awssdk.services.iot.model.JobStatus;
import software.amazon.awssdk.services.iot.model.JobSummary;
import software.amazon.awssdk.services.iot.model.TargetSelection;

/**
 * The server's view of the jobs the fleet takes part in: the jobs that target the fleet's group (created since the
 * simulation started, or not over when it did) and every job a device saw. Each {@link #poll} describes them, adds a
 * point to the timeline, and says whether they are all settled. While the server cannot be reached, polls record
 * nothing and settle nothing.
 */
final class JobWatch {
    private static final Logger LOG = LoggerFactory.getLogger(JobWatch.class);

    private final IotClient iot;
    private final String group;
    private final Instant since;
    private final Clock clock;
    private final Set<String> watched = new LinkedHashSet<>();
    private final Map<String, Job> last = new LinkedHashMap<>();
    private final List<Report.TimelinePoint> timeline = new ArrayList<>();
    private FleetStatus lastStatus = new FleetStatus(false, Map.of());

    JobWatch(IotClient iot, String group, Instant since, Clock clock) {
        this.iot = iot;
        this.group = group;
        this.since = since;
        this.clock = clock;
    }

    /** Describes the watched jobs (those the devices saw join them) and records a timeline point. */
    synchronized FleetStatus poll(Collection<String> seenByDevices) {
        try {
            for (JobSummary job : iot.listJobsPaginator(r -> r.thingGroupName(group)).jobs()) {
                boolean recent = job.createdAt() != null && !job.createdAt().isBefore(since.minusSeconds(1));
                boolean open = job.status() == JobStatus.IN_PROGRESS || job.status() == JobStatus.SCHEDULED;
                if (recent || open) {
                    watched.add(job.jobId());
                }
            }
            watched.addAll(seenByDevices);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String jobId : watched) {
                Job job = iot.describeJob(r -> r.jobId(jobId)).job();
                last.put(jobId, job);
                count(job.jobProcessDetails(), counts);
            }
            if (!watched.isEmpty()) {
                timeline.add(new Report.TimelinePoint(clock.instant(), counts));
            }
            lastStatus = status(true);
        } catch (SdkException e) {
            LOG.debug("the server did not answer a poll: {}", e.toString());
            lastStatus = status(false);
        }
        return lastStatus;
    }

    synchronized FleetStatus lastStatus() {
        return lastStatus;
    }

    private FleetStatus status(boolean reached) {
        Map<String, FleetStatus.JobState> jobs = new LinkedHashMap<>();
        last.forEach((id, job) -> {
            Map<String, Long> executions = new LinkedHashMap<>();
            count(job.jobProcessDetails(), executions);
            jobs.put(id, new FleetStatus.JobState(job.statusAsString(), settled(job), executions));
        });
        return new FleetStatus(reached, jobs);
    }

    /** A job is settled once it is over and none of its executions is queued or in progress. */
    private static boolean settled(Job job) {
        boolean over = switch (job.status()) {
            case COMPLETED, CANCELED, DELETION_IN_PROGRESS -> true;
            case IN_PROGRESS -> job.targetSelection() == TargetSelection.CONTINUOUS;
            default -> false;
        };
        return over && pending(job.jobProcessDetails()) == 0;
    }

    private static long pending(JobProcessDetails details) {
        return details == null ? 0 : value(details.numberOfQueuedThings()) + value(details.numberOfInProgressThings());
    }

    private static void count(JobProcessDetails d, Map<String, Long> counts) {
        if (d == null) {
            return;
        }
        add(counts, "QUEUED", d.numberOfQueuedThings());
        add(counts, "IN_PROGRESS", d.numberOfInProgressThings());
        add(counts, "SUCCEEDED", d.numberOfSucceededThings());
        add(counts, "FAILED", d.numberOfFailedThings());
        add(counts, "TIMED_OUT", d.numberOfTimedOutThings());
        add(counts, "REJECTED", d.numberOfRejectedThings());
        add(counts, "CANCELED", d.numberOfCanceledThings());
        add(counts, "REMOVED", d.numberOfRemovedThings());
    }

    private static void add(Map<String, Long> counts, String status, Integer n) {
        counts.merge(status, value(n), Long::sum);
    }

    private static long value(Integer n) {
        return n == null ? 0 : n;
    }

    synchronized List<Report.TimelinePoint> timeline() {
        return List.copyOf(timeline);
    }

    /** Each watched job with its executions, as the server lists them now; fails when it cannot be reached. */
    synchronized List<Facts.Job> jobs() {
        List<Facts.Job> jobs = new ArrayList<>();
        for (String jobId : watched) {
            List<Facts.Execution> executions = new ArrayList<>();
            for (JobExecutionSummaryForJob e : iot.listJobExecutionsForJobPaginator(r -> r.jobId(jobId)
                    .maxResults(250)).executionSummaries()) {
                var s = e.jobExecutionSummary();
                Instant queued = s.queuedAt() == null ? clock.instant() : s.queuedAt();
                executions.add(new Facts.Execution(e.thingArn().substring(e.thingArn().lastIndexOf('/') + 1),
                        s.statusAsString(), s.retryAttempt() == null ? 0 : s.retryAttempt(), queued,
                        s.lastUpdatedAt() == null ? queued : s.lastUpdatedAt()));
            }
            Job job = last.get(jobId);
            jobs.add(new Facts.Job(jobId, job == null ? "UNKNOWN" : job.statusAsString(), executions));
        }
        return jobs;
    }
}
