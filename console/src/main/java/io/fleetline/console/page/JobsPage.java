package io.fleetline.console.page;

import io.fleetline.console.ConsoleServices;
import io.fleetline.console.html.Html;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobFilter;
import io.fleetline.ota.update.OtaUpdate;
import io.fleetline.ota.update.OtaUpdates;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Jobs (those named {@code AFR_OTA-...} are the ones OTA updates made), a page at a time, and the OTA updates with
 * their own status.
 */
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
                <th scope="col">Targets</th><th scope="col">Created</th></tr></thead><tbody>{}</tbody></table></div>{}{}""",
                page.items().isEmpty() ? Html.of("<tr><td colspan=\"5\">No jobs yet.</td></tr>") : rows, more,
                services.ota().map(JobsPage::otaUpdates).orElse(Html.EMPTY)));
    }

    /** The OTA updates themselves: their own status (a creation that failed has no job) and the job each made. */
    private static Html otaUpdates(OtaUpdates ota) {
        Page<OtaUpdate> page = ota.list(Optional.empty(), PageRequest.of(PAGE, null, PAGE));
        if (page.items().isEmpty()) {
            return Html.EMPTY;
        }
        Html rows = Html.join(page.items().stream().map(update -> Html.of("""
                <tr><td>{}</td><td><span class="status">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>""",
                update.id(), update.status(), update.jobId().map(Layout::jobLink).orElse(Html.of("—")),
                Layout.time(update.createdAt()), update.errorInfo().map(e -> e.code() + ": " + e.message())
                        .orElse(""))).toList());
        return Html.of("""
                <h2>OTA updates</h2>
                <div class="scroll"><table id="ota-updates"><caption class="visually-hidden">OTA updates</caption>
                <thead><tr><th scope="col">OTA update</th><th scope="col">Status</th><th scope="col">Job</th>
                <th scope="col">Created</th><th scope="col">Error</th></tr></thead><tbody>{}</tbody></table></div>{}""",
                rows, page.nextToken().isPresent() ? Html.of("<p>The first {} OTA updates are shown.</p>", PAGE)
                        : Html.EMPTY);
    }
}
