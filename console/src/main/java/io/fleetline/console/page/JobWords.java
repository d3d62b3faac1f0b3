package io.fleetline.console.page;

import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobProcessDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A job's rollout, abort, timeout, retry and scheduling configuration said in words, and its abort criteria's state. */
final class JobWords {
    private JobWords() {
    }

    static String rollout(JobConfig config) {
        return config.rollout().map(r -> {
            String max = r.maximumPerMinute().map(m -> "at most " + m + " devices a minute").orElse("");
            return r.exponentialRate().map(e -> String.format(Locale.ROOT,
                    "Starts at %d devices a minute and multiplies the rate by %s each time %s%s",
                    e.baseRatePerMinute(), e.incrementFactor(), increase(e), max.isEmpty() ? "." : ", up to " + max + "."))
                    .orElse(max.isEmpty() ? "As fast as the engine releases." : "Releases " + max + ".");
        }).orElse("No rollout limit: every target is released at once.");
    }

    private static String increase(JobConfig.ExponentialRate e) {
        return e.notifiedThings().map(n -> "another " + n + " devices were notified")
                .or(() -> e.succeededThings().map(n -> "another " + n + " devices succeeded")).orElse("the rate grows");
    }

    static List<String> abort(JobConfig config) {
        return config.abort().stream().map(c -> String.format(Locale.ROOT,
                "Cancel the job when %s of executed devices ended %s, once at least %d devices finished.",
                percent(c.thresholdPercentage()), c.failureType(), c.minExecutedThings())).toList();
    }

    static String timeout(JobConfig config) {
        return config.inProgressTimeoutMinutes().map(m -> "An execution in progress times out after " + m
                + " minutes.").orElse("Executions in progress do not time out (unless a device sets a step timeout).");
    }

    static List<String> retry(JobConfig config) {
        return config.retry().stream().map(r -> "Retry executions that ended " + r.failureType() + " up to "
                + r.numberOfRetries() + " times.").toList();
    }

    static List<String> scheduling(JobConfig config) {
        List<String> words = new ArrayList<>();
        config.scheduling().ifPresent(s -> {
            s.startTimeText().ifPresent(t -> words.add("Starts at " + t + "."));
            s.endTimeText().ifPresent(t -> words.add("Ends at " + t + s.endBehavior().map(b -> " (" + b + ")")
                    .orElse("") + "."));
            s.maintenanceWindows().forEach(w -> words.add("Maintenance window " + w.startTime() + " for "
                    + w.durationInMinutes() + " minutes."));
        });
        return words;
    }

    /** One abort criterion against the counts now: the failures' share of executed devices. */
    record AbortState(JobConfig.AbortCriterion criterion, long failures, long executed, double percentage,
                      boolean armed) {
    }

    static List<AbortState> abortStates(JobConfig config, JobProcessDetails details) {
        long executed = details.finished();
        return config.abort().stream().map(c -> {
            long failures = 0;
            for (ExecutionStatus status : ExecutionStatus.values()) {
                if (c.failureType().matches(status)) {
                    failures += details.count(status);
                }
            }
            double percentage = executed == 0 ? 0 : 100.0 * failures / executed;
            return new AbortState(c, failures, executed, percentage, executed >= c.minExecutedThings());
        }).toList();
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }
}
