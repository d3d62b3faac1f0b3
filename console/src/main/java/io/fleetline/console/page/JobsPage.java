package io.fleetline.console.page;

import io.fleetline.console.ConsoleServices;
import io.fleetline.console.html.Html;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobFilter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Jobs and OTA updates (the jobs named {@code AFR_OTA-...} that OTA updates create), a page at a time. */
public final class JobsPage {
    static final int PAGE = 50;
    private static final String OTA_PREFIX = "AFR_OTA-";

    private JobsPage() {
    }

    public static Html render(ConsoleServices services, String csrf, Optional<String> nextToken) {
        Page<Job> page = services.jobs().jobs().list(new JobFilter(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), PageRequest.of(PAGE, nextToken.orElse(null), PAGE));
        Html more = page.nextToken().map(token -> Html.of("<p><a href=\"/console/jobs?next={}\">More jobs</a></p>",
                URLEncoder.encode(token, StandardCharsets.UTF_8))).orElse(Html.EMPTY);
        Html rows = Html.join(page.items().stream().map(job -> Html.of("""
                <tr><td>{}</td><td>{}</td><td><span class="status status-{}">{}</span></td><td>{}</td><td>{}</td></tr>""",
                Layout.jobLink(job.jobId()), job.jobId().startsWith(OTA_PREFIX) ? "OTA update" : "Job",
                job.status().name().toLowerCase(java.util.Locale.ROOT), job.status(),
                job.targetSelection(), Layout.time(job.createdAt()))).toList());
        return Layout.page("Jobs", csrf, Html.of("""
                <h1>Jobs and OTA updates</h1>
                <div class="scroll"><table id="jobs"><caption class="visually-hidden">Jobs, newest first</caption>
                <thead><tr><th scope="col">Job</th><th scope="col">Kind</th><th scope="col">Status</th>
                <th scope="col">Targets</th><th scope="col">Created</th></tr></thead><tbody>{}</tbody></table></div>{}""",
                page.items().isEmpty() ? Html.of("<tr><td colspan=\"5\">No jobs yet.</td></tr>") : rows, more));
    }
}
