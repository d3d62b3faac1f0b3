package io.fleetline.console.page;

import io.fleetline.console.ConsoleServices;
import io.fleetline.console.html.Html;
import io.fleetline.console.live.JobProgress;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobProcessDetails;
import io.fleetline.jobs.plan.JobPlanService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One job: its live progress (chart and table, updated by server-sent events), its configuration in words, its abort
 * criteria against their thresholds, the devices that failed, were rejected or timed out with their details, and the
 * operator's buttons (cancel; approve, pause and resume for a Fleetline rollout plan).
 */
public final class JobPage {
    static final int FAILURES_SHOWN = 50;
    private static final List<ExecutionStatus> FAILURES = List.of(ExecutionStatus.FAILED, ExecutionStatus.REJECTED,
            ExecutionStatus.TIMED_OUT);

    /** What the page shows. */
    record View(Job job, JobProgress.Sample now, List<JobProgress.Sample> history, Optional<JobPlanService.PlanView> plan,
                Map<ExecutionStatus, List<JobExecution>> failures) {
    }

    private JobPage() {
    }

    /** Loads the job (not found: {@code ResourceNotFoundException}) with its counts as the watcher sees them. */
    static View load(ConsoleServices services, JobProgress progress, String jobId) {
        Job job = services.jobs().jobs().describe(jobId);
        JobProgress.Sample now = progress.watch(jobId);
        try {
            Map<ExecutionStatus, List<JobExecution>> failures = new java.util.EnumMap<>(ExecutionStatus.class);
            for (ExecutionStatus status : FAILURES) {
                // asked only when the counts say there are some: finding none may read every execution of the job
                failures.put(status, now.count(status) == 0 ? List.of() : services.jobs().executions().listForJob(
                        jobId, Optional.of(status), new PageRequest(FAILURES_SHOWN, Optional.empty())).items());
            }
            return new View(job, now, progress.history(jobId), plan(services, jobId), failures);
        } finally {
            progress.unwatch(jobId);
        }
    }

    private static Optional<JobPlanService.PlanView> plan(ConsoleServices services, String jobId) {
        try {
            return Optional.of(services.jobs().plans().get(jobId));
        } catch (FleetlineException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public static Html render(ConsoleServices services, JobProgress progress, String csrf, String jobId) {
        View view = load(services, progress, jobId);
        Job job = view.job();
        String base = "/console/jobs/" + Html.segment(job.jobId());
        return Layout.page("Job " + job.jobId(), csrf, Html.of("""
                <h1>Job <span id="job-id">{}</span></h1>
                <p>Status: <span class="status" id="job-status">{}</span>{}</p>{}
                <div class="actions">{}</div>
                <section aria-labelledby="progress-h" hx-ext="sse" sse-connect="{}/events">
                <h2 id="progress-h">Progress</h2>
                <div class="progress">
                <div id="progress-chart" class="chart" role="img"
                 aria-label="Executions by status over time; the table beside the chart has the numbers"></div>
                <div id="progress-live" sse-swap="progress" aria-live="polite">{}</div>
                <div id="signed-out" sse-swap="signed-out" hidden></div>
                </div>
                <details><summary>History</summary>{}</details>
                </section>
                <section aria-labelledby="config-h"><h2 id="config-h">Configuration</h2><ul>{}</ul></section>
                <section aria-labelledby="abort-h"><h2 id="abort-h">Abort criteria now</h2>{}</section>
                {}
                <section aria-labelledby="failures-h"><h2 id="failures-h">Failed, rejected and timed-out devices</h2>{}
                </section>""",
                job.jobId(), job.status(), job.reasonCode().map(r -> " (" + r + ")").orElse(""),
                job.description().map(d -> Html.of("<p>{}</p>", d)).orElse(Html.EMPTY),
                actions(view, base, csrf), base, ProgressTable.render(view.now()),
                ProgressTable.history(view.history()), configuration(job), abort(job, view.now()),
                plan(view.plan()), failures(view.failures())));
    }

    private static Html actions(View view, String base, String csrf) {
        List<Html> buttons = new ArrayList<>();
        if (view.job().status().active()) {
            buttons.add(Layout.button(base + "/cancel", csrf, "Cancel job", "danger"));
        }
        view.plan().filter(p -> view.job().status().active()).ifPresent(plan -> {
            if (plan.state().awaitingApproval()) {
                buttons.add(Layout.button(base + "/approve", csrf, "Approve next cohort", ""));
            }
            buttons.add(plan.state().paused() ? Layout.button(base + "/resume", csrf, "Resume rollout", "")
                    : Layout.button(base + "/pause", csrf, "Pause rollout", ""));
        });
        return Html.join(buttons);
    }

    private static Html configuration(Job job) {
        List<String> lines = new ArrayList<>();
        lines.add("Targets (" + job.targetSelection() + "): " + String.join(", ", job.targets()));
        lines.add(JobWords.rollout(job.config()));
        lines.addAll(JobWords.abort(job.config()));
        lines.add(JobWords.timeout(job.config()));
        lines.addAll(JobWords.retry(job.config()));
        lines.addAll(JobWords.scheduling(job.config()));
        lines.add("Created " + Layout.time(job.createdAt()) + "; last updated " + Layout.time(job.lastUpdatedAt())
                + job.completedAt().map(at -> "; completed " + Layout.time(at)).orElse("") + ".");
        return Html.join(lines.stream().map(line -> Html.of("<li>{}</li>", line)).toList());
    }

    private static Html abort(Job job, JobProgress.Sample now) {
        if (job.config().abort().isEmpty()) {
            return Html.of("<p>No abort criteria.</p>");
        }
        JobProcessDetails details = new JobProcessDetails(now.counts());
        return Html.of("""
                <table id="abort-criteria"><thead><tr><th scope="col">Failure type</th><th scope="col">Now</th>
                <th scope="col">Threshold</th><th scope="col">Executed / minimum</th></tr></thead><tbody>{}</tbody></table>""",
                JobWords.abortStates(job.config(), details).stream().map(s -> Html.of(
                        "<tr><th scope=\"row\">{}</th><td>{} ({} of {})</td><td>{}</td><td>{} / {}{}</td></tr>",
                        s.criterion().failureType(), JobWords.percent(s.percentage()), s.failures(), s.executed(),
                        JobWords.percent(s.criterion().thresholdPercentage()), s.executed(),
                        s.criterion().minExecutedThings(), s.armed() ? "" : " (not yet counted)")).toList());
    }

    private static Html plan(Optional<JobPlanService.PlanView> plan) {
        return plan.map(p -> Html.of("""
                <section aria-labelledby="plan-h"><h2 id="plan-h">Rollout plan</h2><p>{}</p>
                <table><thead><tr><th scope="col">Cohort</th><th scope="col">Status</th><th scope="col">Size</th>
                <th scope="col">Released</th><th scope="col">Succeeded</th><th scope="col">Failed</th></tr></thead>
                <tbody>{}</tbody></table></section>""",
                p.state().paused() ? "Paused: " + p.state().pausedReason().orElse("") : "Running.",
                p.cohorts().stream().map(c -> Html.of(
                        "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        c.cohort().name(), c.status(), c.size(), c.released(), c.succeeded(), c.failed())).toList()))
                .orElse(Html.EMPTY);
    }

    private static Html failures(Map<ExecutionStatus, List<JobExecution>> failures) {
        List<Html> rows = new ArrayList<>();
        failures.forEach((status, executions) -> executions.forEach(e -> rows.add(Html.of(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", Layout.thingLink(e.thingName()), status,
                details(e.statusDetails()), Layout.time(e.lastUpdatedAt())))));
        if (rows.isEmpty()) {
            return Html.of("<p>None so far.</p>");
        }
        return Html.of("""
                <div class="scroll"><table id="failures"><thead><tr><th scope="col">Device</th><th scope="col">Status</th>
                <th scope="col">Status details</th><th scope="col">Updated</th></tr></thead><tbody>{}</tbody></table>
                </div><p class="hint">At most {} of each status are listed.</p>""", rows, FAILURES_SHOWN);
    }

    static Html details(Map<String, String> statusDetails) {
        if (statusDetails.isEmpty()) {
            return Html.of("—");
        }
        return Html.of("<dl class=\"details\">{}</dl>", new java.util.TreeMap<>(statusDetails).entrySet().stream()
                .map(d -> Html.of("<dt>{}</dt><dd>{}</dd>", d.getKey(), d.getValue())).toList());
    }
}
