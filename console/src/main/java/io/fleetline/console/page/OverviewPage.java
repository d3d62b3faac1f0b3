package io.fleetline.console.page;

import io.fleetline.console.ConsoleServices;
import io.fleetline.console.html.Html;
import io.fleetline.console.live.PresenceLog;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobFilter;
import io.fleetline.jobs.job.JobStatus;
import io.fleetline.registry.group.ThingGroup;
import io.fleetline.registry.thing.ThingFilter;
import io.fleetline.registry.type.ThingType;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.cert.CertificateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The fleet at a glance: things, groups as a tree, types, devices connected now and over the last day, certificates
 * about to expire, jobs in progress. Counts stop at {@value #COUNT_CAP} (shown as "10000+"): the page stays fast on any
 * fleet, the exact numbers are for fleet indexing's aggregations.
 */
public final class OverviewPage {
    static final int COUNT_CAP = 10_000;
    static final int LISTED = 1_000;
    static final Duration EXPIRY_WINDOW = Duration.ofDays(30);

    /** What the page shows. */
    record View(String things, List<ThingGroup> groups, List<ThingType> types, long connectedNow, long[] lastDay,
                List<Certificate> expiring, List<Job> activeJobs) {
    }

    private OverviewPage() {
    }

    static View load(ConsoleServices services, PresenceLog presence) {
        int things = services.registry().things().list(ThingFilter.NONE, new PageRequest(COUNT_CAP + 1,
                Optional.empty())).items().size();
        List<ThingGroup> groups = services.registry().groups().list(Optional.empty(), "", true,
                new PageRequest(LISTED, Optional.empty())).items();
        List<ThingType> types = services.registry().types().list(Optional.empty(),
                new PageRequest(LISTED, Optional.empty())).items();
        Instant soon = services.clock().instant().plus(EXPIRY_WINDOW);
        List<Certificate> expiring = services.security().certificates().list(Optional.empty(),
                        new PageRequest(LISTED, Optional.empty()), true).items().stream()
                .filter(c -> c.status() == CertificateStatus.ACTIVE && c.notAfter().isBefore(soon))
                .sorted(Comparator.comparing(Certificate::notAfter)).toList();
        List<Job> active = services.jobs().jobs().list(new JobFilter(Optional.of(JobStatus.IN_PROGRESS),
                Optional.empty(), Optional.empty(), Optional.empty()), new PageRequest(20, Optional.empty())).items();
        return new View(things > COUNT_CAP ? COUNT_CAP + "+" : Integer.toString(things), groups, types,
                presence.connectedNow(), presence.lastDay(), expiring, active);
    }

    public static Html render(ConsoleServices services, PresenceLog presence, String csrf) {
        View view = load(services, presence);
        return Layout.page("Overview", csrf, Html.of("""
                <h1>Fleet overview</h1>
                <section class="cards" aria-label="Counts">
                <div class="card"><span class="number" id="things-count">{}</span> things</div>
                <div class="card"><span class="number" id="connected-count">{}</span> connected now</div>
                <div class="card"><span class="number">{}</span> thing groups</div>
                <div class="card"><span class="number">{}</span> thing types</div>
                <div class="card"><span class="number" id="expiring-count">{}</span> certificates expire within 30 days</div>
                </section>
                <section aria-labelledby="jobs-h"><h2 id="jobs-h">Jobs in progress</h2>{}
                <p><a href="/console/jobs">All jobs</a></p></section>
                <section aria-labelledby="groups-h"><h2 id="groups-h">Thing groups</h2>{}</section>
                <section aria-labelledby="types-h"><h2 id="types-h">Thing types</h2>{}</section>
                <section aria-labelledby="day-h"><h2 id="day-h">Connected devices, last 24 hours</h2>{}</section>
                <section aria-labelledby="certs-h"><h2 id="certs-h">Certificates expiring within 30 days</h2>{}</section>
                """, view.things(), view.connectedNow(), view.groups().size(), view.types().size(),
                view.expiring().size(), jobs(view.activeJobs()), tree(view.groups()), types(view.types()),
                day(view.lastDay(), services.clock().instant()), certificates(view.expiring())));
    }

    private static Html jobs(List<Job> jobs) {
        if (jobs.isEmpty()) {
            return Html.of("<p>None.</p>");
        }
        return Html.of("<ul>{}</ul>", jobs.stream().map(job -> Html.of("<li>{} — {}</li>", Layout.jobLink(job.jobId()),
                job.description().orElse(""))).toList());
    }

    /** The groups as nested lists, each under its parent (plain lists: a screen reader says the nesting). */
    static Html tree(List<ThingGroup> groups) {
        if (groups.isEmpty()) {
            return Html.of("<p>No thing groups.</p>");
        }
        Map<String, List<ThingGroup>> children = groups.stream().filter(g -> g.parentName().isPresent())
                .collect(Collectors.groupingBy(g -> g.parentName().get()));
        List<String> names = groups.stream().map(ThingGroup::name).toList();
        List<ThingGroup> roots = groups.stream()
                .filter(g -> g.parentName().isEmpty() || !names.contains(g.parentName().get())).toList();
        return Html.of("<ul class=\"tree\" aria-label=\"Thing groups\">{}</ul>", branch(roots, children));
    }

    private static List<Html> branch(List<ThingGroup> level, Map<String, List<ThingGroup>> children) {
        List<Html> items = new ArrayList<>();
        for (ThingGroup group : level) {
            List<ThingGroup> below = children.getOrDefault(group.name(), List.of());
            Html search = Html.of("<a href=\"/console/search?q={}\">{}</a>",
                    java.net.URLEncoder.encode("thingGroupNames:" + group.name(), java.nio.charset.StandardCharsets.UTF_8),
                    group.name());
            items.add(below.isEmpty() ? Html.of("<li>{}</li>", search)
                    : Html.of("<li>{}<ul>{}</ul></li>", search,
                    branch(below, children)));
        }
        return items;
    }

    private static Html types(List<ThingType> types) {
        if (types.isEmpty()) {
            return Html.of("<p>No thing types.</p>");
        }
        return Html.of("<ul>{}</ul>", types.stream().map(t -> Html.of("<li>{}{}</li>", t.name(),
                t.deprecationDate().isPresent() ? " (deprecated)" : "")).toList());
    }

    private static Html day(long[] peaks, Instant now) {
        long max = java.util.Arrays.stream(peaks).max().orElse(0);
        List<Html> rows = new ArrayList<>();
        for (int i = 0; i < peaks.length; i++) {
            long hoursAgo = peaks.length - 1 - i;
            long width = max == 0 ? 0 : Math.round(100.0 * peaks[i] / max);
            rows.add(Html.of("<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"bar\" aria-hidden=\"true\">"
                    + "<meter min=\"0\" max=\"100\" value=\"{}\"></meter></td></tr>",
                    hoursAgo == 0 ? "this hour" : hoursAgo + " h ago", peaks[i], width));
        }
        return Html.of("""
                <details><summary>Most devices connected at once, per hour (now: {})</summary>
                <table><thead><tr><th scope="col">Hour</th><th scope="col">Connected</th><th scope="col">
                <span class="visually-hidden">Bar</span></th></tr></thead><tbody>{}</tbody></table></details>""",
                Layout.time(now), rows);
    }

    private static Html certificates(List<Certificate> expiring) {
        if (expiring.isEmpty()) {
            return Html.of("<p>None.</p>");
        }
        return Html.of("""
                <table><thead><tr><th scope="col">Certificate</th><th scope="col">Expires</th></tr></thead>
                <tbody>{}</tbody></table>""", expiring.stream().map(c -> Html.of(
                "<tr><td><code>{}</code></td><td>{}</td></tr>", c.id(), Layout.time(c.notAfter()))).toList());
    }
}
