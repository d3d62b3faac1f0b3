package io.fleetline.simulator.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a report is made from: the devices at the end, and each job's executions as the server lists them. */
public final class Facts {
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "REJECTED", "TIMED_OUT", "CANCELED",
            "REMOVED");

    private Facts() {
    }

    /** A device at the end of the simulation. */
    public record Device(String thing, String cohort, String version, long powerCycles, long reconnects) {
    }

    /** A device's latest execution of a job; {@code retryAttempt} is how many retries came before it. */
    public record Execution(String thing, String status, long retryAttempt, Instant queuedAt,
                            Instant lastUpdatedAt) {
        boolean terminal() {
            return TERMINAL.contains(status);
        }

        double seconds() {
            return Duration.between(queuedAt, lastUpdatedAt).toMillis() / 1000.0;
        }
    }

    /** A job as the server describes it, with its executions. */
    public record Job(String jobId, String status, List<Execution> executions) {
        public Job {
            executions = List.copyOf(executions);
        }
    }

    /** The report of these facts. */
    public static Report report(Report header, List<Device> devices, List<Job> jobs) {
        Map<String, List<Device>> byCohort = devices.stream().collect(Collectors.groupingBy(Device::cohort,
                () -> new TreeMap<>(Comparator.comparing((String c) -> !c.equals("healthy")).thenComparing(c -> c)),
                Collectors.toList()));
        List<Report.CohortSummary> cohorts = new ArrayList<>();
        byCohort.forEach((cohort, members) -> cohorts.add(new Report.CohortSummary(cohort, members.size(),
                members.stream().collect(Collectors.groupingBy(Device::version, TreeMap::new, Collectors.counting())),
                members.stream().mapToLong(Device::powerCycles).sum(),
                members.stream().mapToLong(Device::reconnects).sum())));
        List<Report.JobOutcome> outcomes = jobs.stream().map(job -> outcome(job, byCohort)).toList();
        return new Report(header.group(), devices.size(), header.seed(), header.startedAt(), header.endedAt(),
                header.stoppedBecause(), header.provisioning(), cohorts, outcomes, header.timeline());
    }

    private static Report.JobOutcome outcome(Job job, Map<String, List<Device>> byCohort) {
        Map<String, Execution> byThing = job.executions().stream()
                .collect(Collectors.toMap(Execution::thing, Function.identity(), (a, b) -> a));
        List<Report.CohortOutcome> cohorts = new ArrayList<>();
        byCohort.forEach((cohort, members) -> {
            List<Execution> executions = members.stream().map(d -> byThing.get(d.thing()))
                    .filter(java.util.Objects::nonNull).toList();
            Map<String, Long> statuses = new TreeMap<>(executions.stream()
                    .collect(Collectors.groupingBy(Execution::status, Collectors.counting())));
            long unreached = members.size() - executions.size();
            if (unreached > 0) {
                statuses.put(Report.NOT_REACHED, unreached);
            }
            cohorts.add(new Report.CohortOutcome(cohort, members.size(), statuses,
                    Report.Percentiles.of(executions.stream().filter(Execution::terminal).map(Execution::seconds)
                            .toList()),
                    executions.stream().mapToLong(Execution::retryAttempt).sum()));
        });
        return new Report.JobOutcome(job.jobId(), job.status(), cohorts);
    }
}
