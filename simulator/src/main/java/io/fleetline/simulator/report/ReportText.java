package io.fleetline.simulator.report;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A report as the terminal shows it at the end of a run: a few lines per cohort and per job. */
public final class ReportText {
    private ReportText() {
    }

    public static String write(Report report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Fleet %s: %d devices (%d provisioned, %d reused in %.1f s), seed %d, "
                        + "%s to %s, stopped: %s%n", report.group(), report.fleet(), report.provisioning().created(),
                report.provisioning().reused(), report.provisioning().seconds(), report.seed(), report.startedAt(),
                report.endedAt(), report.stoppedBecause()));
        out.append(String.format(Locale.ROOT, "%n%-18s %8s %12s %10s  %s%n", "cohort", "devices", "power cycles",
                "reconnects", "versions at the end"));
        for (Report.CohortSummary cohort : report.cohorts()) {
            out.append(String.format(Locale.ROOT, "%-18s %8d %12d %10d  %s%n", cohort.cohort(), cohort.devices(),
                    cohort.powerCycles(), cohort.reconnects(), counts(cohort.versions())));
        }
        for (Report.JobOutcome job : report.jobs()) {
            out.append(String.format(Locale.ROOT, "%nJob %s (%s)%n%-18s %8s %8s %8s %8s %8s  %s%n", job.jobId(),
                    job.status(), "cohort", "devices", "p50 s", "p95 s", "max s", "retries", "outcomes"));
            for (Report.CohortOutcome cohort : job.cohorts()) {
                out.append(String.format(Locale.ROOT, "%-18s %8d %8.1f %8.1f %8.1f %8d  %s%n", cohort.cohort(),
                        cohort.devices(), cohort.seconds().p50(), cohort.seconds().p95(), cohort.seconds().max(),
                        cohort.retries(), counts(cohort.outcomes())));
            }
        }
        return out.toString();
    }

    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
