package io.fleetline.simulator.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a simulated fleet did: for each cohort, the versions its devices ended on and how often they restarted and
 * reconnected; for each job, how each cohort's executions ended, how long they took and how often they were retried;
 * and the timeline of the jobs' executions by status.
 *
 * @param stoppedBecause {@code settled} (every job the fleet saw ended), {@code duration} (time was up) or
 *                       {@code interrupted}
 */
public record Report(String group, int fleet, long seed, Instant startedAt, Instant endedAt, String stoppedBecause,
                     Provisioning provisioning, List<CohortSummary> cohorts, List<JobOutcome> jobs,
                     List<TimelinePoint> timeline) {
    /** The outcome of a device that never had an execution of a job. */
    public static final String NOT_REACHED = "NOT_REACHED";

    public Report {
        cohorts = List.copyOf(cohorts);
        jobs = List.copyOf(jobs);
        timeline = List.copyOf(timeline);
    }

    /** How the fleet was provisioned: devices made by this run, devices found from an earlier one. */
    public record Provisioning(int created, int reused, double seconds) {
    }

    /** A cohort's devices: the versions they run at the end (version → devices), power cycles, reconnections. */
    public record CohortSummary(String cohort, int devices, Map<String, Long> versions, long powerCycles,
                                long reconnects) {
        public CohortSummary {
            versions = Map.copyOf(versions);
        }
    }

    /** A job as the server ended it ({@code status}), and how each cohort's devices fared in it. */
    public record JobOutcome(String jobId, String status, List<CohortOutcome> cohorts) {
        public JobOutcome {
            cohorts = List.copyOf(cohorts);
        }
    }

    /**
     * A cohort's executions of one job: devices by final status ({@link #NOT_REACHED} for none), how long the ended
     * ones took from release to their end, and the retries the server made.
     */
    public record CohortOutcome(String cohort, int devices, Map<String, Long> outcomes, Percentiles seconds,
                                long retries) {
        public CohortOutcome {
            outcomes = Map.copyOf(outcomes);
        }
    }

    /** Durations in seconds; zeros when there were none. */
    public record Percentiles(double p50, double p95, double max) {
        /** Nearest-rank percentiles of {@code values}. */
        public static Percentiles of(List<Double> values) {
            if (values.isEmpty()) {
                return new Percentiles(0, 0, 0);
            }
            List<Double> sorted = values.stream().sorted().toList();
            return new Percentiles(rank(sorted, 50), rank(sorted, 95), sorted.getLast());
        }

        private static double rank(List<Double> sorted, int percentile) {
            int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, index));
        }
    }

    /** The executions of the jobs the fleet saw, by status, at one moment (summed over the jobs). */
    public record TimelinePoint(Instant at, Map<String, Long> executions) {
        public TimelinePoint {
            executions = Map.copyOf(executions);
        }
    }
}
